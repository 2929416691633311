/**
 * Small, dependency-free statistics for lags: summaries, quantiles and a least-squares line with a Fieller
 * interval for where it crosses zero.
 */

/**
 * Quantiles use linear interpolation between order statistics (Hyndman & Fan type 7): the default of R,
 * NumPy and pandas. `QUANTILE_DEFINITION` is printed with every figure that uses it.
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

export interface Summary {
  n: number;
  mean: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
}

export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  return { n: values.length, mean: mean(values), median: median(values), q1, q3, iqr: q3 - q1 };
}

const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
] as const;

/** Two-sided 95% critical value of Student's t with `df` degrees of freedom. */
export function tCritical95(df: number): number {
  if (df < 1) return Number.POSITIVE_INFINITY;
  const tabled = T_975[Math.floor(df) - 1];
  if (tabled !== undefined) return tabled;
  // Cornish-Fisher expansion around the normal quantile; within 1e-3 of the exact value for df > 30.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

export interface LinearFit {
  n: number;
  /** Groups the slope is estimated within (1 for a plain line). */
  groups: number;
  degreesOfFreedom: number;
  slope: number;
  slopeLow: number;
  slopeHigh: number;
  /** Mean of x, and the line's level there (the line passes through it). */
  xMean: number;
  yMean: number;
  residualVariance: number;
  sxx: number;
  t: number;
}

export interface Series {
  xs: readonly number[];
  ys: readonly number[];
}

/**
 * One slope shared by several series, each with its own level (least squares with a fixed effect per series,
 * the "within" estimator): the slope comes only from how each series changes over its own span, so series that
 * start at different dates at different levels do not create a slope by entering or leaving. 95% t interval
 * with n − groups − 1 degrees of freedom. The line's level is the median of the series' levels at the mean x.
 * Series with fewer than two points carry no slope information and are left out. Null when fewer than three
 * distinct x remain or no degree of freedom is left.
 */
export function fitWithinSeries(series: readonly Series[]): LinearFit | null {
  const used = series.filter((entry) => entry.xs.length === entry.ys.length && entry.xs.length >= 2);
  const n = used.reduce((total, entry) => total + entry.xs.length, 0);
  const degreesOfFreedom = n - used.length - 1;
  if (degreesOfFreedom < 1 || new Set(used.flatMap((entry) => entry.xs)).size < 3) return null;
  const centred = used.map((entry) => ({ ...entry, xBar: mean(entry.xs), yBar: mean(entry.ys) }));
  let sxx = 0;
  let sxy = 0;
  for (const { xs, ys, xBar, yBar } of centred) {
    for (let i = 0; i < xs.length; i++) {
      const dx = (xs[i] as number) - xBar;
      sxx += dx * dx;
      sxy += dx * ((ys[i] as number) - yBar);
    }
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  let sse = 0;
  for (const { xs, ys, xBar, yBar } of centred) {
    for (let i = 0; i < xs.length; i++) {
      const residual = (ys[i] as number) - (yBar + slope * ((xs[i] as number) - xBar));
      sse += residual * residual;
    }
  }
  const xMean = mean(used.flatMap((entry) => entry.xs));
  const yMean = median(centred.map(({ xBar, yBar }) => yBar + slope * (xMean - xBar)));
  const residualVariance = sse / degreesOfFreedom;
  const t = tCritical95(degreesOfFreedom);
  const halfWidth = t * Math.sqrt(residualVariance / sxx);
  return { n, groups: used.length, degreesOfFreedom, slope, slopeLow: slope - halfWidth, slopeHigh: slope + halfWidth, xMean, yMean, residualVariance, sxx, t };
}

/** Ordinary least squares y = a + b·x with a 95% t interval for the slope. Needs at least 3 distinct x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LinearFit | null {
  return fitWithinSeries([{ xs, ys }]);
}

export interface Root {
  x: number;
  low: number;
  high: number;
}

/**
 * Where the fitted line crosses y = 0, with a 95% Fieller interval. With x centred, the line's level at x̄
 * and its slope are independent, so the root x̄ − ȳ/b is a ratio of independent normals. Returns null when
 * the slope is not significantly different from zero (the interval would be unbounded).
 */
export function zeroCrossing(fit: LinearFit): Root | null {
  const { slope, yMean, xMean, residualVariance, sxx, n, t } = fit;
  const varLevel = residualVariance / n;
  const varSlope = residualVariance / sxx;
  const denominator = slope * slope - t * t * varSlope;
  if (!(denominator > 0)) return null;
  const ratio = yMean / slope;
  const inner = t * t * (yMean * yMean * varSlope + slope * slope * varLevel - t * t * varLevel * varSlope);
  const spread = Math.sqrt(Math.max(inner, 0));
  const ratioLow = (yMean * slope - spread) / denominator;
  const ratioHigh = (yMean * slope + spread) / denominator;
  return { x: xMean - ratio, low: xMean - ratioHigh, high: xMean - ratioLow };
}
