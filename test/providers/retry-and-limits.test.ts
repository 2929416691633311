import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError, TimeoutError } from '../../src/errors.js';
import {
  type LanguageModel,
  type RetryEvent,
  collectStream,
  createGoogle,
  createLimiter,
  createOpenAICompatible,
  withLimits,
  withRetry,
} from '../../src/providers/index.js';
import { type FakeUpstream, readChunks, readJson, reply, startFakeUpstream } from '../helpers/fake-upstream.js';

const fixture = (name: string) => new URL(`../fixtures/providers/${name}`, import.meta.url);
const ROUTE = 'POST /v1/chat/completions';
const OK = () => reply.json(readJson(fixture('mistral/mistral-text.json')));

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

const base = (timeoutMs?: number): LanguageModel =>
  createOpenAICompatible({ name: 'vllm', baseURL: `${upstream.url}/v1`, ...(timeoutMs === undefined ? {} : { timeoutMs }) }).languageModel(
    'qwen',
  );
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const noWait = async () => {};

describe('withRetry against a real socket', () => {
  it('retries 5xx until success and reports each retry', async () => {
    upstream.on(ROUTE, reply.error(500), reply.error(502), OK());
    const events: RetryEvent[] = [];
    const result = await withRetry(base(), { maxAttempts: 4, initialDelayMs: 1, onRetry: (event) => events.push(event) }).generate(ask);
    expect(result.text).toContain('World Kindness Day');
    expect(upstream.count(ROUTE)).toBe(3);
    expect(events.map((event) => [event.attempt, (event.error as ProviderError).status])).toEqual([
      [1, 500],
      [2, 502],
    ]);
    expect(events.every((event) => event.delayMs >= 0 && event.delayMs <= 2)).toBe(true);
  });

  it('waits at least the Retry-After the server asked for', async () => {
    upstream.on(ROUTE, reply.rateLimited({ retryAfter: '1' }), OK());
    const events: RetryEvent[] = [];
    await withRetry(base(), { onRetry: (event) => events.push(event) }).generate(ask);
    expect(upstream.count(ROUTE)).toBe(2);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ delayMs: 1000, retryAfterMs: 1000 });
    const [first, second] = upstream.requests;
    // lower bound only (timers may fire a hair early): the second request came after the requested wait
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('honours retry-after-ms and caps a long Gemini RetryInfo delay', async () => {
    upstream.on(ROUTE, reply.rateLimited({ retryAfterMs: 120 }), OK());
    const delays: number[] = [];
    await withRetry(base(), { onRetry: (event) => delays.push(event.delayMs) }).generate(ask);
    expect(delays).toEqual([120]);

    const gemini = 'POST /v1beta/models/gemini-2.5-flash:generateContent';
    upstream.on(gemini, reply.error(429, readJson(fixture('google/google-429-retry-info.json'))), reply.json(readJson(fixture('google/google-text.json'))));
    const events: RetryEvent[] = [];
    const model = createGoogle({ baseURL: `${upstream.url}/v1beta`, apiKey: 'k' }).languageModel('gemini-2.5-flash');
    await withRetry(model, { maxRetryAfterMs: 50, onRetry: (event) => events.push(event) }).generate(ask);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ retryAfterMs: 34_400, delayMs: 50 });
    expect(upstream.count(gemini)).toBe(2);
  });

  it('gives up after maxAttempts with the last error', async () => {
    upstream.on(ROUTE, reply.error(503, { error: { message: 'still overloaded' } }));
    const error = await withRetry(base(), { maxAttempts: 2, sleep: noWait })
      .generate(ask)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503 });
    expect(upstream.count(ROUTE)).toBe(2);
  });

  it('does not retry a client error', async () => {
    upstream.on(ROUTE, reply.error(400, readJson(fixture('openai/reasoning-model-legacy-parameter-error.json'))), OK());
    await expect(withRetry(base(), { sleep: noWait }).generate(ask)).rejects.toBeInstanceOf(ProviderError);
    expect(upstream.count(ROUTE)).toBe(1);
  });

  it('retries timeouts and reset connections', async () => {
    upstream.on(ROUTE, reply.hang(), reply.reset(), OK());
    const events: RetryEvent[] = [];
    const result = await withRetry(base(150), { maxAttempts: 3, sleep: noWait, onRetry: (event) => events.push(event) }).generate(ask);
    expect(result.finishReason).toBe('stop');
    expect(events[0]?.error).toBeInstanceOf(TimeoutError);
    expect(events[1]?.error).toMatchObject({ isRetryable: true, status: undefined });
    expect(upstream.count(ROUTE)).toBe(3);
  });

  it('retries a stream that fails before its first part, not one that fails later', async () => {
    const lines = readChunks(fixture('mistral/mistral-text.chunks.txt'));
    upstream.on(ROUTE, reply.error(503), reply.sse(lines));
    const result = await collectStream(withRetry(base(), { sleep: noWait }).stream(ask));
    expect(result.text).toBe('Hello, world! This is a test response.');
    expect(upstream.count(ROUTE)).toBe(2);

    upstream.reset();
    upstream.on(ROUTE, reply.sse(lines, { cut: { after: 3, how: 'reset' } }), reply.sse(lines));
    await expect(collectStream(withRetry(base(), { sleep: noWait }).stream(ask))).rejects.toBeInstanceOf(ProviderError);
    expect(upstream.count(ROUTE)).toBe(1);
  });

  it('stops retrying when the caller aborts during the wait', async () => {
    upstream.on(ROUTE, reply.rateLimited({ retryAfter: '30' }));
    const controller = new AbortController();
    const pending = withRetry(base(), { onRetry: () => controller.abort() }).generate(ask, { signal: controller.signal });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(upstream.count(ROUTE)).toBe(1);
  });
});

describe('withLimits against a real socket', () => {
  it('keeps at most `concurrency` requests in flight at the upstream', async () => {
    upstream.on(ROUTE, reply.json(readJson(fixture('mistral/mistral-text.json')), { delayMs: 60 }));
    const limiter = createLimiter({ concurrency: 2 });
    const model = withLimits(base(), limiter);
    const streamed = withLimits(base(), limiter); // a second model of the same provider shares the limit
    await Promise.all([...Array.from({ length: 5 }, () => model.generate(ask)), streamed.generate(ask)]);
    expect(upstream.count(ROUTE)).toBe(6);
    expect(upstream.maxInFlight).toBe(2);
    expect(limiter.stats).toEqual({ active: 0, waiting: 0 });
  });

  it('holds the slot for the whole stream and frees it after', async () => {
    upstream.on(ROUTE, reply.sse(readChunks(fixture('mistral/mistral-text.chunks.txt')), { intervalMs: 10 }));
    const limiter = createLimiter({ concurrency: 1 });
    const model = withLimits(base(), limiter);
    await Promise.all([collectStream(model.stream(ask)), collectStream(model.stream(ask)), collectStream(model.stream(ask))]);
    expect(upstream.maxInFlight).toBe(1);
    expect(limiter.stats).toEqual({ active: 0, waiting: 0 });
  });
});
