import { describe, expect, it } from 'vitest';
import { meanInterval, tQuantile975 } from './interval.js';

describe('meanInterval', () => {
  it('uses Student t: [1, 2, 3] → 2 ± 4.303 / √3', () => {
    const result = meanInterval([1, 2, 3]);
    expect(result.mean).toBe(2);
    expect(result.high - result.mean).toBeCloseTo(4.303 / Math.sqrt(3), 10);
    expect(result.mean - result.low).toBeCloseTo(4.303 / Math.sqrt(3), 10);
  });

  it('leaves out values that are not numbers and has no interval for one value', () => {
    const result = meanInterval([Number.NaN, 0.7]);
    expect(result).toMatchObject({ mean: 0.7, n: 1 });
    expect(Number.isNaN(result.low)).toBe(true);
  });

  it('falls back to the normal quantile for many degrees of freedom', () => {
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(500)).toBe(1.96);
  });
});
