import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicConfig, chatReply, startHarness, type Harness } from './harness.js';

// the fixture answer reports 16 prompt + 363 completion tokens; at $1/$2 per Mtok that is $0.000742
const COST = (16 * 1 + 363 * 2) / 1e6;
const BUDGET = 0.01;

describe('gateway: budgets under concurrency', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness((urls) => basicConfig(urls, { auth: { required: true } }));
    harness.upstreams[0]!.on('POST /v1/chat/completions', chatReply());
  });
  afterAll(() => harness.close());

  it('never lets a key end more than one request over budget with 200 requests in flight', async () => {
    const { secret, id } = await harness.createKey({ name: 'concurrent', budgetUsdTotal: BUDGET });
    const client = harness.client(secret);
    let succeeded = 0;
    let refused = 0;
    for (let wave = 0; wave < 20; wave++) {
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, () =>
          client.chat.completions.create({ model: 'main', max_tokens: 363, messages: [{ role: 'user', content: 'Invent a holiday' }] }),
        ),
      );
      const ok = results.filter((result) => result.status === 'fulfilled').length;
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toBeInstanceOf(OpenAI.RateLimitError);
          expect((result.reason as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('budget_exceeded');
        }
      }
      succeeded += ok;
      refused += results.length - ok;
      if (ok === 0) break;
    }
    const spent = (await harness.gateway.state.usage(id))?.spentUsdTotal ?? 0;
    expect(spent).toBeCloseTo(succeeded * COST, 12);
    expect(spent).toBeLessThanOrEqual(BUDGET + COST + 1e-12);
    // the budget was used, not refused wholesale: at most one request's worth left unspent
    expect(spent).toBeGreaterThan(BUDGET - COST);
    expect(refused).toBeGreaterThan(0);

    // the log books the same money, and the store's counters caught up (write-behind)
    const logs = (await harness.logs()).filter((entry) => entry.keyId === id);
    expect(logs).toHaveLength(succeeded + refused);
    const logged = logs.reduce((sum, entry) => sum + (entry.costUsd ?? 0), 0);
    expect(logged).toBeCloseTo(spent, 9);
    const stored = await harness.store.getKey(id);
    expect(stored?.spentUsdTotal).toBeCloseTo(spent, 5);
  });
});
