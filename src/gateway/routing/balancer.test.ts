import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { seededRandom as seeded } from '../../kernel/index.js';
import { balanceConfigSchema, createBalancer, type Balancer, type BalanceStrategy } from './balancer.js';

/**
 * Requests arrive every `gapMs` of simulated time; deployment i answers after `latencies(i, t)` ms. Returns how
 * many requests each deployment got.
 */
function simulate(
  balancer: Balancer,
  clock: { now: number },
  latencies: (index: number, at: number) => number,
  requests: number,
  gapMs: number,
  startAt = 0,
): number[] {
  const picks = new Array<number>(balancer.size).fill(0);
  const pending: Array<{ at: number; index: number; startedAt: number }> = [];
  for (let request = 0; request < requests; request++) {
    clock.now = startAt + request * gapMs;
    pending.sort((a, b) => a.at - b.at);
    while (pending.length > 0 && (pending[0] as { at: number }).at <= clock.now) {
      const done = pending.shift() as { at: number; index: number; startedAt: number };
      const arrival = clock.now;
      clock.now = done.at;
      balancer.finished(done.index, done.at - done.startedAt, true);
      clock.now = arrival;
    }
    const index = balancer.pick();
    picks[index] = (picks[index] ?? 0) + 1;
    balancer.started(index);
    pending.push({ at: clock.now + latencies(index, clock.now), index, startedAt: clock.now });
  }
  return picks;
}

function balancerFor(strategy: BalanceStrategy, weights: number[], clock: { now: number }, seed = 7): Balancer {
  return createBalancer({ strategy, weights, random: seeded(seed), now: () => clock.now, latencyHalfLifeMs: 1_000 });
}

describe('createBalancer', () => {
  it('weighted: weights 3:1 send 75% ± 5% of 2,000 picks to the first', () => {
    for (const seed of [1, 2, 3]) {
      const balancer = createBalancer({ strategy: 'weighted', weights: [3, 1], random: seeded(seed) });
      let first = 0;
      for (let pick = 0; pick < 2000; pick++) if (balancer.pick() === 0) first++;
      expect(Math.abs(first / 2000 - 0.75)).toBeLessThanOrEqual(0.05);
    }
  });

  it('skips deployments the caller rules out (open circuit, already tried), and says when none is left', () => {
    for (const strategy of ['weighted', 'least-in-flight', 'latency'] as const) {
      const balancer = createBalancer({ strategy, weights: [5, 1, 1], random: seeded(3) });
      for (let pick = 0; pick < 200; pick++) expect(balancer.pick((index) => index !== 0)).not.toBe(0);
      expect(balancer.pick((index) => index === 2)).toBe(2);
      expect(balancer.pick(() => false)).toBe(-1);
    }
  });

  it('least-in-flight: a slow deployment holds its requests longer and gets less', () => {
    const clock = { now: 0 };
    const balancer = balancerFor('least-in-flight', [1, 1], clock);
    const picks = simulate(balancer, clock, (index) => (index === 0 ? 5 : 50), 4000, 2);
    expect(picks[1]).toBeLessThan((picks[0] as number) / 4);
    // the same traffic split by weight alone gives the slow one half
    const even = simulate(balancerFor('weighted', [1, 1], clock), clock, (index) => (index === 0 ? 5 : 50), 4000, 2);
    expect(Math.abs((even[1] as number) / 4000 - 0.5)).toBeLessThan(0.05);
  });

  it('least-in-flight: equal deployments share evenly (ties broken at random, not to the first)', () => {
    const balancer = createBalancer({ strategy: 'least-in-flight', weights: [1, 1, 1], random: seeded(11) });
    const picks = [0, 0, 0];
    for (let pick = 0; pick < 3000; pick++) {
      const index = balancer.pick();
      picks[index] = (picks[index] ?? 0) + 1;
      balancer.started(index);
      balancer.finished(index, 1, true);
    }
    for (const count of picks) expect(Math.abs(count / 3000 - 1 / 3)).toBeLessThan(0.05);
  });

  it('latency: the slow deployment gets less, and wins its share back once it is fast again', () => {
    const clock = { now: 0 };
    const balancer = balancerFor('latency', [1, 1], clock);
    // requests every 20 ms: neither deployment is ever busy, only the latency tells them apart
    let slow = true;
    const latencies = (index: number): number => (index === 1 && slow ? 60 : 6);
    const first = simulate(balancer, clock, latencies, 500, 20);
    expect(first[1]).toBeLessThan((first[0] as number) / 5);
    expect(first[1]).toBeGreaterThan(0); // it was probed
    expect(balancer.estimate(1)).toBeGreaterThan(balancer.estimate(0) as number);
    slow = false;
    const after = simulate(balancer, clock, latencies, 1500, 20, clock.now + 20);
    expect(Math.abs((after[1] as number) / 1500 - 0.5)).toBeLessThan(0.15);
  });

  it('latency: a failure counts as slow even when it was quick', () => {
    const clock = { now: 0 };
    const balancer = balancerFor('latency', [1, 1], clock);
    balancer.started(0);
    balancer.finished(0, 10, true);
    balancer.started(1);
    balancer.finished(1, 10, true);
    clock.now = 1;
    balancer.started(1);
    balancer.finished(1, 1, false);
    expect(balancer.estimate(1)).toBe(20);
    let first = 0;
    for (let pick = 0; pick < 300; pick++) if (balancer.pick() === 0) first++;
    expect(Math.abs(first / 300 - 2 / 3)).toBeLessThan(0.08); // 1/10 : 1/20
  });

  it('weights count in least-in-flight and latency too', () => {
    const balancer = createBalancer({ strategy: 'least-in-flight', weights: [4, 1], random: seeded(5) });
    const picks = [0, 0];
    for (let pick = 0; pick < 100; pick++) {
      const index = balancer.pick();
      picks[index] = (picks[index] ?? 0) + 1;
      balancer.started(index); // none finishes: in-flight piles up in proportion to the weights
    }
    expect(picks).toEqual([80, 20]);
    expect(balancer.inFlight(0)).toBe(80);
  });

  it('refuses groups it cannot balance, and a config names what is wrong', () => {
    expect(() => createBalancer({ strategy: 'weighted', weights: [] })).toThrow(ConfigError);
    expect(() => createBalancer({ strategy: 'weighted', weights: [1, 0] })).toThrow(/weights\[1\]/);
    expect(() => createBalancer({ strategy: 'weighted', weights: [1] }).started(3)).toThrow(RangeError);
    expect(balanceConfigSchema.parse({})).toEqual({ strategy: 'weighted', weights: {}, latencyHalfLifeMs: 10_000 });
    expect(balanceConfigSchema.safeParse({ strategy: 'round-robin' }).error?.issues[0]?.path).toEqual(['strategy']);
  });
});
