import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { ALWAYS_STRONG_THRESHOLD, calibrateThreshold } from './calibrate.js';
import type { RoutedItem } from './metrics/routing-curve.js';

// Ten prompts, scores 0.05 … 0.95. The weak model fails (0) on the four lowest-scored ones and matches the
// strong model (1) elsewhere, so sending the lowest four to strong recovers the whole gap.
const items: RoutedItem[] = Array.from({ length: 10 }, (_, index) => ({
  score: 0.05 + index / 10,
  qWeak: index < 4 ? 0 : 1,
  qStrong: 1,
  costWeak: 1,
  costStrong: 5,
}));

describe('calibrateThreshold', () => {
  it('frontier-share: about that share of prompts scores below the threshold', () => {
    const result = calibrateThreshold(items, { kind: 'frontier-share', value: 0.3 });
    expect(result.threshold).toBeCloseTo(0.3, 12); // halfway between 0.25 and 0.35
    expect(items.filter((item) => item.score < result.threshold)).toHaveLength(3);
    expect(result.expected.frontierShare).toBe(0.3);
    expect(result.expected.pgr).toBeCloseTo(0.75, 12);
    expect(result.expected.costPerRequest).toBeCloseTo((3 * 5 + 7) / 10, 12);
    expect(result.expected.costSavings).toBeCloseTo(1 - 22 / 50, 12);
  });

  it('min-pgr: the smallest frontier share reaching the PGR', () => {
    const result = calibrateThreshold(items, { kind: 'min-pgr', value: 1 });
    expect(result.expected.frontierShare).toBe(0.4);
    expect(result.expected.pgr).toBeCloseTo(1, 12);
    expect(result.threshold).toBeCloseTo(0.4, 12);
  });

  it('max-cost: the largest frontier share within the budget', () => {
    // cost per request with k to strong = (5k + (10 − k)) / 10 = 1 + 0.4k → k = 2 for a budget of 1.9
    const result = calibrateThreshold(items, { kind: 'max-cost', value: 1.9 });
    expect(result.expected.frontierShare).toBe(0.2);
    expect(result.expected.costPerRequest).toBeCloseTo(1.8, 12);
    expect(() => calibrateThreshold(items, { kind: 'max-cost', value: 0.5 })).toThrow(/below the all-weak cost/);
    const unpriced = items.map(({ score, qWeak, qStrong }) => ({ score, qWeak, qStrong }));
    expect(() => calibrateThreshold(unpriced, { kind: 'max-cost', value: 3 })).toThrow(ValidationError);
  });

  it('the extremes: share 0 sends nothing to strong, share 1 sends everything', () => {
    expect(calibrateThreshold(items, { kind: 'frontier-share', value: 0 }).threshold).toBe(0);
    const all = calibrateThreshold(items, { kind: 'frontier-share', value: 1 });
    expect(all.threshold).toBe(ALWAYS_STRONG_THRESHOLD);
    expect(all.expected.frontierShare).toBe(1);
  });

  it('never splits prompts with equal scores', () => {
    const tied = items.map((item, index) => ({ ...item, score: index < 6 ? 0.5 : 0.9 }));
    const result = calibrateThreshold(tied, { kind: 'frontier-share', value: 0.4 });
    expect([0, 0.6]).toContain(result.expected.frontierShare);
  });

  it('rejects targets out of range', () => {
    expect(() => calibrateThreshold(items, { kind: 'frontier-share', value: 1.5 })).toThrow(ValidationError);
    expect(() => calibrateThreshold(items, { kind: 'min-pgr', value: 0 })).toThrow(ValidationError);
  });
});
