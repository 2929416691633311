/** Means and quantiles of a list of numbers: NaN for an empty list (no value to summarise, never a 0). */

/**
 * How `quantile` interpolates, in words, for reports that print a quantile beside its method: linear
 * interpolation between order statistics (Hyndman & Fan type 7), the default of R, NumPy and pandas.
 */
export const QUANTILE_DEFINITION = 'linear interpolation between order statistics (Hyndman-Fan type 7; NumPy/pandas default)';

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

/** Type-7 quantile of `values` (need not be sorted) at probability `p` in [0, 1]. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
