/**
 * A domain's figures from its benchmarks. Aggregation rule: each benchmark gets its own lag per method
 * (threshold: the median over levels; area: its value; daily: the lag on the window's last day), and the
 * domain's lag is the median of its benchmarks' lags. Benchmarks are never mixed into one frontier, since
 * accuracy, Elo and index scores are not on one scale. The best models and the score gap are those of the
 * domain's headline benchmark: the one with the most recent data from both groups (ties: more results).
 */
import type { Benchmark, DomainId } from '../catalog/index.js';
import { trackBenchmark, type BenchmarkContext, type BenchmarkOutcome, type ResolvedResult } from './benchmark-track.js';
import type { BenchmarkTrack, DomainLag, DomainTrack, TrackMethod } from './output/track-report.js';
import { priceFrontier, type PriceInput } from './price-frontier.js';
import { median } from '../kernel/index.js';
import { lagTrend } from './trend.js';

export interface DomainInput {
  id: DomainId;
  name: string;
  /** Sources searched for the domain (taxonomy), named when it has no data. */
  searched?: readonly string[];
  benchmarks: readonly Benchmark[];
  entries: ReadonlyMap<string, readonly ResolvedResult[]>;
}

function benchmarkLag(track: BenchmarkTrack, method: TrackMethod): number | null {
  return track[method]?.lagMonths ?? null;
}

/** The later of the two groups' latest results can be stale on one side; rank by the earlier one. */
function freshness(track: BenchmarkTrack): [string, number] {
  const { open, closed } = track.lastResult;
  const date = open === null || closed === null ? '' : open < closed ? open : closed;
  return [date, track.counts.open + track.counts.closed];
}

function pickHeadline(tracks: readonly BenchmarkTrack[]): BenchmarkTrack | null {
  let headline: BenchmarkTrack | null = null;
  for (const track of tracks.filter((candidate) => candidate.status === 'ok')) {
    if (headline === null) {
      headline = track;
      continue;
    }
    const [date, count] = freshness(track);
    const [bestDate, bestCount] = freshness(headline);
    if (date > bestDate || (date === bestDate && count > bestCount)) headline = track;
  }
  return headline;
}

export function trackDomain(
  domain: DomainInput,
  context: BenchmarkContext,
  prices: PriceInput,
): DomainTrack {
  const outcomes: BenchmarkOutcome[] = domain.benchmarks.map((benchmark) =>
    trackBenchmark(benchmark, domain.entries.get(benchmark.id) ?? [], context),
  );
  const tracks = outcomes.map((outcome) => outcome.track).filter((track) => track.status !== 'no-data');
  const headlineMethod = context.methods[0] ?? 'threshold';
  const lags: DomainLag[] = context.methods.map((method) => {
    const perBenchmark = tracks.flatMap((track) => {
      const lag = benchmarkLag(track, method);
      return lag === null ? [] : [{ benchmark: track.benchmark, lagMonths: lag }];
    });
    const used = new Set(perBenchmark.map((entry) => entry.benchmark));
    return {
      method,
      lagMonths: perBenchmark.length === 0 ? null : median(perBenchmark.map((entry) => entry.lagMonths)),
      perBenchmark,
      sources: [...new Set(tracks.filter((track) => used.has(track.benchmark)).flatMap((track) => track.sources))].sort(),
    };
  });
  const headline = pickHeadline(tracks);
  const anyData = tracks.length > 0;
  const status = headline !== null ? 'ok' : anyData ? 'one-group' : 'no-data';
  const note =
    status === 'no-data'
      ? `no benchmark results for this domain in the data${domain.searched && domain.searched.length > 0 ? `; sources searched: ${domain.searched.join('; ')}` : ''}`
      : status === 'one-group'
        ? 'results exist, but no benchmark has both an open and a closed model'
        : null;
  const headlineBenchmark = headline ? domain.benchmarks.find((benchmark) => benchmark.id === headline.benchmark) : undefined;
  const fallback = tracks[0] ?? null;
  return {
    domain: domain.id,
    name: domain.name,
    status,
    note,
    headlineBenchmark: headline?.benchmark ?? null,
    bestClosed: (headline ?? fallback)?.bestClosed ?? null,
    bestOpen: (headline ?? fallback)?.bestOpen ?? null,
    scoreGap:
      headline && headline.scoreGap !== null
        ? {
            value: headline.scoreGap,
            benchmark: headline.benchmark,
            metric: headline.metric,
            sources: [...new Set([headline.bestClosed?.source, headline.bestOpen?.source].filter((source) => source !== undefined))].sort(),
          }
        : null,
    headlineMethod,
    lagMonths: lags.find((lag) => lag.method === headlineMethod)?.lagMonths ?? null,
    lags,
    trend: lagTrend(
      outcomes.filter((outcome) => outcome.halfYears.length > 0).map((outcome) => outcome.halfYears),
      [...new Set(outcomes.filter((outcome) => outcome.halfYears.length > 0).flatMap((outcome) => outcome.track.sources))].sort(),
    ),
    benchmarks: tracks,
    priceFrontier:
      headline && headlineBenchmark ? priceFrontier(headlineBenchmark, domain.entries.get(headline.benchmark) ?? [], prices) : null,
    sources: [...new Set(tracks.flatMap((track) => track.sources))].sort(),
  };
}
