import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../src/errors.js';
import { chatRequestSchema } from '../../src/gateway/request/chat-request.js';
import { responsesRequestSchema } from '../../src/gateway/surfaces/responses/responses-request.js';
import { ResponseIds, toResponseObject, type ResponseContext } from '../../src/gateway/surfaces/responses/responses-response.js';
import { ResponsesStreamWriter } from '../../src/gateway/surfaces/responses/responses-stream.js';
import { responsesToChat } from '../../src/gateway/surfaces/responses/responses-to-chat.js';
import { conversationOf, storedResponseOf, storedResponseSchema, type StoredResponse } from '../../src/gateway/surfaces/responses/stored-response.js';
import { chatMessageSchema } from '../../src/providers/chat-message.js';
import { parseChatCompletion } from '../../src/providers/openai-compatible/chat-stream-parts.js';
import { ServerSentEventDecoder } from '../../src/providers/sse.js';
import { readChunks, readJson } from '../helpers/fake-upstream.js';
import { FIXTURES, chatStreamBytes, partsOf } from './helpers.js';

const parse = (value: unknown) => responsesRequestSchema.parse(value);

function contextFor(request: unknown): ResponseContext {
  return { ids: new ResponseIds(), createdAt: 1_765_000_000, request: parse(request), model: 'open' };
}

describe('OpenAI Responses → Chat Completions request', () => {
  it('takes a string input with instructions and settings', () => {
    const chat = responsesToChat(
      parse({ model: 'gpt-5', input: 'Hi', instructions: 'Be brief.', max_output_tokens: 50, temperature: 0.3, top_p: 0.9, reasoning: { effort: 'low' }, user: 'u1', stream: true }),
    );
    expect(chat).toEqual({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 50,
      temperature: 0.3,
      top_p: 0.9,
      reasoning_effort: 'low',
      user: 'u1',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('turns items into messages: function calls join the assistant turn, outputs become tool messages', () => {
    const chat = responsesToChat(
      parse({
        model: 'm',
        input: [
          { role: 'developer', content: 'Use tools.' },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Rome and Paris?' }, { type: 'input_image', image_url: 'https://example.test/map.png', detail: 'low' }] },
          { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
          { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
          { type: 'function_call', id: 'fc_1', call_id: 'call_a', name: 'weather', arguments: '{"city":"Rome"}' },
          { type: 'function_call', id: 'fc_2', call_id: 'call_b', name: 'weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call_output', call_id: 'call_a', output: '21 °C' },
          { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: '18 °C' }] },
        ],
        tools: [{ type: 'function', name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true }],
        tool_choice: { type: 'function', name: 'weather' },
        parallel_tool_calls: false,
        text: { format: { type: 'json_schema', name: 'report', schema: { type: 'object' }, strict: true } },
      }),
    );
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Use tools.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Rome and Paris?' },
          { type: 'image_url', image_url: { url: 'https://example.test/map.png', detail: 'low' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '21 °C' },
      { role: 'tool', tool_call_id: 'call_b', content: '18 °C' },
    ]);
    expect(chat.tools).toEqual([
      { type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } },
    ]);
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'weather' } });
    expect(chat.parallel_tool_calls).toBe(false);
    expect(chat.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'report', schema: { type: 'object' }, strict: true } });
    expect(chatRequestSchema.safeParse(chat).success).toBe(true);
    expect(z.array(chatMessageSchema).safeParse(chat.messages).success).toBe(true);
  });

  it('refuses built-in tools, files by URL and a previous_response_id it cannot serve, naming the field', () => {
    /** The ValidationError the translation refuses the request with (undefined: accepted). */
    const refusal = (request: unknown): ValidationError | undefined => {
      try {
        responsesToChat(parse(request));
      } catch (error) {
        if (error instanceof ValidationError) return error;
        throw error;
      }
      return undefined;
    };
    const field = (request: unknown): string | undefined => {
      const error = refusal(request);
      return error === undefined ? 'accepted' : error.field;
    };
    expect(field({ model: 'm', input: 'x', tools: [{ type: 'web_search' }] })).toBe('tools[0].type');
    expect(field({ model: 'm', input: [{ type: 'web_search_call', id: 'ws_1' }] })).toBe('input[0].type');
    expect(field({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_url: 'https://example.test/a.pdf' }] }] })).toBe('input[0].content[0].file_url');
    expect(field({ model: 'm', input: 'x', previous_response_id: 'resp_1' })).toBe('previous_response_id');
    expect(field({ model: 'm', input: 'x', background: true })).toBe('background');
    expect(field({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] })).toBe('input[0].type');
    // a built-in tool's item is named as one; a type the Responses API does not have is not blamed on tools
    const message = (request: unknown): string => refusal(request)?.message ?? 'accepted';
    expect(message({ model: 'm', input: [{ type: 'computer_call_output', call_id: 'c' }] })).toMatch(/built-in tools/);
    expect(message({ model: 'm', input: [{ type: 'nope' }] })).toMatch(/"nope" is not an input item type this gateway knows \(message, function_call/);
  });

  it('validates items with the exact field', () => {
    const parsed = responsesRequestSchema.safeParse({ model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f' }] });
    expect(parsed.error?.issues[0]?.path).toEqual(['input', 0, 'arguments']);
    const badPart = responsesRequestSchema.safeParse({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_text' }] }] });
    expect(badPart.error?.issues[0]?.path).toEqual(['input', 0, 'content', 0, 'text']);
  });
});

describe('Chat Completions response → Responses response', () => {
  it('renders text, usage and the request’s settings', () => {
    const result = parseChatCompletion('local', JSON.stringify(readJson(new URL('openai/openai-text.json', FIXTURES))), 5);
    const response = toResponseObject(result, 'local', contextFor({ model: 'open', input: 'Hi', instructions: 'Be brief.' }));
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      incomplete_details: null,
      instructions: 'Be brief.',
      model: 'open',
      usage: { input_tokens: 16, input_tokens_details: { cached_tokens: 0 }, output_tokens: 363, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 379 },
    });
    expect(response.id).toMatch(/^resp_[0-9a-f]{16}[0-9a-z]{8,}$/);
    expect(response.output).toEqual([{ id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: result.text, annotations: [], logprobs: [] }] }]);
  });

  it('renders reasoning and function calls as items, a cut answer as incomplete', () => {
    const result = parseChatCompletion('local', JSON.stringify(readJson(new URL('openai-compatible/xai-tool-call.json', FIXTURES))), 5);
    const response = toResponseObject(result, 'local', contextFor({ model: 'open', input: 'Weather?' }));
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(response.output[1]).toMatchObject({ type: 'function_call', call_id: 'call_46427107', name: 'weather', arguments: '{"location":"San Francisco"}', status: 'completed' });
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(255);
    const cut = toResponseObject({ ...result, finishReason: 'length' }, 'local', contextFor({ model: 'open', input: 'x' }));
    expect(cut.status).toBe('incomplete');
    expect(cut.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(cut.output.at(-1)).toMatchObject({ status: 'incomplete' });
    const unknown = toResponseObject({ ...result, usage: { inputTokens: undefined, outputTokens: undefined } }, 'local', contextFor({ model: 'open', input: 'x' }));
    expect(unknown.usage).toBeNull();
  });
});

function eventsOf(text: string): Array<Record<string, unknown>> {
  return new ServerSentEventDecoder().push(text).map((event) => {
    const data = JSON.parse(event.data) as Record<string, unknown>;
    expect(data.type).toBe(event.event);
    return data;
  });
}

describe('Chat Completions stream → Responses events', () => {
  it('sends typed events with increasing sequence numbers and the keys the real API sends', () => {
    const writer = new ResponsesStreamWriter('local', contextFor({ model: 'open', input: 'Hi' }));
    const events = eventsOf(partsOf([chatStreamBytes('openai/openai-text.chunks.txt')]).map((part) => writer.write(part)).join(''));
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    const recorded = readChunks(new URL('openai-responses/openai-phase.1.chunks.txt', FIXTURES)).map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const real of recorded) {
      const ours = events.find((event) => event.type === real.type);
      expect(ours, String(real.type)).toBeDefined();
      expect(Object.keys(ours ?? {})).toEqual(expect.arrayContaining(Object.keys(real).filter((key) => key !== 'obfuscation')));
    }
  });

  it('streams function call arguments and ends with the whole response', () => {
    const writer = new ResponsesStreamWriter('local', contextFor({ model: 'open', input: 'Weather?' }));
    const events = eventsOf(partsOf([chatStreamBytes('deepseek/deepseek-tool-call.chunks.txt')]).map((part) => writer.write(part)).join(''));
    const args = events.filter((event) => event.type === 'response.function_call_arguments.delta').map((event) => event.delta as string);
    expect(JSON.parse(args.join(''))).toEqual({ location: 'San Francisco' });
    // (the recording's response.created/completed lines are cut short; only its function-call events are read)
    const recorded = readChunks(new URL('openai-responses/parallel-tool-call-wrapper.1.chunks.txt', FIXTURES))
      .filter((line) => line.includes('"response.function_call'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(recorded.map((event) => event.type)).toEqual(['response.function_call_arguments.delta', 'response.function_call_arguments.done']);
    for (const real of recorded) {
      const ours = events.find((event) => event.type === real.type);
      expect(Object.keys(ours ?? {})).toEqual(expect.arrayContaining(Object.keys(real)));
    }
    const completed = events.at(-1);
    expect(completed?.type).toBe('response.completed');
    expect((completed?.response as { output: Array<{ type: string }> }).output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
  });

  it('ends a failed stream with error and response.failed, as the API does', () => {
    const writer = new ResponsesStreamWriter('local', contextFor({ model: 'open', input: 'Hi' }));
    const bytes = chatStreamBytes('openai/openai-text.chunks.txt');
    const events = eventsOf(partsOf([bytes.subarray(0, 2500)]).map((part) => writer.write(part)).join(''));
    expect(events.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
    const recorded = readChunks(new URL('openai-responses/openai-error.1.chunks.txt', FIXTURES)).map((line) => JSON.parse(line) as Record<string, unknown>);
    const realError = recorded.find((event) => event.type === 'error') as Record<string, unknown>;
    expect(Object.keys(events.at(-2) ?? {})).toEqual(expect.arrayContaining(Object.keys(realError)));
    expect(Object.keys((events.at(-2)?.error ?? {}) as object)).toEqual(expect.arrayContaining(Object.keys(realError.error as object)));
    expect((events.at(-1)?.response as { status: string }).status).toBe('failed');
  });
});

describe('stored responses (previous_response_id)', () => {
  const stored = (id: string, previous: string | null, keyId: string | null, text: string, expiresAt: string | null = null): StoredResponse =>
    storedResponseSchema.parse(
      storedResponseOf({
        id,
        keyId,
        previousResponseId: previous,
        model: 'open',
        input: [{ role: 'user', content: `question ${text}` }],
        answer: { role: 'assistant', content: `answer ${text}` },
        response: { id },
        now: new Date('2026-12-07T10:00:00Z'),
        retentionMs: expiresAt === null ? undefined : 1000,
      }),
    );

  it('rebuilds the conversation oldest first and continues it', () => {
    const chain = [stored('resp_2', 'resp_1', 'key_a', 'two'), stored('resp_1', null, 'key_a', 'one')];
    const previous = conversationOf(chain, 'resp_2', 'key_a', new Date('2026-12-07T10:00:00Z'));
    expect(previous.map((message) => message.content)).toEqual(['question one', 'answer one', 'question two', 'answer two']);
    const chat = responsesToChat(parse({ model: 'm', input: 'three?', instructions: 'New rules.', previous_response_id: 'resp_2', store: true }), previous);
    expect(chat.messages.map((message) => message.content)).toEqual(['New rules.', 'question one', 'answer one', 'question two', 'answer two', 'three?']);
  });

  it('answers 404 for another key’s, a broken or an expired chain', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const chain = [stored('resp_2', 'resp_1', 'key_a', 'two'), stored('resp_1', null, 'key_a', 'one')];
    expect(() => conversationOf(chain, 'resp_2', 'key_b', now)).toThrow(NotFoundError);
    expect(() => conversationOf(chain.slice(0, 1), 'resp_2', 'key_a', now)).toThrow(NotFoundError);
    expect(() => conversationOf([], 'resp_2', 'key_a', now)).toThrow(NotFoundError);
    const expiring = [stored('resp_1', null, 'key_a', 'one', 'soon')];
    expect(conversationOf(expiring, 'resp_1', 'key_a', now)).toHaveLength(2);
    expect(() => conversationOf(expiring, 'resp_1', 'key_a', new Date(now.getTime() + 1000))).toThrow(NotFoundError);
  });
});
