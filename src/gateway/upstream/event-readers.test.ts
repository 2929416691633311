import { describe, expect, it } from 'vitest';
import { anthropicUsage, checkMessage, MessagesEventReader } from './anthropic-passthrough.js';
import { checkResponse, responseUsage, ResponsesEventReader } from './responses-passthrough.js';

describe('Anthropic answers read as they pass', () => {
  it('counts every input token (uncached, cache reads and writes) and reads output tokens', () => {
    expect(anthropicUsage({ usage: { input_tokens: 10, cache_read_input_tokens: 5, cache_creation_input_tokens: 2, output_tokens: 7 } })).toEqual({ promptTokens: 17, completionTokens: 7 });
    expect(anthropicUsage({ usage: { input_tokens: -1, output_tokens: 7 } })).toBeUndefined();
    expect(anthropicUsage({ usage: { input_tokens: '10', output_tokens: 7 } })).toBeUndefined();
    // an output count that is missing is unknown usage, never 0 output tokens
    expect(anthropicUsage({ usage: { input_tokens: 10 } })).toBeUndefined();
    expect(anthropicUsage({})).toBeUndefined();
  });

  it('checks the message shape', () => {
    expect(checkMessage({ type: 'message', content: [] })).toBeUndefined();
    expect(checkMessage({ type: 'error', error: {} })).toMatch(/not a message/);
    expect(checkMessage(null)).toMatch(/not an object/);
  });

  it('reads usage from message_start and message_delta (later values win), completes on message_stop', () => {
    const reader = new MessagesEventReader();
    reader.event('message_start', JSON.stringify({ type: 'message_start', message: { usage: { input_tokens: 43, output_tokens: 1 } } }));
    reader.event('content_block_delta', '{"type":"content_block_delta","delta":{"text":"x"}}');
    expect(reader.usage).toEqual({ promptTokens: 43, completionTokens: 1 });
    expect(reader.complete).toBe(false);
    reader.event('message_delta', JSON.stringify({ type: 'message_delta', usage: { input_tokens: 12, cache_read_input_tokens: 3, output_tokens: 30 } }));
    reader.event('message_stop', '{"type":"message_stop"}');
    expect(reader.usage).toEqual({ promptTokens: 15, completionTokens: 30 });
    expect(reader.complete).toBe(true);
    expect(reader.failure).toBeUndefined();
  });

  it('names an error event’s type and message, and never throws on malformed data', () => {
    const reader = new MessagesEventReader();
    reader.event('message_start', '{not json');
    expect(reader.usage).toBeUndefined();
    reader.event('error', JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    expect(reader.failure).toBe('overloaded_error: Overloaded');
    expect(reader.errorEvent(new Error('cut'))).toMatch(/^event: error\ndata: \{"type":"error","error":\{"type":"api_error"/);
  });
});

describe('Responses answers read as they pass', () => {
  it('reads usage and checks the response shape', () => {
    expect(responseUsage({ usage: { input_tokens: 34, output_tokens: 28 } })).toEqual({ promptTokens: 34, completionTokens: 28 });
    expect(responseUsage({ usage: null })).toBeUndefined();
    expect(responseUsage({ usage: { input_tokens: 34 } })).toBeUndefined();
    expect(checkResponse({ object: 'response', output: [] })).toBeUndefined();
    expect(checkResponse({ object: 'chat.completion', choices: [] })).toMatch(/not a response/);
  });

  it('completes on response.completed with its usage and hands the response on', () => {
    const finals: unknown[] = [];
    const reader = new ResponsesEventReader((response) => finals.push(response));
    reader.event('response.created', '{"type":"response.created","response":{"object":"response","output":[]}}');
    expect(reader.complete).toBe(false);
    const response = { id: 'resp_1', object: 'response', output: [], usage: { input_tokens: 5, output_tokens: 6 } };
    reader.event('response.completed', JSON.stringify({ type: 'response.completed', response }));
    expect(reader.complete).toBe(true);
    expect(reader.usage).toEqual({ promptTokens: 5, completionTokens: 6 });
    expect(finals).toEqual([response]);
  });

  it('a failed response or an error event is a failure, with its code and message', () => {
    const failed = new ResponsesEventReader();
    failed.event('response.failed', JSON.stringify({ type: 'response.failed', response: { error: { code: 'server_error', message: 'boom' } } }));
    expect(failed.failure).toBe('server_error: boom');
    const errored = new ResponsesEventReader();
    errored.event('error', JSON.stringify({ type: 'error', code: 'rate_limit_exceeded', message: 'slow down' }));
    expect(errored.failure).toBe('rate_limit_exceeded: slow down');
    expect(errored.errorEvent(new Error('cut'))).toMatch(/^event: error\ndata: \{"type":"error","sequence_number":1,"code":/);
  });
});
