/**
 * The lag's trend: the mean daily lag per half-year (median across a domain's benchmarks), a least-squares
 * line through those points, and — only when the line falls significantly — when it reaches zero.
 */
import { dayFromYear, halfYearMidpoint, isoFromDay } from './dates.js';
import type { Trend } from './output/track-report.js';
import { fitLine, median, zeroCrossing } from './stats.js';

export const TREND_BASIS = 'daily lag: mean per half-year for each benchmark, then the median across the domain’s benchmarks';

function formatMonths(value: number): string {
  return `${value.toFixed(1)} months`;
}

export function lagTrend(perBenchmark: ReadonlyArray<ReadonlyMap<string, number>>, sources: readonly string[] = []): Trend | null {
  const byPeriod = new Map<string, number[]>();
  for (const halfYears of perBenchmark) {
    for (const [period, lag] of halfYears) {
      const bucket = byPeriod.get(period) ?? [];
      bucket.push(lag);
      byPeriod.set(period, bucket);
    }
  }
  if (byPeriod.size === 0) return null;
  const halfYears = [...byPeriod]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, lags]) => ({ period, lagMonths: median(lags), benchmarks: lags.length }));
  const base = { basis: TREND_BASIS, halfYears, slopeMonthsPerYear: null, slopeInterval: null, projection: null, sources: [...sources] };
  const fit = fitLine(
    halfYears.map((entry) => halfYearMidpoint(entry.period)),
    halfYears.map((entry) => entry.lagMonths),
  );
  if (fit === null) {
    return { ...base, statement: `too few half-years (${halfYears.length}) to estimate a trend` };
  }
  const slopeInterval: [number, number] = [fit.slopeLow, fit.slopeHigh];
  const withFit = { ...base, slopeMonthsPerYear: fit.slope, slopeInterval };
  const slopeText = `${fit.slope.toFixed(1)} months per year (95% CI ${fit.slopeLow.toFixed(1)} to ${fit.slopeHigh.toFixed(1)})`;
  if (fit.slopeLow <= 0 && fit.slopeHigh >= 0) {
    return { ...withFit, statement: `the data shows no trend: slope ${slopeText}` };
  }
  if (fit.slope > 0) {
    return { ...withFit, statement: `the lag is growing: ${slopeText}; no convergence in sight` };
  }
  const root = zeroCrossing(fit);
  if (root === null) return { ...withFit, statement: `the lag is shrinking (${slopeText}) but its zero cannot be bounded` };
  const projection = {
    date: isoFromDay(dayFromYear(root.x)),
    low: isoFromDay(dayFromYear(root.low)),
    high: isoFromDay(dayFromYear(root.high)),
  };
  const latest = halfYears[halfYears.length - 1]?.lagMonths ?? 0;
  const statement =
    latest <= 0
      ? `open models are level or ahead (latest half-year lag ${formatMonths(latest)}); the fitted line crossed zero around ${projection.date}`
      : `the lag is shrinking by ${formatMonths(-fit.slope)} a year; at this rate it reaches zero around ${projection.date} (95% interval ${projection.low} to ${projection.high})`;
  return { ...withFit, projection, statement };
}
