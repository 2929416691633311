import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../src/errors.js';
import { type StreamPart, collectStream, createAnthropic } from '../../src/providers/index.js';
import { type FakeUpstream, readChunks, readJson, reply, startFakeUpstream } from '../helpers/fake-upstream.js';

const fixture = (name: string) => new URL(`../fixtures/providers/anthropic/${name}`, import.meta.url);
const ROUTE = 'POST /v1/messages';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

const model = () => createAnthropic({ baseURL: `${upstream.url}/v1`, apiKey: 'sk-ant-test' }).languageModel('claude-sonnet-4-5');

async function drain(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

const textOf = (parts: StreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');

/** The text deltas in a recorded stream, read straight from the fixture. */
function recordedText(name: string): string {
  return readChunks(fixture(name))
    .map((line) => JSON.parse(line) as { type: string; delta?: { type?: string; text?: string } })
    .filter((event) => event.type === 'content_block_delta' && event.delta?.type === 'text_delta')
    .map((event) => event.delta?.text ?? '')
    .join('');
}

describe('Anthropic Messages', () => {
  it('generates text and sends the Messages wire shape', async () => {
    const recorded = readJson(fixture('anthropic-text.json')) as { content: Array<{ text: string }> };
    upstream.on(ROUTE, reply.json(recorded));
    const result = await model().generate({
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'Hello, how are you?' },
      ],
      temperature: 0.2,
      stop: ['\n\nHuman:'],
      seed: 3,
    });
    expect(result.text).toBe(recorded.content[0]?.text);
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 29, cachedInputTokens: 0 });
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('end_turn');
    expect(result.responseId).toBe('msg_01VdEjxAP5ahtHKrrRdNBteQ');
    expect(result.warnings).toEqual([expect.stringContaining('seed')]);

    const [request] = upstream.requests;
    expect(request?.headers['x-api-key']).toBe('sk-ant-test');
    expect(request?.headers['anthropic-version']).toBe('2023-06-01');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.json).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'Be kind.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, how are you?' }] }],
      temperature: 0.2,
      stop_sequences: ['\n\nHuman:'],
    });
  });

  it('streams text and reads usage from message_start and message_delta', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('anthropic-text.chunks.txt')), { format: 'anthropic' }));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'Hello' }], maxTokens: 100 }));
    expect(textOf(parts)).toBe(recordedText('anthropic-text.chunks.txt'));
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: 'stop',
      responseId: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
      usage: { inputTokens: 12, outputTokens: 30 },
    });
    expect(upstream.requests[0]?.json).toMatchObject({ stream: true, max_tokens: 100 });
  });

  it('takes input tokens from message_delta when it reports them', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('anthropic-message-delta-input-tokens.chunks.txt')), { format: 'anthropic' }));
    const result = await collectStream(model().stream({ messages: [{ role: 'user', content: 'ping' }] }));
    expect(result.text).toBe('pong');
    expect(result.usage).toEqual({ inputTokens: 61, outputTokens: 2 });
  });

  it('streams a tool call without arguments after text', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('anthropic-tool-no-args.chunks.txt')), { format: 'anthropic' }));
    const result = await collectStream(
      model().stream({
        messages: [{ role: 'user', content: 'Update the issue list' }],
        tools: [{ name: 'updateIssueList', inputSchema: { type: 'object', properties: {} } }],
        toolChoice: 'required',
      }),
    );
    expect(result.text).toBe(recordedText('anthropic-tool-no-args.chunks.txt'));
    expect(result.toolCalls).toEqual([{ toolCallId: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', toolName: 'updateIssueList', input: '{}' }]);
    expect(result.finishReason).toBe('tool-calls');
    expect(upstream.requests[0]?.json).toMatchObject({
      tools: [{ name: 'updateIssueList', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'any' },
    });
  });

  it('answers a JSON request through a forced tool and returns the JSON as text (stream and not)', async () => {
    const schema = z.toJSONSchema(
      z.object({ elements: z.array(z.object({ location: z.string(), temperature: z.number(), condition: z.string() })) }),
    );
    upstream.on(ROUTE, reply.sse(readChunks(fixture('anthropic-json-tool.1.chunks.txt')), { format: 'anthropic' }));
    const streamed = await collectStream(
      model().stream({ messages: [{ role: 'user', content: 'Weather as JSON' }], responseFormat: { type: 'json', schema } }),
    );
    expect(JSON.parse(streamed.text)).toEqual({ elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] });
    expect(streamed.toolCalls).toEqual([]);
    expect(streamed.finishReason).toBe('stop');
    expect(streamed.usage).toEqual({ inputTokens: 849, outputTokens: 47, cachedInputTokens: 0 });
    expect(upstream.requests[0]?.json).toMatchObject({
      tools: [{ name: 'json', input_schema: schema }],
      tool_choice: { type: 'tool', name: 'json' },
    });

    const recorded = readJson(fixture('anthropic-json-tool.1.json')) as { content: Array<{ input: unknown }> };
    upstream.on(ROUTE, reply.json(recorded));
    const generated = await model().generate({ messages: [{ role: 'user', content: 'x' }], responseFormat: { type: 'json', schema } });
    expect(JSON.parse(generated.text)).toEqual(recorded.content[0]?.input);
    expect(generated.finishReason).toBe('stop');
  });

  it('reports a refusal as a content-filter finish', async () => {
    upstream.on(ROUTE, reply.json(readJson(fixture('anthropic-refusal.json'))));
    const generated = await model().generate({ messages: [{ role: 'user', content: 'x' }] });
    expect(generated).toMatchObject({ text: '', finishReason: 'content-filter', rawFinishReason: 'refusal' });

    upstream.on(ROUTE, reply.sse(readChunks(fixture('anthropic-refusal.chunks.txt')), { format: 'anthropic' }));
    const streamed = await collectStream(model().stream({ messages: [{ role: 'user', content: 'x' }] }));
    expect(streamed).toMatchObject({ text: '', finishReason: 'content-filter', usage: { inputTokens: 18, outputTokens: 5 } });
  });

  it('sends images, tool calls and tool results as content blocks, merging turns', async () => {
    upstream.on(ROUTE, reply.json(readJson(fixture('anthropic-text.json'))));
    await model().generate({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't1', toolName: 'weather', input: '{"location":"Paris"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', toolName: 'weather', output: 'rain', isError: false }] },
        { role: 'user', content: 'And tomorrow?' },
      ],
    });
    expect((upstream.requests[0]?.json as { messages: unknown }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'weather', input: { location: 'Paris' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'rain' },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('maps an Anthropic error body and an overloaded status', async () => {
    upstream.on(
      ROUTE,
      reply.error(400, { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: must be positive' } }),
    );
    const invalid = await model()
      .generate({ messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(ProviderError);
    expect(invalid).toMatchObject({ status: 400, isRetryable: false });
    expect((invalid as Error).message).toContain('max_tokens: must be positive (invalid_request_error)');

    upstream.on(ROUTE, reply.error(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    const overloaded = await model()
      .generate({ messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(overloaded).toMatchObject({ status: 529, isRetryable: true });
  });

  it('turns an error event mid-stream into an error part', async () => {
    const lines = readChunks(fixture('anthropic-text.chunks.txt')).slice(0, 4);
    lines.push('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}');
    upstream.on(ROUTE, reply.sse(lines, { format: 'anthropic' }));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'x' }] }));
    expect(textOf(parts)).toBe('Hello');
    const last = parts.at(-1);
    expect(last?.type === 'error' ? last.error : undefined).toMatchObject({ isRetryable: true });
  });

  it('ends a stream cut before message_stop with an error part', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('anthropic-text.chunks.txt')), { format: 'anthropic', cut: { after: 6, how: 'end' } }));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'x' }] }));
    expect(parts.some((part) => part.type === 'text-delta')).toBe(true);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' ? last.error.message : '').toContain('message_stop');
  });

  it('rejects a conversation whose tool-call input is not JSON before sending it', async () => {
    upstream.on(ROUTE, reply.json(readJson(fixture('anthropic-text.json'))));
    await expect(
      model().generate({
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 't', toolName: 'f', input: '{oops' }] },
        ],
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    expect(upstream.count()).toBe(0);
  });
});
