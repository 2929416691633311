/**
 * How raw scores become the values frontiers are compared on: an optional −ln(1 − accuracy) transform
 * (accuracy metrics only; Elo, index and other scores are never transformed), orientation for metrics
 * where lower is better, and the optional tolerance that lets an open score count as caught up.
 */
import type { Benchmark } from '../catalog/index.js';
import type { ScoreTransform } from './output/track-report.js';

/** Keeps −ln(1 − a) finite for a perfect score. */
const MAX_ACCURACY = 1 - 1e-6;

export interface Scale {
  /** Raw score → compared value (monotone increasing in "better"). */
  toCompared(raw: number): number;
  /** Compared value → raw score. */
  fromCompared(value: number): number;
  transformed: boolean;
}

export function scaleFor(benchmark: Pick<Benchmark, 'metric' | 'higherIsBetter'>, transform: ScoreTransform): Scale {
  const sign = benchmark.higherIsBetter ? 1 : -1;
  if (transform === 'neg-log-error' && benchmark.metric === 'accuracy' && benchmark.higherIsBetter) {
    return {
      toCompared: (raw) => -Math.log(1 - Math.min(Math.max(raw, 0), MAX_ACCURACY)),
      fromCompared: (value) => 1 - Math.exp(-value),
      transformed: true,
    };
  }
  return { toCompared: (raw) => sign * raw, fromCompared: (value) => sign * value, transformed: false };
}

/**
 * The tolerance in a benchmark's own units. `tolerance` is in points: percentage points of accuracy; for Elo,
 * percentage points of expected win rate against an equal model (t → 400·log10((50 + t) / (50 − t)));
 * for an index or other score, points of that score.
 */
export function toleranceInUnits(metric: Benchmark['metric'], tolerance: number): number {
  switch (metric) {
    case 'accuracy':
      return tolerance / 100;
    case 'elo':
      return 400 * Math.log10((50 + tolerance) / (50 - tolerance));
    case 'index':
    case 'score':
      return tolerance;
  }
}

/**
 * The raw score an open result is credited with when a tolerance is set: its score plus the tolerance, or,
 * where the source gives a 95% interval, at least its upper bound (a score not significantly below a level
 * counts as reaching it).
 */
export function creditedScore(
  raw: number,
  interval: { ciLow: number | null; ciHigh: number | null },
  benchmark: Pick<Benchmark, 'metric' | 'higherIsBetter'>,
  tolerance: number | null,
): number {
  if (tolerance === null) return raw;
  const allowance = toleranceInUnits(benchmark.metric, tolerance);
  if (benchmark.higherIsBetter) {
    const bound = interval.ciHigh ?? Number.NEGATIVE_INFINITY;
    return Math.max(raw + allowance, bound);
  }
  const bound = interval.ciLow ?? Number.POSITIVE_INFINITY;
  return Math.min(raw - allowance, bound);
}

/** A round grid step for threshold levels, per metric (raw units). */
export function levelStep(metric: Benchmark['metric'], low: number, high: number): number {
  switch (metric) {
    case 'accuracy':
      return 0.02;
    case 'elo':
      return 10;
    case 'index':
      return 1;
    case 'score': {
      const rough = Math.abs(high - low) / 20;
      if (!(rough > 0)) return 1;
      const magnitude = 10 ** Math.floor(Math.log10(rough));
      const scaled = rough / magnitude;
      return (scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10) * magnitude;
    }
  }
}
