/**
 * Native pass-through: `/v1/messages` to an Anthropic upstream (`kind: anthropic`) and `/v1/responses` to an
 * upstream that serves the Responses API (`responses: true`), against a fake upstream on 127.0.0.1 replaying
 * recorded Anthropic and OpenAI Responses answers, with the official SDKs as clients. The upstream gets the
 * client's request with the target's model and the upstream's own key; the client gets the upstream's answer;
 * usage (so costs, budgets and the log) is read off the answer, streamed or not.
 */
import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readChunks, readJson, reply } from '../helpers/fake-upstream.js';
import { startHarness, textResponse, type Harness } from '../gateway/harness.js';
import { FIXTURES } from './helpers.js';

const PRICES = { inputPerMtok: 3, outputPerMtok: 15 };
const anthropicFixture = (name: string): URL => new URL(`anthropic/${name}`, FIXTURES);
const responsesFixture = (name: string): URL => new URL(`openai-responses/${name}`, FIXTURES);

/** The usage a recorded Messages stream reports: message_start, then message_delta's (later values win). */
function streamUsage(lines: readonly string[]): { input: number; output: number } {
  let input = 0;
  let output = 0;
  for (const line of lines) {
    const event = JSON.parse(line) as { type: string; message?: { usage?: Record<string, number> }; usage?: Record<string, number> };
    const usage = event.type === 'message_start' ? event.message?.usage : event.type === 'message_delta' ? event.usage : undefined;
    if (usage === undefined) continue;
    if (usage.input_tokens !== undefined) input = usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
    if (usage.output_tokens !== undefined) output = usage.output_tokens;
  }
  return { input, output };
}

let harness: Harness;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  harness = await startHarness(
    ([url]) => ({
      auth: { required: false },
      upstreams: {
        claude: { kind: 'anthropic', baseUrl: url as string, apiKeyEnv: 'UPSTREAM_ANTHROPIC_KEY', timeoutMs: 2_000, prices: { 'claude-test': PRICES } },
        native: { baseUrl: url as string, responses: true, timeoutMs: 2_000, prices: { 'gpt-test': PRICES } },
      },
      models: { claude: 'claude/claude-test', native: 'native/gpt-test' },
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      logging: { bodies: false, batchSize: 50, flushIntervalMs: 50 },
    }),
    { env: { UPSTREAM_ANTHROPIC_KEY: 'sk-ant-upstream' } },
  );
  anthropic = new Anthropic({ baseURL: harness.url, apiKey: 'sk-ant-client', maxRetries: 0 });
  openai = harness.client('sk-client');
}, 30_000);
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.upstreams[0]?.reset();
});

const upstream = () => {
  const fake = harness.upstreams[0];
  if (fake === undefined) throw new Error('no upstream');
  return fake;
};

async function lastLog() {
  const logs = await harness.logs();
  const entry = logs.at(-1);
  if (entry === undefined) throw new Error('no log entry');
  return entry;
}

describe('/v1/messages passed through to an Anthropic upstream', () => {
  it('sends the client’s request with the upstream’s key and answers with the upstream’s message; usage is booked', async () => {
    const recorded = readJson(anthropicFixture('anthropic-text.json')) as { content: unknown; usage: { input_tokens: number; output_tokens: number } };
    upstream().on('POST /v1/messages', reply.json(recorded));
    const message = await anthropic.messages.create({ model: 'claude', max_tokens: 100, system: 'Be kind.', messages: [{ role: 'user', content: 'How are you?' }], metadata: { user_id: 'u-1' } });
    expect(message.content).toEqual(recorded.content);
    const sent = upstream().requests.at(-1);
    expect(sent?.headers['x-api-key']).toBe('sk-ant-upstream');
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.json).toEqual({ model: 'claude-test', max_tokens: 100, system: 'Be kind.', messages: [{ role: 'user', content: 'How are you?' }], metadata: { user_id: 'u-1' } });
    const entry = await lastLog();
    expect(entry).toMatchObject({ upstream: 'claude', model: 'claude-test', status: 200, inputTokens: recorded.usage.input_tokens, outputTokens: recorded.usage.output_tokens });
    expect(entry.costUsd).toBeCloseTo((recorded.usage.input_tokens * 3 + recorded.usage.output_tokens * 15) / 1e6, 12);
  });

  it('passes tools through and the tool_use answer back', async () => {
    const recorded = readJson(anthropicFixture('anthropic-json-tool.1.json')) as { content: unknown; stop_reason: string };
    upstream().on('POST /v1/messages', reply.json(recorded));
    const tools = [{ name: 'json', description: 'Respond with a JSON object.', input_schema: { type: 'object' as const, properties: { elements: { type: 'array' } } } }];
    const request = { max_tokens: 500, tools, tool_choice: { type: 'tool' as const, name: 'json' }, messages: [{ role: 'user' as const, content: 'Weather?' }], metadata: { user_id: 'u-2' } };
    const message = await anthropic.messages.create({ model: 'claude', ...request }, { headers: { 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14' } });
    expect(upstream().requests.at(-1)?.headers['anthropic-beta']).toBe('fine-grained-tool-streaming-2025-05-14');
    expect(upstream().requests.at(-1)?.headers['x-api-key']).toBe('sk-ant-upstream');
    expect(message.content).toEqual(recorded.content);
    expect(message.stop_reason).toBe(recorded.stop_reason);
    expect(upstream().requests.at(-1)?.json).toEqual({ model: 'claude-test', ...request });
  });

  for (const name of ['anthropic-text.chunks.txt', 'anthropic-tool-no-args.chunks.txt', 'anthropic-message-delta-input-tokens.chunks.txt']) {
    it(`streams ${name} through as it came, and books its usage`, async () => {
      const lines = readChunks(anthropicFixture(name));
      upstream().on('POST /v1/messages', reply.sse(lines, { format: 'anthropic' }));
      const stream = anthropic.messages.stream({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'Go' }] });
      const final = await stream.finalMessage();
      const stop = lines.map((line) => JSON.parse(line) as { type: string; delta?: { stop_reason?: string } }).find((event) => event.type === 'message_delta');
      expect(final.stop_reason).toBe(stop?.delta?.stop_reason);
      expect((upstream().requests.at(-1)?.json as { stream?: boolean }).stream).toBe(true);
      const usage = streamUsage(lines);
      expect(final.usage.output_tokens).toBe(usage.output);
      expect(await lastLog()).toMatchObject({ upstream: 'claude', status: 200, inputTokens: usage.input, outputTokens: usage.output });
    });
  }

  it('the client gets the upstream’s event stream byte for byte', async () => {
    const lines = readChunks(anthropicFixture('anthropic-tool-no-args.chunks.txt'));
    upstream().on('POST /v1/messages', reply.sse(lines, { format: 'anthropic', intervalMs: 1 }));
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-client', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Go' }] }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const expected = lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join('');
    expect(await response.text()).toBe(expected);
  });

  it('a stream the upstream cuts ends with an Anthropic error event the SDK throws, and the log says it was cut', async () => {
    upstream().on('POST /v1/messages', reply.sse(readChunks(anthropicFixture('anthropic-text.chunks.txt')), { format: 'anthropic', cut: { after: 3, how: 'reset' } }));
    const stream = anthropic.messages.stream({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'Go' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/cut after 3 event/);
    const entry = await lastLog();
    expect(entry.error).toMatch(/the answer was cut after 3 event/);
    // message_start's counts are partial (output_tokens 1): the usage of a cut answer is unknown, and its cost an estimate
    expect(entry).toMatchObject({ inputTokens: null, outputTokens: null });
    expect(entry.costUsd).toBeGreaterThan(0);
  });

  it('an error event the upstream sends mid-stream reaches the client (the SDK throws it) and the log names it', async () => {
    const lines = readChunks(anthropicFixture('anthropic-text.chunks.txt')).slice(0, 3);
    lines.push(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    upstream().on('POST /v1/messages', reply.sse(lines, { format: 'anthropic' }));
    const stream = anthropic.messages.stream({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'Go' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/);
    expect((await lastLog()).error).toMatch(/overloaded_error: Overloaded/);
  });

  it('an upstream error status reaches the client in Anthropic’s error shape', async () => {
    upstream().on('POST /v1/messages', reply.json({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: too large' } }, { status: 400 }));
    const failure = await anthropic.messages.create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    expect((failure as InstanceType<typeof Anthropic.BadRequestError>).message).toContain('max_tokens: too large');
  });
});

describe('/v1/responses passed through to an upstream with responses: true', () => {
  it('sends the client’s request (store: false upstream) and answers with the upstream’s response; usage is booked', async () => {
    const recorded = readJson(responsesFixture('parallel-tool-call-wrapper.1.json')) as { id: string; output: unknown; usage: { input_tokens: number; output_tokens: number } };
    upstream().on('POST /v1/responses', reply.json(recorded));
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];
    const response = await openai.responses.create({ model: 'native', input: 'Weather in Paris and Berlin?', tools });
    expect(response.id).toBe(recorded.id);
    expect(response.output).toEqual(recorded.output);
    const sent = upstream().requests.at(-1);
    expect(sent?.path).toBe('/v1/responses');
    expect(sent?.json).toEqual({ model: 'gpt-test', input: 'Weather in Paris and Berlin?', tools, store: false });
    expect(await lastLog()).toMatchObject({ upstream: 'native', status: 200, inputTokens: recorded.usage.input_tokens, outputTokens: recorded.usage.output_tokens });
  });

  it('streams the upstream’s typed events through; usage from response.completed; store: true keeps the response for GET', async () => {
    const lines = readChunks(responsesFixture('openai-phase.1.chunks.txt'));
    const completed = JSON.parse(lines.at(-1) as string) as { response: { id: string; usage: { input_tokens: number; output_tokens: number } } };
    upstream().on('POST /v1/responses', reply.sse(lines, { format: 'anthropic' })); // `event: <type>` framing, as OpenAI sends
    const stream = await openai.responses.create({ model: 'native', input: 'AI news today?', stream: true, store: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(lines.map((line) => (JSON.parse(line) as { type: string }).type));
    expect(await lastLog()).toMatchObject({ upstream: 'native', status: 200, inputTokens: completed.response.usage.input_tokens, outputTokens: completed.response.usage.output_tokens });
    const kept = await openai.responses.retrieve(completed.response.id);
    expect(kept.id).toBe(completed.response.id);
  });

  it('a request continuing a stored response is translated to Chat Completions (the conversation is the gateway’s)', async () => {
    const recorded = readJson(responsesFixture('parallel-tool-call-wrapper.1.json'));
    upstream().on('POST /v1/responses', reply.json(recorded));
    upstream().on('POST /v1/chat/completions', reply.json(textResponse()));
    const first = await openai.responses.create({ model: 'native', input: 'Weather?', store: true });
    const next = await openai.responses.create({ model: 'native', input: [{ type: 'function_call_output', call_id: 'call_parallel', output: 'sunny' }], previous_response_id: first.id });
    expect(next.status).toBe('completed');
    expect(upstream().count('POST /v1/chat/completions')).toBe(1);
  });
});
