import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { fixedMixPoints, ladderChoice, ladderCurve, oraclePoints, pathArea, pathPoints, pgrAtX, xAtPgr, type LadderItem } from './ladder-curve.js';
import { calibrateLadder } from './train-ladder.js';

// Three models, costs 1, 2 and 10 per call. Item A: the first model is right (quality 1), the middle one wrong.
// Item B: the first wrong, the middle and last right. Predictions for the first two models only.
const items: LadderItem[] = [
  { predicted: [0.9, 0.5], quality: [1, 0, 1], cost: [1, 2, 10] },
  { predicted: [0.2, 0.6], quality: [0, 1, 1], cost: [1, 2, 10] },
];

describe('ladder curve (hand-computed)', () => {
  const curve = ladderCurve(items, 3);

  it('picks the cheapest model whose prediction clears τ, else the last', () => {
    expect(ladderChoice([0.9, 0.5], 3, 0.5)).toBe(0);
    expect(ladderChoice([0.2, 0.6], 3, 0.5)).toBe(1);
    expect(ladderChoice([0.2, 0.6], 3, 0.61)).toBe(2);
  });

  it('each model always, on the cost axis', () => {
    expect(curve.axis).toBe('cost');
    expect(curve.always.map((vertex) => [vertex.quality, vertex.cost])).toEqual([
      [0.5, 1],
      [0.5, 2],
      [1, 10],
    ]);
  });

  it('sweeps τ over the distinct predictions: all first, A first + B middle (twice), A first + B last, all last', () => {
    expect(curve.vertices.map((vertex) => [vertex.quality, vertex.cost, vertex.shares])).toEqual([
      [0.5, 1, [1, 0, 0]],
      [1, 1.5, [0.5, 0.5, 0]],
      [1, 1.5, [0.5, 0.5, 0]],
      [1, 5.5, [0.5, 0, 0.5]],
      [1, 10, [0, 0, 1]],
    ]);
    // x = (cost − 1)/(10 − 1), PGR = (q − 0.5)/0.5
    expect(pathPoints(curve).map((point) => [point.x, point.pgr])).toEqual([
      [0, 0],
      [1 / 18, 1],
      [1 / 18, 1],
      [0.5, 1],
      [1, 1],
    ]);
  });

  it('APGR = (1/18)·½ + (1 − 1/18)·1 = 35/36; PGR 50% at x = 1/36', () => {
    const points = pathPoints(curve);
    expect(pathArea(points)).toBeCloseTo(35 / 36, 12);
    expect(xAtPgr(points, 0.5)).toBeCloseTo(1 / 36, 12);
    expect(pgrAtX(points, 1 / 36)).toBeCloseTo(0.5, 12);
  });

  it('oracle: only B moves, to the middle model (gain 1 per cost 1, better than the last at 1 per 9)', () => {
    expect(oraclePoints(curve, items)).toEqual([
      { x: 0, pgr: 0 },
      { x: 1 / 18, pgr: 1 },
    ]);
    expect(pathArea(oraclePoints(curve, items))).toBeCloseTo(35 / 36, 12);
  });

  it('best fixed mix: the upper hull of the always-points (here the middle model is under the diagonal)', () => {
    expect(fixedMixPoints(curve)).toEqual([
      { x: 0, pgr: 0 },
      { x: 1, pgr: 1 },
    ]);
    // a middle model at (0.2, 0.6) lifts the hull: 0.2·0.3 + 0.8·0.8 = 0.70
    expect(pathArea([{ x: 0, pgr: 0 }, { x: 0.2, pgr: 0.6 }, { x: 1, pgr: 1 }])).toBeCloseTo(0.7, 12);
  });

  it('without every cost, the axis is the mean ladder step', () => {
    const unpriced = ladderCurve([{ ...items[0]!, cost: [1, undefined, 10] }, items[1]!], 3);
    expect(unpriced.axis).toBe('step');
    expect(pathPoints(unpriced).map((point) => point.x)).toEqual([0, 0.25, 0.25, 0.5, 1]);
  });
});

describe('ladder calibration (hand-computed)', () => {
  it('min-pgr: the cheapest point reaching the PGR, τ halfway between two predictions', () => {
    const calibration = calibrateLadder(items, 3, { kind: 'min-pgr', value: 0.9 });
    expect(calibration.threshold).toBeCloseTo(0.35, 12);
    expect(calibration.expected).toEqual({ quality: 1, pgr: 1, costPerRequest: 1.5, costSavings: 0.85, shares: [0.5, 0.5, 0] });
  });

  it('max-cost: the best quality within the budget, and a clear error below the cheapest model', () => {
    expect(calibrateLadder(items, 3, { kind: 'max-cost', value: 1.2 })).toMatchObject({ threshold: -1, expected: { quality: 0.5, costPerRequest: 1 } });
    expect(calibrateLadder(items, 3, { kind: 'max-cost', value: 6 })).toMatchObject({ threshold: 0.35, expected: { costPerRequest: 1.5 } });
    expect(() => calibrateLadder(items, 3, { kind: 'max-cost', value: 0.5 })).toThrow(ValidationError);
    expect(() => calibrateLadder(items, 3, { kind: 'max-cost', value: 0.5 })).toThrow(/below the cost of always using the first model, 1\.00 USD/);
  });
});
