import { describe, expect, it } from 'vitest';
import { meanInterval } from './interval.js';

describe('meanInterval', () => {
  it('uses Student t: [1, 2, 3] → 2 ± qt(0.975, 2) / √3 (4.302653)', () => {
    const result = meanInterval([1, 2, 3]);
    expect(result.mean).toBe(2);
    expect(result.high - result.mean).toBeCloseTo(4.302653 / Math.sqrt(3), 6);
    expect(result.mean - result.low).toBeCloseTo(4.302653 / Math.sqrt(3), 6);
  });

  it('leaves out values that are not numbers and has no interval for one value', () => {
    const result = meanInterval([Number.NaN, 0.7]);
    expect(result).toMatchObject({ mean: 0.7, n: 1 });
    expect(Number.isNaN(result.low)).toBe(true);
  });

  it('uses t beyond 30 folds too (2.0395 at 31 df, where a 1.96 would be 4% too narrow)', () => {
    const values = Array.from({ length: 32 }, (_, index) => index % 2);
    const result = meanInterval(values);
    const standardError = Math.sqrt(values.reduce((sum, value) => sum + (value - 0.5) ** 2, 0) / 31 / 32);
    expect((result.high - result.low) / 2 / standardError).toBeCloseTo(2.039513, 5);
  });
});
