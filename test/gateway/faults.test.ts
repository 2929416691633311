import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, chatReply, startHarness, textChunks, textResponse, type Harness } from './harness.js';

const CHAT = 'POST /v1/chat/completions';
const messages = [{ role: 'user' as const, content: 'Invent a holiday' }];

describe('gateway: upstream faults, fallbacks and the request log', () => {
  let harness: Harness;
  let sent = 0;
  beforeAll(async () => {
    harness = await startHarness(
      (urls) => {
        const config = basicConfig(urls, {
          models: { main: 'u0/gpt-test', backup: 'u1/gpt-test' },
          groups: { open: ['u0/gpt-test', 'u1/gpt-test'] },
          circuitBreaker: { failureThreshold: 1000, cooldownMs: 60_000 },
        });
        config.upstreams.u0!.timeoutMs = 300;
        return config;
      },
      { upstreamCount: 2 },
    );
  });
  afterAll(() => harness.close());
  afterEach(async () => {
    // every request, whatever its fate, is logged exactly once
    await expect.poll(async () => (await harness.logs()).length).toBe(sent);
    const ids = (await harness.logs()).map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  beforeEach(() => {
    for (const upstream of harness.upstreams) upstream.reset();
    harness.upstreams[1]!.on(CHAT, chatReply());
  });

  const [primary, fallback] = [() => harness.upstreams[0]!, () => harness.upstreams[1]!];
  const create = (model = 'open') => {
    sent++;
    return harness.client().chat.completions.create({ model, messages }).withResponse();
  };
  const failure = async (model = 'open'): Promise<InstanceType<typeof OpenAI.APIError>> => {
    const caught: unknown = await create(model).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(caught).toBeInstanceOf(OpenAI.APIError);
    return caught as InstanceType<typeof OpenAI.APIError>;
  };

  it('falls back when the upstream hangs past its timeout', async () => {
    primary().on(CHAT, reply.hang());
    const { response } = await create();
    expect(response.headers.get('x-parity-upstream')).toBe('u1');
    expect(primary().count(CHAT)).toBe(2); // two tries, each timed out
  });

  it('answers 504 when the only upstream times out', async () => {
    primary().on(CHAT, reply.hang());
    const error = await failure('main');
    expect(error.status).toBe(504);
    expect(error.code).toBe('upstream_timeout');
  });

  it('falls back on 500, and answers 502 when every upstream fails', async () => {
    primary().on(CHAT, reply.error(500));
    expect((await create()).response.headers.get('x-parity-upstream')).toBe('u1');
    fallback().on(CHAT, reply.error(503));
    const error = await failure();
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_error');
    expect(error.headers?.get('x-parity-route')).toBe('open');
  });

  it('retries the same upstream after a short Retry-After, and skips a long one', async () => {
    primary().on(CHAT, reply.rateLimited({ retryAfterMs: 200 }), reply.json(textResponse()));
    const { response } = await create();
    expect(response.headers.get('x-parity-upstream')).toBe('u0');
    const [first, second] = primary().requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(190);

    primary().reset();
    primary().on(CHAT, reply.rateLimited({ retryAfter: '30' }));
    const skipped = await create();
    expect(skipped.response.headers.get('x-parity-upstream')).toBe('u1');
    expect(primary().count(CHAT)).toBe(1);
  });

  it('falls back when the connection is reset or the JSON is malformed', async () => {
    primary().on(CHAT, reply.reset());
    expect((await create()).response.headers.get('x-parity-upstream')).toBe('u1');
    primary().on(CHAT, reply.malformedJson());
    expect((await create()).response.headers.get('x-parity-upstream')).toBe('u1');
  });

  it('passes an upstream 400 back to the client without retrying', async () => {
    primary().on(CHAT, reply.error(400, { error: { message: 'bad temperature', type: 'invalid_request_error', param: 'temperature', code: null } }));
    const error = await failure();
    expect(error.status).toBe(400);
    expect(error.message).toContain('bad temperature');
    expect(primary().count(CHAT) + fallback().count(CHAT)).toBe(1);
  });

  it('ends a stream cut midway with an error event and never switches model', async () => {
    primary().on(CHAT, reply.sse(textChunks(), { cut: { after: 5, how: 'reset' } }));
    sent++;
    const stream = await harness.client().chat.completions.create({ model: 'open', messages, stream: true });
    let received = 0;
    const error = await (async () => {
      for await (const chunk of stream) if (chunk.choices.length > 0) received++;
    })().catch((caught: unknown) => caught);
    expect(received).toBe(5);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(fallback().count(CHAT)).toBe(0);
    const log = (await harness.logs()).at(-1);
    expect(log).toMatchObject({ upstream: 'u0', status: 200, error: expect.stringContaining('mid-stream') });
  });

  it('falls back when a stream breaks before its first byte', async () => {
    primary().on(CHAT, reply.sse(textChunks(), { cut: { after: 0, how: 'reset' } }));
    sent++;
    const { data: stream, response } = await harness.client().chat.completions.create({ model: 'open', messages, stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('Harmony Day');
    expect(response.headers.get('x-parity-upstream')).toBe('u1');
  });

  it('cancels the upstream request when the client aborts a stream, and logs it as 499', async () => {
    primary().on(CHAT, reply.sse(textChunks(), { intervalMs: 20 }));
    const controller = new AbortController();
    sent++;
    const stream = await harness.client().chat.completions.create({ model: 'main', messages, stream: true }, { signal: controller.signal });
    let received = 0;
    await (async () => {
      for await (const _chunk of stream) if (++received === 3) controller.abort();
    })().catch(() => undefined);
    await expect.poll(() => primary().clientAborts).toBe(1);
    await expect.poll(async () => (await harness.logs()).at(-1)?.status).toBe(499);

  });

  it('does not count clients that go away against the upstream circuit', async () => {
    const local = await startHarness((urls) => basicConfig(urls, { circuitBreaker: { failureThreshold: 1, cooldownMs: 60_000 } }));
    try {
      local.upstreams[0]!.on(CHAT, reply.sse(textChunks(), { intervalMs: 20 }));
      for (let index = 0; index < 3; index++) {
        const controller = new AbortController();
        const stream = await local.client().chat.completions.create({ model: 'main', messages, stream: true }, { signal: controller.signal });
        await (async () => {
          for await (const _chunk of stream) controller.abort();
        })().catch(() => undefined);
      }
      await expect.poll(() => local.upstreams[0]!.clientAborts).toBe(3);
      expect(await (await fetch(`${local.url}/healthz`)).json()).toMatchObject({ upstreams: { u0: 'closed' } });
      local.upstreams[0]!.on(CHAT, chatReply());
      expect((await local.client().chat.completions.create({ model: 'main', messages }).withResponse()).response.status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it('opens the circuit of an upstream that keeps failing', async () => {
    const local = await startHarness(
      (urls) => basicConfig(urls, { groups: { open: ['u0/gpt-test', 'u1/gpt-test'] }, circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } }),
      { upstreamCount: 2 },
    );
    try {
      local.upstreams[0]!.on(CHAT, reply.error(500));
      local.upstreams[1]!.on(CHAT, reply.json(textResponse()));
      const ask = () => local.client().chat.completions.create({ model: 'open', messages }).withResponse();
      await ask(); // u0 fails twice → open
      await ask();
      await ask();
      expect(local.upstreams[0]!.count(CHAT)).toBe(2);
      expect(local.upstreams[1]!.count(CHAT)).toBe(3);
      expect(await (await fetch(`${local.url}/healthz`)).json()).toMatchObject({ upstreams: { u0: 'open', u1: 'closed' } });
    } finally {
      await local.close();
    }
  });

});
