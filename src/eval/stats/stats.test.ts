import { describe, expect, it } from 'vitest';
import { mcnemar, nonInferiority, pairedBootstrap, quantile, wilsonInterval } from './index.js';

describe('wilsonInterval', () => {
  it('matches the hand-computed interval for 8/10', () => {
    // p = .8, z = 1.96: centre = (.8 + 3.8415/20) / (1 + .38415) = .99207/1.38415 = .71674
    // half = 1.96 * sqrt(.016 + 3.8415/400) / 1.38415 = 1.96 * .16006 / 1.38415 = .22665
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 3);
    expect(high).toBeCloseTo(0.9433, 3);
  });
  it('stays inside [0, 1] at the extremes', () => {
    expect(wilsonInterval(0, 5).low).toBe(0);
    expect(wilsonInterval(5, 5).high).toBe(1);
    expect(wilsonInterval(5, 5).low).toBeGreaterThan(0.5);
  });
});

describe('quantile', () => {
  it('interpolates between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0, 5], 0.25)).toBe(2.5);
  });
});

describe('mcnemar', () => {
  it('gives the exact two-sided binomial p-value over discordant pairs', () => {
    // 5 discordant pairs, all favouring A: p = 2 * (1/32) = 0.0625
    const a = [true, true, true, true, true, true, false];
    const b = [false, false, false, false, false, true, false];
    const result = mcnemar(a, b);
    expect(result.onlyA).toBe(5);
    expect(result.onlyB).toBe(0);
    expect(result.pValue).toBeCloseTo(0.0625, 10);
  });
  it('is 1 when the discordant pairs split evenly', () => {
    expect(mcnemar([true, false], [false, true]).pValue).toBe(1);
  });
});

describe('pairedBootstrap and nonInferiority', () => {
  it('is deterministic for a seed and brackets the observed difference', () => {
    const a = Array.from({ length: 200 }, (_, i) => (i % 10 < 8 ? 1 : 0));
    const b = Array.from({ length: 200 }, (_, i) => (i % 10 < 9 ? 1 : 0));
    const first = pairedBootstrap(a, b, { seed: 7 });
    const second = pairedBootstrap(a, b, { seed: 7 });
    expect(first).toEqual(second);
    expect(first.difference).toBeCloseTo(-0.1, 10);
    expect(first.interval.low).toBeLessThan(-0.1);
    expect(first.interval.high).toBeGreaterThan(-0.1);
  });
  it('gives all three verdicts by where the interval lies', () => {
    const names = { candidate: 'open', reference: 'closed' };
    const make = (low: number, high: number) => ({ difference: (low + high) / 2, interval: { low, high }, resamples: 1, method: 'paired-bootstrap-percentile' as const });
    expect(nonInferiority(make(-0.03, 0.01), 0.05, names).verdict).toBe('non-inferior');
    expect(nonInferiority(make(-0.2, -0.08), 0.05, names).verdict).toBe('inferior');
    expect(nonInferiority(make(-0.1, 0.0), 0.05, names).verdict).toBe('inconclusive');
  });
});
