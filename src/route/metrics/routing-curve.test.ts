import { describe, expect, it } from 'vitest';
import { apgr, cpt, pgrAt, routingCurve, savingsAt, type RoutedItem } from './routing-curve.js';

function items(scores: number[], weak: number[], strong: number[]): RoutedItem[] {
  return scores.map((score, index) => ({ score, qWeak: weak[index] ?? 0, qStrong: strong[index] ?? 0 }));
}

describe('routing curve metrics (hand-computed)', () => {
  // gains (strong − weak) = [1, 1, 0, 1]; q_weak = 0.25, q_strong = 1.
  // Order by score: items 0, 1, 3 (gain 1 each), then item 2 (gain 0) → PGR 0, 1/3, 2/3, 1, 1 at shares 0 … 1.
  const curve = routingCurve(items([0.1, 0.2, 0.9, 0.3], [0, 0, 1, 0], [1, 1, 1, 1]));

  it('PGR at the vertices and between them', () => {
    expect(curve.qualityWeak).toBe(0.25);
    expect(curve.qualityStrong).toBe(1);
    expect(pgrAt(curve, 0)).toBe(0);
    expect(pgrAt(curve, 0.25)).toBeCloseTo(1 / 3, 12);
    expect(pgrAt(curve, 0.375)).toBeCloseTo(0.5, 12);
    expect(pgrAt(curve, 0.75)).toBeCloseTo(1, 12);
    expect(pgrAt(curve, 1)).toBeCloseTo(1, 12);
  });

  it('APGR is the trapezoid area: 0.25 × (1/6 + 1/2 + 5/6 + 1) = 0.625', () => {
    expect(apgr(curve)).toBeCloseTo(0.625, 12);
  });

  it('CPT(50%) = 0.375 and CPT(80%) = 0.6 by linear interpolation', () => {
    expect(cpt(curve, 0.5)).toBeCloseTo(0.375, 12);
    expect(cpt(curve, 0.8)).toBeCloseTo(0.6, 12);
  });

  it('equal scores give the expected random curve: APGR 0.5, CPT(x) = x', () => {
    const constant = routingCurve(items([0.5, 0.5, 0.5, 0.5], [0, 0, 1, 0], [1, 1, 1, 1]));
    expect(constant.vertices).toHaveLength(2);
    expect(apgr(constant)).toBeCloseTo(0.5, 12);
    expect(cpt(constant, 0.5)).toBeCloseTo(0.5, 12);
    expect(cpt(constant, 0.8)).toBeCloseTo(0.8, 12);
  });

  it('ties inside a run are averaged, not ordered by input position', () => {
    // items 0 and 1 tie, gains 1 and 0; item 2 (gain 1) last. q_weak = 1/3, q_strong = 1, gap 2/3.
    const tied = routingCurve(items([0.2, 0.2, 0.9], [0, 1, 0], [1, 1, 1]));
    // the tie run spans shares 0 → 2/3 and adds 1/3 of quality; halfway (share 1/3) it has added 1/6: PGR 0.25
    expect(pgrAt(tied, 1 / 3)).toBeCloseTo(0.25, 12);
    const swapped = routingCurve(items([0.2, 0.2, 0.9], [1, 0, 0], [1, 1, 1]));
    expect(apgr(swapped)).toBeCloseTo(apgr(tied), 12);
  });

  it('PGR can exceed 1 when the weak model is better on some prompts', () => {
    // weak [0, 1], strong [1, 0.5]: q_weak 0.5, q_strong 0.75; PGR 0 → 2 → 1
    const mixed = routingCurve(items([0, 1], [0, 1], [1, 0.5]));
    expect(pgrAt(mixed, 0.5)).toBeCloseTo(2, 12);
    expect(apgr(mixed)).toBeCloseTo(1.25, 12);
    expect(cpt(mixed, 0.5)).toBeCloseTo(0.125, 12);
  });

  it('PGR is undefined when the strong model is not better', () => {
    const flat = routingCurve(items([0, 1], [1, 1], [1, 1]));
    expect(Number.isNaN(apgr(flat))).toBe(true);
    expect(Number.isNaN(cpt(flat, 0.5))).toBe(true);
  });

  it('cost savings against always-strong along the curve', () => {
    const priced = routingCurve([
      { score: 0.1, qWeak: 0, qStrong: 1, costWeak: 1, costStrong: 10 },
      { score: 0.9, qWeak: 1, qStrong: 1, costWeak: 1, costStrong: 10 },
    ]);
    expect(savingsAt(priced, 1)).toBeCloseTo(0, 12);
    expect(savingsAt(priced, 0)).toBeCloseTo(0.9, 12); // 2 vs 20
    expect(savingsAt(priced, 0.5)).toBeCloseTo(1 - 11 / 20, 12);
    const unknown = routingCurve([{ score: 0, qWeak: 0, qStrong: 1 }]);
    expect(savingsAt(unknown, 0.5)).toBeNull();
  });
});
