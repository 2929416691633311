/**
 * The lag's trend. Each benchmark gives one point per half-year: the mean of its measured daily lags (days whose
 * lag is only a lower bound are left out, see methods/daily.ts), placed at the mean date of those days. The slope
 * is estimated within benchmarks (one level per benchmark, one shared slope), so benchmarks that enter or leave
 * the data at different levels do not make a trend. Only when the slope is significantly negative and the fitted
 * lag is still above zero is the date it reaches zero projected.
 */
import type { HalfYearLag } from './benchmark-track.js';
import { dayFromYear, isoFromDay } from './dates.js';
import type { Trend } from './output/track-report.js';
import { median } from '../kernel/index.js';
import { fitWithinSeries, zeroCrossing } from './stats.js';

/** A half-year with fewer measured days than this is left out: a few days sit anywhere on the lag's saw-tooth. */
export const MIN_DAYS_PER_POINT = 30;

/**
 * A fit needs this many residual degrees of freedom. Half-year means along the daily lag's saw-tooth are not
 * independent: three half-years of one benchmark on a stretch where one frontier stood still lie on a line of
 * a day per day, and with one degree of freedom that reads as a confident ±12 months a year.
 */
export const MIN_DEGREES_OF_FREEDOM = 2;

/** A slope whose whole 95% interval lies within ± this many months a year (3 days) is called steady. */
export const STEADY_MONTHS_PER_YEAR = 0.1;

export const TREND_BASIS =
  'daily lag, measured days only (a lag that predates the other group’s first result is a lower bound and left out): ' +
  `mean per benchmark and half-year (≥ ${MIN_DAYS_PER_POINT} days), at the days’ mean date; ` +
  'one slope fitted within benchmarks (each its own level)';

function formatMonths(value: number): string {
  return `${value.toFixed(1)} months`;
}

function dateOfYear(year: number): string {
  return isoFromDay(dayFromYear(year));
}

export function lagTrend(perBenchmark: ReadonlyArray<readonly HalfYearLag[]>, sources: readonly string[] = []): Trend | null {
  const kept = perBenchmark.map((points) => points.filter((point) => point.days >= MIN_DAYS_PER_POINT)).filter((points) => points.length > 0);
  if (kept.length === 0) return null;
  const byPeriod = new Map<string, number[]>();
  for (const points of kept) {
    for (const point of points) byPeriod.set(point.period, [...(byPeriod.get(point.period) ?? []), point.lagMonths]);
  }
  const halfYears = [...byPeriod]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, lags]) => ({ period, lagMonths: median(lags), benchmarks: lags.length }));
  const base = { basis: TREND_BASIS, halfYears, fit: null, slopeMonthsPerYear: null, slopeInterval: null, line: null, projection: null, sources: [...sources] };
  const fit = fitWithinSeries(kept.map((points) => ({ xs: points.map((point) => point.year), ys: points.map((point) => point.lagMonths) })));
  if (fit === null || fit.degreesOfFreedom < MIN_DEGREES_OF_FREEDOM) {
    return { ...base, direction: 'too-few-points', statement: `too few half-years (${halfYears.length}) to estimate a trend` };
  }
  const years = kept.filter((points) => points.length >= 2).flatMap((points) => points.map((point) => point.year));
  const [first, last] = [Math.min(...years), Math.max(...years)];
  const at = (year: number) => ({ date: dateOfYear(year), lagMonths: fit.yMean + fit.slope * (year - fit.xMean) });
  const slopeInterval: [number, number] = [fit.slopeLow, fit.slopeHigh];
  const withFit = {
    ...base,
    fit: { benchmarks: fit.groups, points: fit.n, degreesOfFreedom: fit.degreesOfFreedom },
    slopeMonthsPerYear: fit.slope,
    slopeInterval,
    line: { start: at(first), end: at(last) },
  };
  const slopeText = `${fit.slope.toFixed(1)} months per year (95% CI ${fit.slopeLow.toFixed(1)} to ${fit.slopeHigh.toFixed(1)})`;
  if (fit.slopeLow >= -STEADY_MONTHS_PER_YEAR && fit.slopeHigh <= STEADY_MONTHS_PER_YEAR) {
    return { ...withFit, direction: 'steady', statement: `the lag is steady: it changes by less than ${STEADY_MONTHS_PER_YEAR} months a year (slope ${slopeText})` };
  }
  if (fit.slopeLow <= 0 && fit.slopeHigh >= 0) {
    return { ...withFit, direction: 'no-trend', statement: `the data shows no trend: slope ${slopeText}` };
  }
  if (fit.slope > 0) {
    return { ...withFit, direction: 'growing', statement: `the lag is growing: ${slopeText}; no convergence in sight` };
  }
  const root = zeroCrossing(fit);
  const latest = at(last).lagMonths;
  // a crossing before the last fitted half-year is past: stated, never projected
  if (latest <= 0) {
    const crossed = root === null ? '' : `; the fitted line crossed zero around ${dateOfYear(root.x)}`;
    return { ...withFit, direction: 'shrinking', statement: `open models are level or ahead (fitted lag ${formatMonths(latest)} at ${dateOfYear(last)})${crossed}` };
  }
  if (root === null) return { ...withFit, direction: 'shrinking', statement: `the lag is shrinking (${slopeText}) but its zero cannot be bounded` };
  const projection = { date: dateOfYear(root.x), low: dateOfYear(root.low), high: dateOfYear(root.high) };
  const statement = `the lag is shrinking by ${formatMonths(-fit.slope)} a year; at this rate it reaches zero around ${projection.date} (95% interval ${projection.low} to ${projection.high})`;
  return { ...withFit, direction: 'shrinking', projection, statement };
}
