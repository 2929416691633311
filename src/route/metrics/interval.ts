/** Mean with a two-sided 95% Student-t interval, for per-fold metrics (few folds, so t rather than z). */
import { mean as meanOf, tCritical95 } from '../../kernel/index.js';

export interface MeanInterval {
  mean: number;
  low: number;
  high: number;
  /** Values that were not a number (e.g. a fold where PGR is undefined) are left out; n counts the rest. */
  n: number;
}

export function meanInterval(values: readonly number[]): MeanInterval {
  const finite = values.filter((value) => Number.isFinite(value));
  const n = finite.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const mean = meanOf(finite);
  if (n === 1) return { mean, low: Number.NaN, high: Number.NaN, n };
  const variance = finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const half = tCritical95(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}
