/**
 * Issue #15, probe 4: one key can no longer take an upstream away from everyone. Circuit breakers are per
 * (upstream, model) target and opened only by upstream faults (5xx, timeouts, resets) — never by a request's own
 * 4xx — so a model failing, or one key's bad requests, leave the upstream's other models (and every other key)
 * served; an open circuit still lets one half-open probe through after its cool-down.
 */
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, startHarness, textResponse, type Harness } from '../gateway/harness.js';

const CHAT = 'POST /v1/chat/completions';

/** The upstream fails model `broken` with a 500, refuses a request saying "bad" with a 400, and answers the rest. */
function modelAwareReply() {
  const answer = JSON.stringify(textResponse());
  return reply.handler((request, response) => {
    const body = request.json as { model?: string; messages?: Array<{ content?: string }> };
    if (body.model === 'broken') {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"model crashed"}}');
    } else if (body.messages?.[0]?.content === 'bad') {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"bad request","type":"invalid_request_error","param":"messages"}}');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(answer);
    }
  });
}

describe('security: circuit breakers per (upstream, model), opened by upstream faults only', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness((urls) =>
      basicConfig(urls, {
        auth: { required: true },
        models: { good: 'u0/gpt-test', broken: 'u0/broken' },
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 0 },
        circuitBreaker: { failureThreshold: 3, cooldownMs: 400 },
      }),
    );
    harness.upstreams[0]!.on(CHAT, modelAwareReply());
  });
  afterEach(() => harness.close());

  const statusOf = async (client: OpenAI, model: string, content = 'hello'): Promise<number> => {
    try {
      return (await client.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse()).response.status;
    } catch (error) {
      if (error instanceof OpenAI.APIError && error.status !== undefined) return error.status;
      throw error;
    }
  };
  const health = async () => (await (await fetch(`${harness.url}/healthz`)).json()) as { upstreams: Record<string, string>; circuits: Record<string, string> };

  it('opens the circuit of the failing model only: the upstream keeps serving its other models, to every key', async () => {
    const mallory = harness.client((await harness.createKey({ name: 'mallory' })).secret);
    const alice = harness.client((await harness.createKey({ name: 'alice' })).secret);
    for (let index = 0; index < 3; index++) expect(await statusOf(mallory, 'broken')).toBe(502);
    const calls = harness.upstreams[0]!.count(CHAT);
    expect(await statusOf(mallory, 'broken')).toBe(502); // skipped: the circuit is open
    expect(harness.upstreams[0]!.count(CHAT)).toBe(calls);
    expect(await health()).toMatchObject({ circuits: { 'u0/broken': 'open' } });
    expect((await health()).circuits['u0/gpt-test']).toBeUndefined();
    for (const client of [alice, mallory]) expect(await statusOf(client, 'good')).toBe(200);
  });

  it('never opens a circuit for a request’s own 4xx, however many', async () => {
    const mallory = harness.client((await harness.createKey({ name: 'mallory' })).secret);
    for (let index = 0; index < 10; index++) expect(await statusOf(mallory, 'good', 'bad')).toBe(400);
    expect((await health()).circuits).toEqual({});
    const alice = harness.client((await harness.createKey({ name: 'alice' })).secret);
    expect(await statusOf(alice, 'good')).toBe(200);
  });

  it('lets one half-open probe through after the cool-down, and closes on its success', async () => {
    const client = harness.client((await harness.createKey({ name: 'k' })).secret);
    for (let index = 0; index < 3; index++) await statusOf(client, 'broken');
    expect((await health()).circuits['u0/broken']).toBe('open');
    harness.upstreams[0]!.on(CHAT, reply.json(textResponse())); // the model recovered
    await expect.poll(() => statusOf(client, 'broken'), { timeout: 10_000, interval: 100 }).toBe(200);
    expect((await health()).circuits).toEqual({});
  });
});
