import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../src/errors.js';
import { type StreamPart, collectStream, createGoogle } from '../../src/providers/index.js';
import { type FakeUpstream, readChunks, readJson, reply, startFakeUpstream } from '../helpers/fake-upstream.js';

const fixture = (name: string) => new URL(`../fixtures/providers/google/${name}`, import.meta.url);
const MODEL = 'gemini-3-pro-preview';
const GENERATE = `POST /v1beta/models/${MODEL}:generateContent`;
const STREAM = `POST /v1beta/models/${MODEL}:streamGenerateContent`;

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

const model = () => createGoogle({ baseURL: `${upstream.url}/v1beta`, apiKey: 'goog-test' }).languageModel(MODEL);

async function drain(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

const weatherTool = {
  name: 'weather',
  description: 'Get the weather',
  inputSchema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

describe('Google Gemini', () => {
  it('generates text, counting thoughts as output tokens, and sends the wire shape', async () => {
    const recorded = readJson(fixture('google-text.json')) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> };
    upstream.on(GENERATE, reply.json(recorded));
    const result = await model().generate({
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'How many r are in strawberry?' },
      ],
      temperature: 0,
      maxTokens: 1000,
      stop: ['###'],
      seed: 11,
    });
    expect(result.text).toBe(recorded.candidates[0]?.content.parts[0]?.text);
    expect(result.usage).toEqual({ inputTokens: 9, outputTokens: 28 + 244, reasoningTokens: 244 });
    expect(result.finishReason).toBe('stop');
    expect(result.responseId).toBe('Un6LacrVMcjUxs0PmJfWoQc');
    expect(result.responseModelId).toBe('gemini-3-pro-preview');

    const [request] = upstream.requests;
    expect(request?.headers['x-goog-api-key']).toBe('goog-test');
    expect(request?.search).toBe('');
    expect(request?.json).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'How many r are in strawberry?' }] }],
      systemInstruction: { parts: [{ text: 'Answer briefly.' }] },
      generationConfig: { temperature: 0, maxOutputTokens: 1000, stopSequences: ['###'], seed: 11 },
    });
  });

  it('streams text over alt=sse', async () => {
    upstream.on(STREAM, reply.sse(readChunks(fixture('google-text.chunks.txt')), { format: 'data' }));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'strawberry?' }] }));
    const expected = readChunks(fixture('google-text.chunks.txt'))
      .map((line) => (JSON.parse(line) as { candidates: Array<{ content: { parts: Array<{ text?: string }> } }> }).candidates[0]?.content.parts)
      .flatMap((parts) => parts ?? [])
      .map((part) => part.text ?? '')
      .join('');
    expect(parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('')).toBe(expected);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 23 + 185 } });
    expect(upstream.requests[0]?.search).toBe('?alt=sse');
  });

  it('returns a function call and sends tools with a JSON schema', async () => {
    upstream.on(GENERATE, reply.json(readJson(fixture('google-tool-call.json'))));
    const result = await model().generate({
      messages: [{ role: 'user', content: 'Weather in San Francisco?' }],
      tools: [weatherTool],
      toolChoice: { type: 'tool', toolName: 'weather' },
    });
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ toolName: 'weather' });
    expect(JSON.parse(result.toolCalls[0]?.input ?? '')).toEqual({ location: 'San Francisco' });
    expect(result.finishReason).toBe('tool-calls');
    expect(upstream.requests[0]?.json).toMatchObject({
      tools: [{ functionDeclarations: [{ name: 'weather', description: 'Get the weather', parametersJsonSchema: weatherTool.inputSchema }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } },
    });
  });

  it('streams a function call', async () => {
    upstream.on(STREAM, reply.sse(readChunks(fixture('google-tool-call.chunks.txt')), { format: 'data' }));
    const result = await collectStream(model().stream({ messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] }));
    expect(result.toolCalls.map((call) => [call.toolName, JSON.parse(call.input)])).toEqual([['weather', { location: 'San Francisco' }]]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.usage).toMatchObject({ inputTokens: 29, outputTokens: 15 + 45 });
  });

  it('rebuilds function-call arguments streamed by JSON path', async () => {
    upstream.on(STREAM, reply.sse(readChunks(fixture('google-stream-tool-call-arguments.chunks.txt')), { format: 'data' }));
    const result = await collectStream(model().stream({ messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] }));
    expect(result.toolCalls.map((call) => [call.toolName, JSON.parse(call.input)])).toEqual([
      ['getWeather', { location: 'Boston' }],
      ['getWeather', { location: 'San Francisco' }],
    ]);
    expect(new Set(result.toolCalls.map((call) => call.toolCallId)).size).toBe(2);
    expect(result.usage).toEqual({ inputTokens: 26, outputTokens: 23 + 132, reasoningTokens: 132 });
  });

  it('sends JSON mode with responseJsonSchema, images and function responses', async () => {
    upstream.on(GENERATE, reply.json(readJson(fixture('google-text.json'))));
    const schema = z.toJSONSchema(z.object({ count: z.number() }));
    await model().generate({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Count' }, { type: 'image', url: 'data:image/png;base64,AAAA' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'weather', input: '{"location":"Rome"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', toolName: 'weather', output: 'hot' }] },
      ],
      responseFormat: { type: 'json', schema },
    });
    expect(upstream.requests[0]?.json).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Count' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }] },
        { role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'Rome' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { name: 'weather', content: 'hot' } } }] },
      ],
      generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema },
    });
  });

  it('reads the retry delay from a 429 RetryInfo body', async () => {
    upstream.on(GENERATE, reply.error(429, readJson(fixture('google-429-retry-info.json'))));
    const error = await model()
      .generate({ messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 429, isRetryable: true, retryAfterMs: 34_400 });
    expect((error as Error).message).toContain('You exceeded your current quota');
  });

  it('ends a stream cut before any finishReason with an error part', async () => {
    upstream.on(STREAM, reply.sse(readChunks(fixture('google-text.chunks.txt')), { format: 'data', cut: { after: 2, how: 'reset' } }));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'x' }] }));
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(2);
    expect(parts.at(-1)?.type).toBe('error');
  });
});
