/**
 * `computeTrack(catalog, options)`: the open-vs-closed convergence report. Pure: it reads the catalog it is
 * given and returns a `TrackReport`; it never prints, reads files or looks at the clock.
 */
import { DOMAIN_IDS, type Benchmark, type DomainId, type Model } from '../catalog/index.js';
import { NotFoundError } from '../errors.js';
import type { ResolvedResult } from './benchmark-track.js';
import type { TrackCatalog } from './catalog-input.js';
import { dayNumber } from './dates.js';
import { trackDomain } from './domain-track.js';
import { groupOf } from './open-definition.js';
import { resolveTrackOptions, type ResolvedTrackOptions, type TrackOptions } from './options.js';
import type { TrackReport } from './output/track-report.js';
import { QUANTILE_DEFINITION } from '../kernel/index.js';
import { STEADY_MONTHS_PER_YEAR, TREND_BASIS } from './trend.js';

export function describeMethod(options: ResolvedTrackOptions): string[] {
  const lines = [
    `Groups: ${options.openDefinition === 'weights' ? 'open = downloadable weights; closed = the rest' : 'open = downloadable weights under a licence without usage caps; closed = no downloadable weights; capped or unknown licences are left out'}.`,
    'Frontiers: per benchmark and group, results by date; a result that raises the running maximum is a frontier point (a later one on the same date replaces it).',
    'threshold: for each level on a grid (2 points of accuracy, 10 Elo, 1 index point) from the higher of the two first frontier points, first open date − first closed date; a benchmark’s lag is the median over levels.',
    'area: mean horizontal distance between the two frontiers over the score range both reach.',
    'daily: for each day from the later first point to the earlier of the two groups’ last results (within the window), how long ago the closed frontier stood where the open one stands (negative when open leads); a benchmark’s lag is the last day’s.',
    'Domain lag: median of its benchmarks’ lags. Best models and score gap: the headline benchmark (most recent data from both groups).',
    `Months: days × 12 / 365.25. Quartiles: ${QUANTILE_DEFINITION}.`,
    `Trend: ${TREND_BASIS}; 95% t interval for the slope (steady when it lies within ±${STEADY_MONTHS_PER_YEAR} months a year); zero crossing with a 95% Fieller interval, only when the slope is significantly negative.`,
    options.transform === 'neg-log-error'
      ? 'Score transform: −ln(1 − accuracy) on accuracy benchmarks (Elo and index scores are not transformed).'
      : 'Scores untransformed.',
    options.tolerance === null
      ? 'No tolerance: an open model catches up only by matching the closed score.'
      : `Tolerance ${options.tolerance} points (accuracy: percentage points; Elo: win-rate points against 50%; index: its points); an open result whose 95% interval reaches a level also counts as reaching it.`,
  ];
  return lines;
}

function resolveResults(catalog: TrackCatalog, options: ResolvedTrackOptions, benchmarks: ReadonlyMap<string, Benchmark>) {
  const models = new Map<string, Model>(catalog.models.map((model) => [model.id, model]));
  const byBenchmark = new Map<string, ResolvedResult[]>();
  let latest: string | null = null;
  for (const result of catalog.results) {
    if (result.modelId === null || !benchmarks.has(result.benchmark)) continue;
    if (options.since !== null && result.date < options.since) continue;
    if (options.until !== null && result.date > options.until) continue;
    const model = models.get(result.modelId);
    if (!model) continue;
    const group = groupOf(model, options.openDefinition);
    if (group === null) continue;
    if (latest === null || result.date > latest) latest = result.date;
    const list = byBenchmark.get(result.benchmark) ?? [];
    list.push({ result, model, group });
    byBenchmark.set(result.benchmark, list);
  }
  return { byBenchmark, latest };
}

export function computeTrack(catalog: TrackCatalog, options: TrackOptions = {}): TrackReport {
  const resolved = resolveTrackOptions(options);
  const known = new Map(catalog.taxonomy.benchmarks.map((benchmark) => [benchmark.id, benchmark]));
  for (const id of resolved.benchmarks ?? []) {
    if (!known.has(id)) {
      throw new NotFoundError(`unknown benchmark "${id}"; known: ${[...known.keys()].sort().join(', ')}`);
    }
  }
  const wanted = new Map(
    [...known].filter(([id, benchmark]) =>
      (resolved.benchmarks === null || resolved.benchmarks.includes(id)) &&
      (resolved.domains === null || resolved.domains.includes(benchmark.domain)),
    ),
  );
  const { byBenchmark, latest } = resolveResults(catalog, resolved, wanted);
  const asOf = resolved.until ?? latest ?? resolved.since ?? '1970-01-01';
  const context = {
    methods: resolved.methods,
    transform: resolved.transform,
    tolerance: resolved.tolerance,
    startDay: resolved.since === null ? null : dayNumber(resolved.since),
    endDay: dayNumber(asOf),
  };

  const names = new Map(catalog.taxonomy.domains.map((domain) => [domain.id, domain.name]));
  const searched = new Map(catalog.taxonomy.domains.map((domain) => [domain.id, domain.searched ?? []]));
  const domainIds: DomainId[] = [
    ...catalog.taxonomy.domains.map((domain) => domain.id),
    ...DOMAIN_IDS.filter((id) => !names.has(id)),
  ].filter((id) => resolved.domains === null || resolved.domains.includes(id));
  const onlyBenchmarkDomains = resolved.benchmarks === null ? null : new Set([...wanted.values()].map((benchmark) => benchmark.domain));

  const domains = domainIds
    .filter((id) => onlyBenchmarkDomains === null || onlyBenchmarkDomains.has(id))
    .map((id) =>
      trackDomain(
        {
          id,
          name: names.get(id) ?? id,
          searched: searched.get(id) ?? [],
          benchmarks: [...wanted.values()].filter((benchmark) => benchmark.domain === id),
          entries: byBenchmark,
        },
        context,
        { prices: catalog.prices ?? [], history: catalog.priceHistory ?? [], policy: resolved.pricePolicy },
      ),
    );

  const used = new Set<string>();
  for (const domain of domains) {
    for (const source of domain.sources) used.add(source);
    for (const point of domain.priceFrontier?.points ?? []) used.add(point.priceSource);
  }
  const described = new Map((catalog.sources ?? []).map((source) => [source.id, source]));
  return {
    kind: 'track',
    dataset: resolved.dataset,
    asOf,
    options: {
      methods: resolved.methods,
      openDefinition: resolved.openDefinition,
      transform: resolved.transform,
      tolerance: resolved.tolerance,
      since: resolved.since,
      until: resolved.until,
      domains: resolved.domains,
      benchmarks: resolved.benchmarks,
      pricePolicy: resolved.pricePolicy,
    },
    method: describeMethod(resolved),
    domains,
    sources: [...used].sort().map((id) => {
      const source = described.get(id);
      return {
        id,
        name: source?.name ?? id,
        origin: source?.origin ?? 'not described in the catalog',
        licence: source?.licence ?? 'unknown',
        snapshotDate: source?.snapshotDate ?? null,
      };
    }),
  };
}
