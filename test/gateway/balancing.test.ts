/**
 * Load balancing across the deployments of one model group, through the gateway: the weighted split holds
 * over many requests, a slow deployment gets less under least-in-flight, and an open circuit is skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, startHarness, textResponse, type Harness } from './harness.js';

const CHAT = 'POST /v1/chat/completions';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function send(running: Harness, count: number, concurrency: number): Promise<number> {
  let next = 0;
  let failed = 0;
  const client = running.client();
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await client.chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: 'Hi' }] }).catch(() => failed++);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failed;
}

describe('gateway: balanced groups', () => {
  it('weights 3:1 send 75% ± 5% of 2,000 requests to the first deployment', async () => {
    const running = await startHarness(
      (urls) =>
        basicConfig(urls, {
          groups: { llama: { members: ['u0/gpt-test', 'u1/gpt-test'], balance: { strategy: 'weighted', weights: { 'u0/gpt-test': 3, 'u1/gpt-test': 1 } } } },
          logging: { bodies: false, batchSize: 500, flushIntervalMs: 50 },
        }),
      { upstreamCount: 2 },
    );
    harness = running;
    for (const upstream of running.upstreams) upstream.on(CHAT, reply.json(textResponse()));
    expect(await send(running, 2_000, 16)).toBe(0);
    const first = running.upstreams[0]!.count(CHAT);
    const second = running.upstreams[1]!.count(CHAT);
    expect(first + second).toBe(2_000);
    expect(first / 2_000).toBeGreaterThan(0.7);
    expect(first / 2_000).toBeLessThan(0.8);
    const logs = await running.logs();
    expect(logs.filter((entry) => entry.upstream === 'u0').length).toBe(first);
  });

  it('least-in-flight sends less to a slow deployment', async () => {
    const running = await startHarness(
      (urls) => basicConfig(urls, { groups: { llama: { members: ['u0/gpt-test', 'u1/gpt-test'], balance: { strategy: 'least-in-flight' } } } }),
      { upstreamCount: 2 },
    );
    harness = running;
    // slow against the gateway's own work even on a busy machine
    running.upstreams[0]!.on(CHAT, reply.json(textResponse(), { delayMs: 1_000 }));
    running.upstreams[1]!.on(CHAT, reply.json(textResponse()));
    expect(await send(running, 100, 4)).toBe(0);
    const slow = running.upstreams[0]!.count(CHAT);
    const fast = running.upstreams[1]!.count(CHAT);
    expect(slow + fast).toBe(100);
    expect(slow).toBeLessThan(fast / 3);
  });

  it('latency (EWMA) sends less to a slow deployment', async () => {
    const running = await startHarness(
      (urls) => basicConfig(urls, { groups: { llama: { members: ['u0/gpt-test', 'u1/gpt-test'], balance: { strategy: 'latency' } } } }),
      { upstreamCount: 2 },
    );
    harness = running;
    running.upstreams[0]!.on(CHAT, reply.json(textResponse(), { delayMs: 500 }));
    running.upstreams[1]!.on(CHAT, reply.json(textResponse()));
    expect(await send(running, 200, 4)).toBe(0);
    expect(running.upstreams[0]!.count(CHAT)).toBeLessThan(running.upstreams[1]!.count(CHAT) / 3);
  });

  it('skips a deployment whose circuit is open, and falls back to the other members', async () => {
    const running = await startHarness(
      (urls) =>
        basicConfig(urls, {
          groups: { llama: { members: ['u0/gpt-test', 'u1/gpt-test'], balance: { strategy: 'weighted', weights: { 'u0/gpt-test': 1000 } } } },
          circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 },
          retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
        }),
      { upstreamCount: 2 },
    );
    harness = running;
    running.upstreams[0]!.on(CHAT, reply.json({ error: { message: 'down' } }, { status: 500 }));
    running.upstreams[1]!.on(CHAT, reply.json(textResponse()));
    expect(await send(running, 20, 1)).toBe(0); // every request answered: the failing member's fallback is the other
    expect(running.upstreams[0]!.count(CHAT)).toBe(2); // then its circuit opened and it was skipped
    expect(running.upstreams[1]!.count(CHAT)).toBe(20);
  });

  it('refuses weights that name no member of the group', async () => {
    await expect(
      startHarness((urls) => basicConfig(urls, { groups: { llama: { members: ['u0/gpt-test'], balance: { weights: { 'u9/other': 2 } } } } })),
    ).rejects.toThrow(/u9\/other.*no member or target of the group llama/);
  });
});
