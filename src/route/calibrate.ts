/**
 * Choosing the threshold for the builder's target, on out-of-fold scores (scores of prompts the scoring model
 * never saw, so their spread is the spread new traffic will have):
 *   frontier-share x — about a share x of requests go to the strong model;
 *   min-pgr x        — the smallest strong share whose PGR reaches x;
 *   max-cost x       — the largest strong share whose mean cost per request stays within x USD.
 * The threshold sits halfway between two adjacent distinct scores, so prompts with equal scores are never split.
 */
import { ValidationError } from '../errors.js';
import { cpt, pgrOf, routingCurve, type RoutedItem } from './metrics/routing-curve.js';
import type { CALIBRATION_TARGETS, OperatingPoint } from './policy-schema.js';

export interface CalibrationTarget {
  kind: (typeof CALIBRATION_TARGETS)[number];
  value: number;
}

export interface Calibration {
  threshold: number;
  expected: OperatingPoint;
}

/** Threshold that sends every request to the strong model (scores never exceed 1). */
export const ALWAYS_STRONG_THRESHOLD = 2;

function costOf(items: readonly RoutedItem[], strongCount: number, order: readonly number[]): number | null {
  let total = 0;
  for (let position = 0; position < order.length; position++) {
    const item = items[order[position] ?? 0];
    const cost = position < strongCount ? item?.costStrong : item?.costWeak;
    if (cost === undefined) return null;
    total += cost;
  }
  return total;
}

export function calibrateThreshold(items: readonly RoutedItem[], target: CalibrationTarget): Calibration {
  const n = items.length;
  if (n === 0) throw new ValidationError('no prompts to calibrate on');
  const order = items.map((_, index) => index).sort((a, b) => (items[a]?.score ?? 0) - (items[b]?.score ?? 0) || a - b);
  const sorted = order.map((index) => items[index]?.score ?? 0);
  // k = number of prompts sent to the strong model; only tie-group boundaries are possible
  const boundaries: number[] = [0];
  for (let k = 1; k <= n; k++) if (k === n || sorted[k] !== sorted[k - 1]) boundaries.push(k);
  const curve = routingCurve(items);
  let strongCount: number;
  switch (target.kind) {
    case 'frontier-share': {
      if (!(target.value >= 0 && target.value <= 1)) throw new ValidationError(`--target-frontier-share must be between 0 and 1, got ${target.value}`, 'target-frontier-share');
      const wanted = target.value * n;
      strongCount = boundaries.reduce((best, k) => (Math.abs(k - wanted) < Math.abs(best - wanted) ? k : best), 0);
      break;
    }
    case 'min-pgr': {
      if (!(target.value > 0 && target.value <= 1)) throw new ValidationError(`--min-pgr must be in (0, 1], got ${target.value}`, 'min-pgr');
      const share = cpt(curve, target.value);
      if (Number.isNaN(share)) throw new ValidationError('PGR is undefined on this data (the strong model is not better than the weak one)', 'min-pgr');
      const wanted = Math.ceil(share * n - 1e-9);
      strongCount = boundaries.find((k) => k >= wanted) ?? n;
      break;
    }
    case 'max-cost': {
      if (!(target.value >= 0)) throw new ValidationError(`--max-cost must be a non-negative number, got ${target.value}`, 'max-cost');
      const allWeak = costOf(items, 0, order);
      if (allWeak === null) throw new ValidationError('--max-cost needs costs: give --weak-price and --strong-price, or results with costUsd', 'max-cost');
      if (allWeak / n > target.value) throw new ValidationError(`--max-cost ${target.value} USD per request is below the all-weak cost of ${(allWeak / n).toPrecision(3)} USD`, 'max-cost');
      strongCount = 0;
      for (const k of boundaries) {
        const cost = costOf(items, k, order);
        if (cost !== null && cost / n <= target.value) strongCount = Math.max(strongCount, k);
      }
      break;
    }
  }
  const threshold = strongCount === 0 ? 0 : strongCount === n ? ALWAYS_STRONG_THRESHOLD : ((sorted[strongCount - 1] ?? 0) + (sorted[strongCount] ?? 0)) / 2;
  let quality = 0;
  order.forEach((index, position) => {
    const item = items[index];
    quality += (position < strongCount ? item?.qStrong : item?.qWeak) ?? 0;
  });
  quality /= n;
  const cost = costOf(items, strongCount, order);
  const allStrong = costOf(items, n, order);
  const pgr = pgrOf(curve, quality);
  return {
    threshold,
    expected: {
      frontierShare: strongCount / n,
      quality,
      pgr: Number.isNaN(pgr) ? null : pgr,
      costPerRequest: cost === null ? null : cost / n,
      costSavings: cost === null || allStrong === null || allStrong <= 0 ? null : 1 - cost / allStrong,
    },
  };
}
