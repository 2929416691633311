import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ProviderError, TimeoutError } from '../../src/errors.js';
import { type StreamPart, collectStream, createOpenAICompatible } from '../../src/providers/index.js';
import { type FakeUpstream, readChunks, readJson, reply, startFakeUpstream } from '../helpers/fake-upstream.js';

const fixture = (name: string) => new URL(`../fixtures/providers/${name}`, import.meta.url);
const ROUTE = 'POST /v1/chat/completions';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

function model(options: { timeoutMs?: number; includeStreamUsage?: boolean } = {}) {
  return createOpenAICompatible({ name: 'openai', baseURL: `${upstream.url}/v1`, apiKey: 'sk-test', ...options }).languageModel(
    'gpt-4.1-nano',
  );
}

async function drain(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

/** Recorded chunk payloads, parsed, to compute expectations from the fixture itself. */
function chunkDeltas(name: string): Array<{ content?: string | null }> {
  return readChunks(fixture(name)).map(
    (line) => (JSON.parse(line) as { choices: Array<{ delta: { content?: string | null } }> }).choices[0]?.delta ?? {},
  );
}

const weatherTool = {
  name: 'weather',
  description: 'Get the weather in a location',
  inputSchema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

describe('OpenAI-compatible chat completions', () => {
  it('generates text and reads usage from a recorded response', async () => {
    const recorded = readJson(fixture('openai/openai-text.json')) as {
      choices: Array<{ message: { content: string } }>;
    };
    upstream.on(ROUTE, reply.json(recorded));
    const result = await model().generate({
      messages: [
        { role: 'system', content: 'Be creative.' },
        { role: 'user', content: 'Invent a new holiday and describe its traditions.' },
      ],
      temperature: 0.5,
      maxTokens: 500,
      seed: 7,
      stop: ['END'],
    });
    expect(result.text).toBe(recorded.choices[0]?.message.content);
    expect(result.usage).toMatchObject({ inputTokens: 16, outputTokens: 363, cachedInputTokens: 0, reasoningTokens: 0 });
    expect(result.finishReason).toBe('stop');
    expect(result.responseId).toBe('chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);

    const [request] = upstream.requests;
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.json).toEqual({
      model: 'gpt-4.1-nano',
      messages: [
        { role: 'system', content: 'Be creative.' },
        { role: 'user', content: 'Invent a new holiday and describe its traditions.' },
      ],
      temperature: 0.5,
      max_tokens: 500,
      seed: 7,
      stop: ['END'],
    });
  });

  it('streams text deltas, asks for usage, and reports usage from the final chunk', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('openai/openai-text.chunks.txt'))));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'Invent a holiday.' }] }));
    const expectedText = chunkDeltas('openai/openai-text.chunks.txt')
      .map((delta) => delta.content ?? '')
      .join('');
    const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
    expect(text).toBe(expectedText);
    const finish = parts.at(-1);
    expect(finish).toMatchObject({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 16, outputTokens: 300 } });
    expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
    expect(upstream.requests[0]?.json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(upstream.requests[0]?.headers.accept).toBe('text/event-stream');
  });

  it('reads counts a server did not send, or could not have counted, as unknown: no usage, Ollama’s 0-token prompt and missing eval_count', async () => {
    const answer = (content: string, usage?: Record<string, number>) => ({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 0,
      model: 'qwen2.5:7b',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      ...(usage === undefined ? {} : { usage }),
    });
    const ask = async () => (await model().generate({ messages: [{ role: 'user', content: 'What is 2 + 2?' }] })).usage;
    upstream.on(ROUTE, reply.json(answer('4')));
    expect(await ask()).toEqual({ inputTokens: undefined, outputTokens: undefined });
    // Ollama answering from its prompt cache sends prompt_tokens 0 (ollama/ollama#5370), and 0 for a missing eval_count
    upstream.reset();
    upstream.on(ROUTE, reply.json(answer('4', { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 })));
    expect(await ask()).toEqual({ inputTokens: undefined, outputTokens: undefined });
    // an empty answer can have 0 output tokens: that count stands
    upstream.reset();
    upstream.on(ROUTE, reply.json(answer('', { prompt_tokens: 14, completion_tokens: 0, total_tokens: 14 })));
    expect(await ask()).toEqual({ inputTokens: 14, outputTokens: 0 });
    // streamed: the same reading of the last chunk's usage
    upstream.reset();
    const chunk = (delta: Record<string, string>, finish: string | null, usage?: Record<string, number>) =>
      JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion.chunk', model: 'qwen2.5:7b', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) });
    upstream.on(ROUTE, reply.sse([chunk({ role: 'assistant', content: '4' }, null), chunk({}, 'stop', { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }), '[DONE]']));
    const streamed = await collectStream(model().stream({ messages: [{ role: 'user', content: 'What is 2 + 2?' }] }));
    expect(streamed.text).toBe('4');
    expect(streamed.usage).toEqual({ inputTokens: undefined, outputTokens: undefined });
  });

  it('omits stream_options for hosts that reject it and still takes usage from the last chunk', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('mistral/mistral-text.chunks.txt'))));
    const result = await collectStream(model({ includeStreamUsage: false }).stream({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(result.text).toBe('Hello, world! This is a test response.');
    expect(result.usage).toEqual({ inputTokens: 13, outputTokens: 8 });
    expect(upstream.requests[0]?.json).not.toHaveProperty('stream_options');
  });

  it('sends tools in the wire shape and returns the tool call (xAI recording)', async () => {
    upstream.on(ROUTE, reply.json(readJson(fixture('openai-compatible/xai-tool-call.json'))));
    const result = await model().generate({
      messages: [{ role: 'user', content: 'What is the weather in San Francisco?' }],
      tools: [weatherTool],
      toolChoice: 'required',
    });
    expect(result.toolCalls).toEqual([{ toolCallId: 'call_46427107', toolName: 'weather', input: '{"location":"San Francisco"}' }]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.reasoning).toContain('weather');
    expect(result.usage).toMatchObject({ inputTokens: 307, outputTokens: 26, reasoningTokens: 255, cachedInputTokens: 244 });
    expect(upstream.requests[0]?.json).toMatchObject({
      tools: [{ type: 'function', function: { name: 'weather', description: weatherTool.description, parameters: weatherTool.inputSchema } }],
      tool_choice: 'required',
    });
  });

  it('assembles streamed tool-call arguments and reasoning (DeepSeek recording)', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('deepseek/deepseek-tool-call.chunks.txt'))));
    const parts = await drain(
      model().stream({
        messages: [{ role: 'user', content: 'Weather in San Francisco?' }],
        tools: [weatherTool],
        toolChoice: { type: 'tool', toolName: 'weather' },
      }),
    );
    const calls = parts.filter((part) => part.type === 'tool-call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ toolName: 'weather' });
    expect(JSON.parse(calls[0]?.type === 'tool-call' ? calls[0].input : 'null')).toEqual({ location: 'San Francisco' });
    const deltas = parts.flatMap((part) => (part.type === 'tool-call-delta' ? [part.inputTextDelta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(calls[0]?.type === 'tool-call' ? calls[0].input : '');
    expect(parts.some((part) => part.type === 'reasoning-delta')).toBe(true);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 339, outputTokens: 83, reasoningTokens: 39 } });
    expect(upstream.requests[0]?.json).toMatchObject({ tool_choice: { type: 'function', function: { name: 'weather' } } });
  });

  it('handles tool-call deltas without an index (Mistral) and in one chunk (Groq)', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('mistral/mistral-tool-call.chunks.txt'))));
    const mistral = await collectStream(model().stream({ messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] }));
    expect(mistral.toolCalls).toEqual([{ toolCallId: 'gSIMJiOkT', toolName: 'weather', input: '{"location": "San Francisco"}' }]);
    expect(mistral.usage).toEqual({ inputTokens: 124, outputTokens: 22 });

    upstream.on(ROUTE, reply.sse(readChunks(fixture('groq/groq-tool-call.chunks.txt'))));
    const groq = await collectStream(model().stream({ messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] }));
    expect(groq.toolCalls).toEqual([{ toolCallId: 'tk85n1k4m', toolName: 'weather', input: '{}' }]);
    expect(groq.finishReason).toBe('tool-calls');
    expect(groq.usage).toEqual({ inputTokens: 210, outputTokens: 15 });
  });

  it('sends a json_schema response format generated from zod', async () => {
    upstream.on(ROUTE, reply.json(readJson(fixture('mistral/mistral-text.json'))));
    const schema = z.toJSONSchema(z.object({ name: z.string(), date: z.string() }));
    await model().generate({
      messages: [{ role: 'user', content: 'Invent a holiday as JSON.' }],
      responseFormat: { type: 'json', name: 'holiday', schema, strict: true },
    });
    expect(upstream.requests[0]?.json).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'holiday', schema, strict: true } },
    });
    upstream.reset();
    upstream.on(ROUTE, reply.json(readJson(fixture('mistral/mistral-text.json'))));
    await model().generate({ messages: [{ role: 'user', content: 'JSON please' }], responseFormat: { type: 'json' } });
    expect(upstream.requests[0]?.json).toMatchObject({ response_format: { type: 'json_object' } });
  });

  it('converts images, assistant tool calls and tool results to the wire shape', async () => {
    upstream.on(ROUTE, reply.json(readJson(fixture('mistral/mistral-text.json'))));
    await model().generate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this image?' },
            { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"location":"Paris"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'weather', output: 'sunny' }] },
      ],
    });
    expect((upstream.requests[0]?.json as { messages: unknown }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this image?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ]);
  });
});

describe('OpenAI-compatible failures', () => {
  it('turns an OpenAI error body into a non-retryable ProviderError with its message', async () => {
    upstream.on(ROUTE, reply.error(400, readJson(fixture('openai/reasoning-model-legacy-parameter-error.json'))));
    const error = await model()
      .generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 10 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400, isRetryable: false, provider: 'openai' });
    expect((error as ProviderError).message).toContain("Unsupported parameter: 'max_tokens'");
  });

  it('marks 5xx as retryable, and rejects a stream before its first part on an HTTP error', async () => {
    upstream.on(ROUTE, reply.error(503, { error: { message: 'overloaded' } }));
    const iterator = model().stream({ messages: [{ role: 'user', content: 'hi' }] })[Symbol.asyncIterator]();
    const error = await iterator.next().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503, isRetryable: true });
  });

  it('reports a malformed JSON body clearly', async () => {
    upstream.on(ROUTE, reply.malformedJson());
    const error = await model()
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/response body is not valid JSON/);
  });

  it('reports a body of the wrong shape with the path of the problem', async () => {
    upstream.on(ROUTE, reply.json({ id: 'x', choices: 'none' }));
    const error = await model()
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/unexpected shape at choices/);
  });

  it('turns a malformed stream chunk into a final error part', async () => {
    const lines = readChunks(fixture('mistral/mistral-text.chunks.txt'));
    upstream.on(ROUTE, reply.sse([...lines.slice(0, 3), '{"id": "broken", "choices": [', ...lines.slice(3)]));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(0);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' ? last.error.message : '').toMatch(/stream chunk is not valid JSON/);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it.each(['end', 'reset', 'partial'] as const)('ends an SSE stream cut midway (%s) with an error part', async (how) => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('mistral/mistral-text.chunks.txt')), { cut: { after: 4, how } }));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'hi' }] }));
    const texts = parts.filter((part) => part.type === 'text-delta');
    const sent = chunkDeltas('mistral/mistral-text.chunks.txt').slice(0, 4);
    expect(texts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('')).toBe(
      sent.map((delta) => delta.content ?? '').join(''),
    );
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' ? last.error : undefined).toBeInstanceOf(ProviderError);
    expect(last?.type === 'error' ? (last.error as ProviderError).isRetryable : false).toBe(true);
  });

  it('passes an error reported inside the stream through as an error part', async () => {
    upstream.on(ROUTE, reply.sse([readChunks(fixture('mistral/mistral-text.chunks.txt'))[1] ?? '', '{"error":{"message":"upstream model crashed","code":502}}']));
    const parts = await drain(model().stream({ messages: [{ role: 'user', content: 'hi' }] }));
    const last = parts.at(-1);
    expect(last?.type === 'error' ? last.error.message : '').toContain('upstream model crashed');
  });

  it('times out a request that gets no answer and closes the upstream connection', async () => {
    upstream.on(ROUTE, reply.hang());
    const error = await model({ timeoutMs: 100 })
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    await vi.waitFor(() => expect(upstream.clientAborts).toBe(1));
  });

  it('times out a stream that stalls after it started', async () => {
    const lines = readChunks(fixture('mistral/mistral-text.chunks.txt'));
    upstream.on(ROUTE, reply.sse(lines, { intervalMs: 400 }));
    const parts = await drain(model({ timeoutMs: 100 }).stream({ messages: [{ role: 'user', content: 'hi' }] }));
    const last = parts.at(-1);
    expect(last?.type === 'error' ? last.error : undefined).toBeInstanceOf(TimeoutError);
  });

  it('cancels the upstream request when the caller aborts generate', async () => {
    upstream.on(ROUTE, reply.hang());
    const controller = new AbortController();
    const pending = model().generate({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    await vi.waitFor(() => expect(upstream.count(ROUTE)).toBe(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await vi.waitFor(() => expect(upstream.clientAborts).toBe(1));
  });

  it('cancels the upstream stream when the caller aborts mid-stream', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('openai/openai-text.chunks.txt')), { intervalMs: 20 }));
    const controller = new AbortController();
    const seen: StreamPart[] = [];
    const consume = async () => {
      for await (const part of model().stream({ messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal })) {
        seen.push(part);
        if (seen.length === 2) controller.abort();
      }
    };
    await expect(consume()).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(2);
    await vi.waitFor(() => expect(upstream.clientAborts).toBe(1));
  });

  it('cancels the upstream stream when the consumer stops early', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('openai/openai-text.chunks.txt')), { intervalMs: 20 }));
    for await (const part of model().stream({ messages: [{ role: 'user', content: 'hi' }] })) {
      if (part.type === 'text-delta') break;
    }
    await vi.waitFor(() => expect(upstream.clientAborts).toBe(1));
  });

  it('sends every call through a custom fetch when one is given', async () => {
    upstream.on(ROUTE, reply.json(readJson(fixture('mistral/mistral-text.json'))));
    const seen: string[] = [];
    const provider = createOpenAICompatible({
      name: 'proxied',
      baseURL: `${upstream.url}/v1`,
      headers: { 'x-team': 'parity' },
      fetch: (url, init) => {
        seen.push(`${init.method} ${url}`);
        return fetch(url, init);
      },
    });
    const result = await provider.languageModel('m').generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(result.usage).toEqual({ inputTokens: 13, outputTokens: 434 });
    expect(seen).toEqual([`POST ${upstream.url}/v1/chat/completions`]);
    expect(upstream.requests[0]?.headers['x-team']).toBe('parity');
  });

  it('maps a refused connection to a retryable ProviderError', async () => {
    const closed = await startFakeUpstream();
    const url = closed.url;
    await closed.close();
    const error = await createOpenAICompatible({ name: 'local', baseURL: `${url}/v1` })
      .languageModel('m')
      .generate({ messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ isRetryable: true, status: undefined });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
