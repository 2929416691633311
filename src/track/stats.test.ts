import { describe, expect, it } from 'vitest';
import { fitLine, summarize, zeroCrossing } from './stats.js';

describe('summarize', () => {
  it('gives type-7 quartiles and their spread', () => {
    const summary = summarize([1, 2, 3, 10]);
    expect(summary).toMatchObject({ n: 4, mean: 4, median: 2.5 });
    expect(summary?.iqr).toBeCloseTo(3, 12);
    expect(summarize([])).toBeNull();
  });
});

describe('fitLine and zeroCrossing', () => {
  it('recovers an exact line and its root', () => {
    const fit = fitLine([0, 1, 2, 3], [6, 4, 2, 0]);
    expect(fit?.slope).toBeCloseTo(-2, 12);
    const root = zeroCrossing(fit!);
    expect(root?.x).toBeCloseTo(3, 12);
    expect(root?.low).toBeCloseTo(3, 9); // no residual noise: a zero-width interval
    expect(root?.high).toBeCloseTo(3, 9);
  });

  it('brackets the root when there is noise, and gives up when the slope is not significant', () => {
    const fit = fitLine([0, 1, 2, 3, 4], [8.2, 5.8, 4.1, 1.9, 0.1])!;
    const root = zeroCrossing(fit)!;
    expect(root.low).toBeLessThan(root.x);
    expect(root.high).toBeGreaterThan(root.x);
    const flat = fitLine([0, 1, 2, 3], [1, 3, 1, 3])!;
    expect(flat.slopeLow).toBeLessThan(0);
    expect(flat.slopeHigh).toBeGreaterThan(0);
    expect(zeroCrossing(flat)).toBeNull();
  });
});
