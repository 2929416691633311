import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, chatReply, startHarness, type Harness } from './harness.js';

const CHAT = 'POST /v1/chat/completions';
const EMBEDDINGS = 'POST /v1/embeddings';
const embedding = { object: 'list', model: 'gpt-test', data: [{ object: 'embedding', index: 0, embedding: [0.25, -0.5] }], usage: { prompt_tokens: 2, total_tokens: 2 } };

async function post(
  harness: Harness,
  path: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; cache: string | null; text: string }> {
  const response = await fetch(`${harness.url}/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, cache: response.headers.get('x-parity-cache'), text: await response.text() };
}

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'main',
  messages: [{ role: 'user', content }],
  ...extra,
});

describe('gateway: response cache in memory', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness((urls) => basicConfig(urls, { cache: { ttlSeconds: 60 } }));
  });
  beforeEach(() => {
    harness.upstreams[0]!.reset();
    harness.upstreams[0]!.on(CHAT, chatReply());
    harness.upstreams[0]!.on(EMBEDDINGS, reply.json(embedding));
  });
  afterAll(() => harness.close());

  it('answers a second identical temperature-0 request from the cache, at no cost', async () => {
    const first = await post(harness, 'chat/completions', ask('Invent a holiday', { temperature: 0, user: 'a' }));
    // same request, other key order and another `user`: the same cache entry
    const second = await post(harness, 'chat/completions', { user: 'b', temperature: 0, messages: [{ content: 'Invent a holiday', role: 'user' }], model: 'main' });
    expect([first.status, first.cache, second.status, second.cache]).toEqual([200, 'miss', 200, 'hit']);
    expect(second.text).toBe(first.text);
    expect(harness.upstreams[0]!.count(CHAT)).toBe(1);

    const [missed, hit] = (await harness.logs()).slice(-2);
    expect(missed).toMatchObject({ status: 200, inputTokens: 16, routeReason: 'alias' });
    expect(missed?.costUsd).toBeGreaterThan(0);
    expect(hit).toMatchObject({ status: 200, costUsd: 0, inputTokens: null, outputTokens: null, routeReason: 'alias cache=hit', upstream: 'u0' });
    expect(harness.gateway.metrics.registry.render()).toMatch(/parity_cache_requests_total\{result="hit"\} [1-9]/);
  });

  it('does not cache requests that are not deterministic, streamed, or opted out', async () => {
    const bypassed = [
      await post(harness, 'chat/completions', ask('no temperature')),
      await post(harness, 'chat/completions', ask('no temperature')),
      await post(harness, 'chat/completions', ask('warm', { temperature: 0.7 })),
      await post(harness, 'chat/completions', ask('warm', { temperature: 0.7 })),
      await post(harness, 'chat/completions', ask('opt out', { temperature: 0 }), { 'cache-control': 'no-cache' }),
      await post(harness, 'chat/completions', ask('opt out', { temperature: 0 }), { 'cache-control': 'no-cache' }),
    ];
    expect(bypassed.map((response) => response.cache)).toEqual(Array(6).fill('bypass'));
    for (let index = 0; index < 2; index++) {
      const streamed = await post(harness, 'chat/completions', ask('streamed', { temperature: 0, stream: true }));
      expect(streamed.cache).toBe('bypass');
      expect(streamed.text).toContain('data: [DONE]');
    }
    expect(harness.upstreams[0]!.count(CHAT)).toBe(8);
  });

  it('keys entries by the whole request: another prompt or parameter is a miss', async () => {
    await post(harness, 'chat/completions', ask('one', { temperature: 0 }));
    const other = await post(harness, 'chat/completions', ask('two', { temperature: 0 }));
    const longer = await post(harness, 'chat/completions', ask('one', { temperature: 0, max_tokens: 9 }));
    expect([other.cache, longer.cache]).toEqual(['miss', 'miss']);
    expect(harness.upstreams[0]!.count(CHAT)).toBe(3);
  });

  it('caches embeddings', async () => {
    const first = await post(harness, 'embeddings', { model: 'main', input: 'cache me' });
    const second = await post(harness, 'embeddings', { model: 'main', input: 'cache me' });
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(JSON.parse(second.text)).toEqual(embedding);
    expect(harness.upstreams[0]!.count(EMBEDDINGS)).toBe(1);
  });

  it('does not store failed answers', async () => {
    harness.upstreams[0]!.on(CHAT, reply.json({ error: { message: 'bad', type: 'invalid_request_error' } }, { status: 400 }));
    const first = await post(harness, 'chat/completions', ask('fails', { temperature: 0 }));
    const second = await post(harness, 'chat/completions', ask('fails', { temperature: 0 }));
    expect([first.status, second.status]).toEqual([400, 400]);
    expect(harness.upstreams[0]!.count(CHAT)).toBe(2);
  });
});

describe('gateway: response cache and virtual keys', () => {
  let perKey: Harness;
  let shared: Harness;
  beforeAll(async () => {
    perKey = await startHarness((urls) => basicConfig(urls, { auth: { required: true }, cache: {} }));
    shared = await startHarness((urls) => basicConfig(urls, { auth: { required: true }, cache: { scope: 'shared' } }));
    for (const harness of [perKey, shared]) harness.upstreams[0]!.on(CHAT, chatReply());
  });
  afterAll(() => Promise.all([perKey.close(), shared.close()]));

  it('keeps entries per key by default and shares them with scope: shared; a hit books no spend', async () => {
    for (const harness of [perKey, shared]) {
      const alice = await harness.createKey({ name: 'alice', budgetUsdTotal: 1 });
      const bob = await harness.createKey({ name: 'bob', budgetUsdTotal: 1 });
      const asAlice = { authorization: `Bearer ${alice.secret}` };
      const asBob = { authorization: `Bearer ${bob.secret}` };
      expect((await post(harness, 'chat/completions', ask('same', { temperature: 0 }), asAlice)).cache).toBe('miss');
      expect((await post(harness, 'chat/completions', ask('same', { temperature: 0 }), asAlice)).cache).toBe('hit');
      const bobs = await post(harness, 'chat/completions', ask('same', { temperature: 0 }), asBob);
      expect(bobs.cache).toBe(harness === shared ? 'hit' : 'miss');
      const aliceSpent = (await harness.gateway.state.usage(alice.id))?.spentUsdTotal;
      const bobSpent = (await harness.gateway.state.usage(bob.id))?.spentUsdTotal;
      expect(aliceSpent).toBeGreaterThan(0);
      expect(bobSpent).toBe(harness === shared ? 0 : aliceSpent);
    }
    expect(perKey.upstreams[0]!.count(CHAT)).toBe(2);
    expect(shared.upstreams[0]!.count(CHAT)).toBe(1);
  });
});
