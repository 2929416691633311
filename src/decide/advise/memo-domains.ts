/** The tracker's figures for the covered domains, as the memo shows them. */
import type { DomainId } from '../../catalog/index.js';
import { computeTrack, type TrackCatalog, type TrackOptions } from '../../track/index.js';
import type { DomainTrack, ModelScore, TrackReport } from '../../track/index.js';
import type { DomainChoice } from './domains.js';
import type { MemoDomain, MemoScore } from './memo.js';

function score(value: ModelScore | null): MemoScore | null {
  return value === null ? null : { model: value.modelName, score: value.score, date: value.date, source: value.source };
}

function memoDomain(track: DomainTrack, how: string, key: string): MemoDomain {
  return {
    sources: [key],
    domain: track.domain,
    name: track.name,
    how,
    status: track.status,
    note: track.note,
    method: track.headlineMethod,
    lagMonths: track.lagMonths,
    lagsByMethod: track.lags.map((lag) => ({ method: lag.method, lagMonths: lag.lagMonths })),
    headlineBenchmark: track.headlineBenchmark,
    bestOpen: score(track.bestOpen),
    bestClosed: score(track.bestClosed),
    scoreGap: track.scoreGap === null ? null : { value: track.scoreGap.value, benchmark: track.scoreGap.benchmark, metric: track.scoreGap.metric },
    trend:
      track.trend === null
        ? null
        : {
            statement: track.trend.statement,
            slopeMonthsPerYear: track.trend.slopeMonthsPerYear,
            slopeInterval: track.trend.slopeInterval,
            projection: track.trend.projection,
          },
    trackSources: track.sources,
  };
}

/** Runs the tracker over the chosen domains; null (and no domains) when none was named or inferred. */
export function trackDomains(
  catalog: TrackCatalog,
  choices: readonly DomainChoice[],
  options: Omit<TrackOptions, 'domains'>,
  key: string,
): { report: TrackReport | null; domains: MemoDomain[] } {
  if (choices.length === 0) return { report: null, domains: [] };
  const wanted: DomainId[] = choices.map((choice) => choice.domain);
  const report = computeTrack(catalog, { ...options, domains: wanted });
  const domains = choices.flatMap((choice) => {
    const track = report.domains.find((domain) => domain.domain === choice.domain);
    return track === undefined ? [] : [memoDomain(track, choice.how, key)];
  });
  return { report, domains };
}
