/**
 * Statistics for lags: summaries and a least-squares line with a Fieller interval for where it crosses zero
 * (quantiles and critical values from the kernel).
 */
import { mean, median, quantile, tCritical95 } from '../kernel/index.js';

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
