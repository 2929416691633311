import { describe, expect, it } from 'vitest';
import { breakEven, type BreakEvenInput } from './break-even.js';

// A step-shaped case: one replica ($1,000/month) serves 1,000 requests/day; the API costs $1.50 per month
// per request/day. Step 1 crosses at 1,000 / 1.5 = 666.67 req/day, but just past 1,000 req/day a second
// replica ($2,000) beats the API ($1,500) again. Step 2 crosses at 2,000 / 1.5 = 1,333.33 req/day; from
// step 3 (API $3,000 at 2,000 req/day vs self $3,000) self-hosting is never dearer.
const stepped: BreakEvenInput = {
  apiPerRequestDay: 1.5,
  replicasPerRequestDay: 0.001,
  replicaMonthlyCost: 1_000,
  opsPerMonth: 0,
  scaling: 'always-on',
  tokensPerRequest: 100,
  daysPerMonth: 30,
};

function selfCost(input: BreakEvenInput, volume: number): number {
  const replicas =
    input.scaling === 'always-on'
      ? Math.max(1, Math.ceil(input.replicasPerRequestDay * volume - 1e-9))
      : input.replicasPerRequestDay * volume;
  return replicas * input.replicaMonthlyCost + input.opsPerMonth;
}

describe('breakEven', () => {
  it('reports the volume from which self-hosting stays cheaper, not the first crossing', () => {
    const result = breakEven(stepped);
    expect(result.kind).toBe('at-volume');
    expect(result.requestsPerDay).toBeCloseTo(2_000 / 1.5, 9);
    // 1,333.33 req/day × 100 tokens × 30 days = 4,000,000 tokens/month
    expect(result.tokensPerMonth).toBeCloseTo(4_000_000, 3);
  });

  it('agrees with a brute-force scan over volumes', () => {
    const cases: BreakEvenInput[] = [
      stepped,
      { ...stepped, opsPerMonth: 500 },
      { ...stepped, apiPerRequestDay: 4, opsPerMonth: 2_500 },
      { ...stepped, replicasPerRequestDay: 0.0004, apiPerRequestDay: 0.9, opsPerMonth: 3_000 },
      { ...stepped, scaling: 'scale-to-zero', opsPerMonth: 700 },
    ];
    for (const input of cases) {
      const result = breakEven(input);
      const volume = result.requestsPerDay as number;
      expect(result.kind).toBe('at-volume');
      // cheaper (or equal) at and beyond the break-even, over a wide range
      for (let v = volume * 1.000001; v < volume * 50; v *= 1.013) {
        expect(selfCost(input, v), `v=${v}`).toBeLessThanOrEqual(input.apiPerRequestDay * v + 1e-6);
      }
      // and dearer somewhere just below it
      expect(selfCost(input, volume * 0.999)).toBeGreaterThan(input.apiPerRequestDay * volume * 0.999);
    }
  });

  it('scale-to-zero with no overhead is cheaper at any volume when the marginal cost is lower', () => {
    // marginal self: 0.001 × 1,000 = $1 per request/day < API $1.50
    expect(breakEven({ ...stepped, scaling: 'scale-to-zero' })).toMatchObject({ kind: 'always', requestsPerDay: 0 });
  });

  it('never, when a fully used replica costs more than the API for the same volume', () => {
    // one replica's volume 1,000 req/day × $0.90 = $900 < $1,000
    expect(breakEven({ ...stepped, apiPerRequestDay: 0.9 })).toMatchObject({ kind: 'never', requestsPerDay: null });
    expect(breakEven({ ...stepped, apiPerRequestDay: 0 }).kind).toBe('never');
  });

  it('one replica serving any volume breaks even at (replica + overhead) / API cost', () => {
    // k = 0: (1,000 + 500) / 1.5 = 1,000 req/day
    expect(breakEven({ ...stepped, replicasPerRequestDay: 0, opsPerMonth: 500 }).requestsPerDay).toBeCloseTo(1_000, 9);
  });
});
