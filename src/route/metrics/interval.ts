/** Mean with a two-sided 95% Student-t interval, for per-fold metrics (few folds, so t rather than z). */

const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** The 97.5% quantile of Student's t with `df` degrees of freedom (1.96 beyond the table). */
export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  return T_975[df - 1] ?? 1.96;
}

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
  const mean = finite.reduce((sum, value) => sum + value, 0) / n;
  if (n === 1) return { mean, low: Number.NaN, high: Number.NaN, n };
  const variance = finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}
