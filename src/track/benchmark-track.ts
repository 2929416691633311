/**
 * Everything parity computes for one benchmark: the open and closed running-max frontiers, the best model
 * of each group, the score gap, and the lag by each requested method.
 */
import type { Benchmark, BenchmarkResult, Model } from '../catalog/index.js';
import { civilFromDay, dayNumber, daysToMonths, halfYearOf, isoFromDay, yearFromDay } from './dates.js';
import { runningMaxFrontier, type FrontierPoint, type Observation } from './frontier.js';
import { areaLag } from './methods/area.js';
import { dailyLags, type DailyLag } from './methods/daily.js';
import { levelGrid, thresholdLags } from './methods/threshold.js';
import type { Group } from './open-definition.js';
import type { BenchmarkTrack, ModelScore, ScoreTransform, TrackFrontierPoint, TrackMethod } from './output/track-report.js';
import { mean, median } from '../kernel/index.js';
import { summarize } from './stats.js';
import { creditedScore, levelStep, scaleFor, type Scale } from './transform.js';

export interface ResolvedResult {
  result: BenchmarkResult;
  model: Model;
  group: Group;
}

export interface BenchmarkContext {
  methods: readonly TrackMethod[];
  transform: ScoreTransform;
  tolerance: number | null;
  /** First and last day of the report's window (the last is the report's as-of date). */
  startDay: number | null;
  endDay: number;
}

export interface BenchmarkOutcome {
  track: BenchmarkTrack;
  /** The trend's input: half-year means of the measured (not censored) daily lags; empty without both groups. */
  halfYears: HalfYearLag[];
}

/** One benchmark's mean daily lag over the measured days of one half-year, placed at those days' mean date. */
export interface HalfYearLag {
  period: string;
  /** Mean of the measured days, as a fractional year (a half-year only partly covered sits where its days are). */
  year: number;
  lagMonths: number;
  days: number;
}

function modelScore(entry: ResolvedResult): ModelScore {
  const { result, model } = entry;
  return {
    modelId: model.id,
    modelName: model.name,
    benchmark: result.benchmark,
    score: result.score,
    ciLow: result.ciLow,
    ciHigh: result.ciHigh,
    date: result.date,
    source: result.source,
    sourceRow: result.sourceRow,
  };
}

/** Date, then model id, then source: a fixed order, so ties always resolve the same way. */
function compareKeys(a: ResolvedResult, b: ResolvedResult): number {
  if (a.result.date !== b.result.date) return a.result.date < b.result.date ? -1 : 1;
  if (a.model.id !== b.model.id) return a.model.id < b.model.id ? -1 : 1;
  if (a.result.source !== b.result.source) return a.result.source < b.result.source ? -1 : 1;
  return 0;
}

function best(entries: readonly ResolvedResult[], scale: Scale): ModelScore | null {
  let top: ResolvedResult | null = null;
  for (const entry of entries) {
    if (top === null) top = entry;
    else {
      const difference = scale.toCompared(entry.result.score) - scale.toCompared(top.result.score);
      if (difference > 0 || (difference === 0 && entry.result.date < top.result.date)) top = entry;
    }
  }
  return top === null ? null : modelScore(top);
}

function frontierOf(
  entries: readonly ResolvedResult[],
  benchmark: Benchmark,
  scale: Scale,
  tolerance: number | null,
): Array<FrontierPoint<TrackFrontierPoint>> {
  const observations: Array<Observation<ResolvedResult>> = entries.map((entry) => {
    const raw = entry.group === 'open' ? creditedScore(entry.result.score, entry.result, benchmark, tolerance) : entry.result.score;
    return { day: dayNumber(entry.result.date), score: scale.toCompared(raw), ref: entry };
  });
  // a point's reference (a copy of its result) is built for the frontier's few points, not for every result
  return runningMaxFrontier(observations).map((point) => ({ day: point.day, score: point.score, ref: { ...modelScore(point.ref), compared: point.score } }));
}

/** Half-year means of the measured days (censored days are lower bounds, not measurements, and are left out). */
function halfYearLags(lags: readonly DailyLag[]): HalfYearLag[] {
  const byHalf = new Map<string, { lags: number[]; years: number[] }>();
  for (const lag of lags) {
    if (lag.censored) continue;
    const period = halfYearOf(lag.day);
    const bucket = byHalf.get(period) ?? { lags: [], years: [] };
    bucket.lags.push(daysToMonths(lag.lagDays));
    bucket.years.push(yearFromDay(lag.day));
    byHalf.set(period, bucket);
  }
  return [...byHalf].map(([period, bucket]) => ({ period, year: mean(bucket.years), lagMonths: mean(bucket.lags), days: bucket.lags.length }));
}

function dailySection(lags: readonly DailyLag[]) {
  const first = lags[0];
  const last = lags[lags.length - 1];
  const halfYears = halfYearLags(lags);
  if (!first || !last) return { section: null, halfYears };
  const months = lags.map((lag) => daysToMonths(lag.lagDays));
  const series = lags
    .filter((lag, index) => index === lags.length - 1 || civilFromDay(lag.day).day === 1)
    .map((lag) => ({ date: isoFromDay(lag.day), lagMonths: daysToMonths(lag.lagDays) }));
  const latest = months[months.length - 1] as number;
  return {
    section: {
      start: isoFromDay(first.day),
      end: isoFromDay(last.day),
      days: lags.length,
      censoredDays: lags.filter((lag) => lag.censored).length,
      mean: mean(months),
      median: median(months),
      latest,
      latestCensored: last.censored,
      lagMonths: latest,
      series,
      halfYears: halfYears.map(({ period, lagMonths, days }) => ({ period, lagMonths, days })),
    },
    halfYears,
  };
}

export function trackBenchmark(benchmark: Benchmark, entries: readonly ResolvedResult[], context: BenchmarkContext): BenchmarkOutcome {
  const scale = scaleFor(benchmark, context.transform);
  const sorted = [...entries].sort((a, b) => compareKeys(a, b));
  const open = sorted.filter((entry) => entry.group === 'open');
  const closed = sorted.filter((entry) => entry.group === 'closed');
  const bestOpen = best(open, scale);
  const bestClosed = best(closed, scale);
  const openFrontier = frontierOf(open, benchmark, scale, context.tolerance);
  const closedFrontier = frontierOf(closed, benchmark, scale, null);
  const status = open.length === 0 && closed.length === 0 ? 'no-data' : open.length === 0 || closed.length === 0 ? 'one-group' : 'ok';
  const orientation = benchmark.higherIsBetter ? 1 : -1;

  const track: BenchmarkTrack = {
    benchmark: benchmark.id,
    name: benchmark.name,
    metric: benchmark.metric,
    transformed: scale.transformed,
    status,
    counts: { open: open.length, closed: closed.length },
    lastResult: { open: open[open.length - 1]?.result.date ?? null, closed: closed[closed.length - 1]?.result.date ?? null },
    bestOpen,
    bestClosed,
    scoreGap: bestOpen && bestClosed ? orientation * (bestClosed.score - bestOpen.score) : null,
    frontiers: { open: openFrontier.map((point) => point.ref), closed: closedFrontier.map((point) => point.ref) },
    sources: [...new Set(sorted.map((entry) => entry.result.source))].sort(),
  };
  if (status !== 'ok') {
    for (const method of context.methods) track[method] = null;
    return { track, halfYears: [] };
  }

  const openFirst = openFrontier[0] as FrontierPoint<TrackFrontierPoint>;
  const closedFirst = closedFrontier[0] as FrontierPoint<TrackFrontierPoint>;
  const openLast = openFrontier[openFrontier.length - 1] as FrontierPoint<TrackFrontierPoint>;
  const closedLast = closedFrontier[closedFrontier.length - 1] as FrontierPoint<TrackFrontierPoint>;

  if (context.methods.includes('threshold')) {
    // Levels from the higher of the two first points (below it, a lag only measures when each group's data
    // starts) to the highest point either group reached; a level only one side reached is reported as not
    // yet reached by the other. The start uses the open side's actual score, not the tolerance-credited one.
    const start = Math.max(scale.toCompared(openFirst.ref.score), closedFirst.score);
    const end = Math.max(openLast.score, closedLast.score);
    const [low, high] = [scale.fromCompared(start), scale.fromCompared(end)].sort((a, b) => a - b) as [number, number];
    const step = levelStep(benchmark.metric, low, high);
    const levels = levelGrid(low, high, step)
      .map((label) => ({ label, value: scale.toCompared(label) }))
      .filter((level) => level.value >= start);
    const result = thresholdLags(openFrontier, closedFrontier, levels);
    const crossings = result.crossings.map((crossing) => {
      const { compared: _openCompared, ...openRef } = crossing.open.ref;
      const { compared: _closedCompared, ...closedRef } = crossing.closed.ref;
      return { level: crossing.level, lagMonths: daysToMonths(crossing.lagDays), open: openRef, closed: closedRef };
    });
    const summary = summarize(crossings.map((crossing) => crossing.lagMonths));
    track.threshold = {
      step,
      crossings,
      summary,
      openNotYet: result.openNotYet,
      closedNotYet: result.closedNotYet,
      lagMonths: summary?.median ?? null,
    };
  }

  if (context.methods.includes('area')) {
    const area = areaLag(openFrontier, closedFrontier);
    const range = area ? ([scale.fromCompared(area.low), scale.fromCompared(area.high)].sort((a, b) => a - b) as [number, number]) : null;
    track.area = area
      ? { lagMonths: daysToMonths(area.lagDays), range, reason: null }
      : { lagMonths: null, range: null, reason: 'the open and closed frontiers share no score range' };
  }

  // The window ends when either group's results end: after that, where that group's frontier stands is unknown.
  const lastResultDay = Math.min(dayNumber(open[open.length - 1]!.result.date), dayNumber(closed[closed.length - 1]!.result.date));
  const firstDay = Math.max(context.startDay ?? Number.NEGATIVE_INFINITY, openFirst.day, closedFirst.day);
  const end = Math.min(context.endDay, lastResultDay);
  const daily = dailySection(dailyLags(openFrontier, closedFrontier, firstDay, end));
  if (context.methods.includes('daily')) track.daily = daily.section;
  return { track, halfYears: daily.halfYears };
}
