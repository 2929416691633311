import { describe, expect, it } from 'vitest';
import { mean, median, quantile, seededRandom, shuffled, tCritical95, tQuantile } from '../index.js';

describe('tQuantile', () => {
  it('matches R’s qt() (and SciPy’s t.ppf) to 6 decimals', () => {
    // qt(0.975, c(1, 4, 30, 2.5)), qt(0.95, 10), qt(0.025, 7)
    expect(tCritical95(1)).toBeCloseTo(12.706205, 6);
    expect(tCritical95(4)).toBeCloseTo(2.776445, 6);
    expect(tCritical95(30)).toBeCloseTo(2.042272, 6);
    expect(tQuantile(0.975, 2.5)).toBeCloseTo(3.574655, 5);
    expect(tQuantile(0.95, 10)).toBeCloseTo(1.812461, 6);
    expect(tQuantile(0.025, 7)).toBeCloseTo(-2.364624, 6);
  });
  it('keeps falling towards the normal quantile with df, past the point where it switches to it', () => {
    const values = [31, 100, 1000, 1e5, 1e6, 2e6, 1e9].map((df) => tCritical95(df));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1] as number);
    expect(tCritical95(1e9)).toBeCloseTo(1.959964, 6);
    expect(tCritical95(1e6) - tCritical95(2e6)).toBeLessThan(5e-6);
  });
  it('is NaN without a degree of freedom', () => {
    expect(tCritical95(0)).toBeNaN();
    expect(tCritical95(-1)).toBeNaN();
    expect(tCritical95(Number.NaN)).toBeNaN();
  });
});

describe('quantile (type 7)', () => {
  it('interpolates between order statistics as R’s quantile(type = 7) does', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0, 5], 0.25)).toBe(2.5);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
    expect(median([7])).toBe(7);
  });
  it('is NaN for no values, as is the mean', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(mean([1, 2, 6])).toBe(3);
  });
});

describe('seededRandom', () => {
  it('repeats a sequence for a seed, differs between seeds, and stays in [0, 1)', () => {
    const draw = (seed: number): number[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 2000 }, () => random());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7).slice(0, 5)).not.toEqual(draw(8).slice(0, 5));
    const values = draw(7);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(mean(values)).toBeGreaterThan(0.45);
    expect(mean(values)).toBeLessThan(0.55);
  });
  it('shuffles a copy into a permutation', () => {
    const values = Array.from({ length: 50 }, (_, index) => index);
    const result = shuffled(values, seededRandom(1));
    expect(result).not.toEqual(values);
    expect([...result].sort((a, b) => a - b)).toEqual(values);
    expect(values[0]).toBe(0);
  });
});
