/**
 * `parity watch`: compares the evidence now with what a named watch last reported and says what crossed a line
 * the user set — an open model reaching the closed frontier on a benchmark (within a tolerance), a domain's
 * lag moving by at least N months, a listed model getting cheaper, a new open model scoring above a bar on a
 * benchmark. Pure: `evaluateWatch` gets the catalog and the previous state and returns the report and the
 * state to keep; the CLI reads and saves the state in the store and delivers the webhook.
 */
import { z } from 'zod';
import type { Catalog } from '../catalog/index.js';
import { DEFAULT_PRICE_POLICY, modelPrice, PRICE_POLICIES } from '../catalog/index.js';
import { DOMAIN_IDS, isoDate, type Benchmark, type DomainId } from '../catalog/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { issueFlag, parseOrThrow } from '../kernel/index.js';
import { computeTrack } from '../track/index.js';
import { OPEN_DEFINITIONS, TRACK_METHODS, type TrackMethod, type TrackReport } from '../track/index.js';
import { creditedScore } from '../track/index.js';

export const watchSettingsSchema = z
  .object({
    /** Watches with different settings keep their states under different names. */
    name: z.string().trim().min(1).max(100).default('default'),
    /**
     * Points (as `parity track --tolerance`): an open best within this of the closed best, or whose 95% interval
     * reaches it, has reached it. null (the default, as `parity track`): only by matching the closed score.
     */
    tolerance: z.number().min(0).max(25).nullable().default(null),
    /** A domain's lag moving by at least this many months (either way) is a crossing. */
    lagMonths: z.number().positive().max(120).default(1),
    /** Catalog ids (resolved from any name) whose price is followed. */
    models: z.array(z.string()).default([]),
    /** With `minScore`: a new open model scoring at least this on this benchmark is a crossing. */
    benchmark: z.string().min(1).nullable().default(null),
    minScore: z.number().nullable().default(null),
    openDefinition: z.enum(OPEN_DEFINITIONS).default('weights'),
    /** Which listing is a model's price (as `parity track --price-policy`). */
    pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY),
  })
  .refine((settings) => (settings.benchmark === null) === (settings.minScore === null), {
    message: '--benchmark and --min-score go together',
    path: ['minScore'],
  });
export type WatchSettings = z.output<typeof watchSettingsSchema>;

const scoreSchema = z.object({ modelId: z.string(), modelName: z.string(), score: z.number(), date: isoDate, source: z.string() });
const listingSchema = z.object({ pricePerMtok: z.number(), provider: z.string(), source: z.string(), asOf: isoDate });

export const crossingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('open-reached-frontier'),
    message: z.string(),
    domain: z.enum(DOMAIN_IDS),
    benchmark: z.string(),
    tolerance: z.number().nullable(),
    open: scoreSchema,
    closed: scoreSchema,
  }),
  z.object({
    kind: z.literal('lag-moved'),
    message: z.string(),
    domain: z.enum(DOMAIN_IDS),
    method: z.enum(TRACK_METHODS),
    before: z.number().describe('months, as last reported'),
    after: z.number(),
  }),
  z.object({ kind: z.literal('cheaper'), message: z.string(), modelId: z.string(), before: listingSchema, after: listingSchema }),
  z.object({ kind: z.literal('new-open-above'), message: z.string(), benchmark: z.string(), minScore: z.number(), model: scoreSchema }),
]);
export type Crossing = z.infer<typeof crossingSchema>;

const settingsOutputSchema = z.object({
  name: z.string(),
  tolerance: z.number().nullable(),
  lagMonths: z.number(),
  models: z.array(z.string()),
  benchmark: z.string().nullable(),
  minScore: z.number().nullable(),
  openDefinition: z.enum(OPEN_DEFINITIONS),
  pricePolicy: z.enum(PRICE_POLICIES),
});

export const watchReportSchema = z.object({
  kind: z.literal('watch'),
  name: z.string(),
  checkedAt: z.string(),
  /** The data's as-of date now, and when the state compared with was reported. */
  asOf: isoDate,
  previousAsOf: isoDate.nullable(),
  /** No state to compare with (first run, or settings changed): this run records one and reports nothing. */
  baseline: z.boolean(),
  note: z.string().nullable(),
  settings: settingsOutputSchema,
  crossings: z.array(crossingSchema),
});
export type WatchReport = z.infer<typeof watchReportSchema>;

/** What a watch keeps between runs (in the store): the values as last reported. */
export const watchStateSchema = z.object({
  format: z.literal(1),
  settings: settingsOutputSchema,
  asOf: isoDate,
  /** Per benchmark: whether the open best had reached the closed best. */
  reached: z.record(z.string(), z.boolean()),
  /** Per domain and method: the lag as last reported (a crossing resets it; slow drift adds up until it crosses). */
  lags: z.record(z.string(), z.record(z.string(), z.number().nullable())),
  /** Per followed model: its price (under the price policy) as last seen. */
  prices: z.record(z.string(), listingSchema.nullable()),
  /** Open models already reported (or already) above the bar. */
  openAbove: z.array(z.string()),
});
export type WatchState = z.infer<typeof watchStateSchema>;

const months = (value: number): string => value.toFixed(1);

function resolveModels(catalog: Catalog, names: readonly string[]): string[] {
  return names.map((name) => {
    const model = catalog.getModel(name) ?? catalog.resolveModel(name);
    if (model === undefined) throw new NotFoundError(`--model ${name}: no such model in the catalog (\`parity catalog search ${JSON.stringify(name)}\`)`);
    return model.id;
  });
}

/** `--min-score` in the benchmark's units; for accuracy, a number above 1 is read as a percentage. */
function minScoreIn(benchmark: Benchmark, value: number): number {
  return benchmark.metric === 'accuracy' && value > 1 ? value / 100 : value;
}

interface Snapshot {
  reached: Map<string, { reached: boolean; domain: Benchmark['domain']; open: z.infer<typeof scoreSchema>; closed: z.infer<typeof scoreSchema> } | null>;
  lags: Map<DomainId, Map<TrackMethod, number | null>>;
  prices: Map<string, z.infer<typeof listingSchema> | null>;
  openAbove: Map<string, z.infer<typeof scoreSchema>>;
}

function snapshot(catalog: Catalog, settings: WatchSettings, modelIds: readonly string[], report: TrackReport): Snapshot {
  const reached: Snapshot['reached'] = new Map();
  for (const domain of report.domains) {
    for (const track of domain.benchmarks) {
      const benchmark = catalog.benchmark(track.benchmark);
      if (benchmark === undefined || track.bestOpen === null || track.bestClosed === null) {
        reached.set(track.benchmark, null);
        continue;
      }
      const credited = creditedScore(track.bestOpen.score, track.bestOpen, benchmark, settings.tolerance);
      const isReached = benchmark.higherIsBetter ? credited >= track.bestClosed.score : credited <= track.bestClosed.score;
      const point = (score: NonNullable<typeof track.bestOpen>) => ({ modelId: score.modelId, modelName: score.modelName, score: score.score, date: score.date, source: score.source });
      reached.set(track.benchmark, { reached: isReached, domain: domain.domain, open: point(track.bestOpen), closed: point(track.bestClosed) });
    }
  }
  const lags: Snapshot['lags'] = new Map(
    report.domains.map((domain) => [domain.domain, new Map(TRACK_METHODS.map((method) => [method, domain.lags.find((lag) => lag.method === method)?.lagMonths ?? null]))]),
  );
  const prices: Snapshot['prices'] = new Map(
    modelIds.map((id) => {
      const choice = modelPrice(catalog, id, settings.pricePolicy);
      return [id, choice === null ? null : { pricePerMtok: Number(choice.blendedPerMtok.toPrecision(6)), provider: choice.price.provider, source: choice.price.source, asOf: choice.price.asOf }];
    }),
  );
  const openAbove: Snapshot['openAbove'] = new Map();
  if (settings.benchmark !== null && settings.minScore !== null) {
    const benchmark = catalog.benchmark(settings.benchmark);
    if (benchmark === undefined) throw new NotFoundError(`--benchmark ${settings.benchmark}: not in the taxonomy (\`parity track --help\`, data/taxonomy.yaml)`);
    const bar = minScoreIn(benchmark, settings.minScore);
    for (const result of catalog.results) {
      if (result.benchmark !== benchmark.id || result.modelId === null) continue;
      if (!catalog.getModel(result.modelId)?.openWeights) continue;
      if (benchmark.higherIsBetter ? result.score < bar : result.score > bar) continue;
      const known = openAbove.get(result.modelId);
      if (known === undefined || (benchmark.higherIsBetter ? result.score > known.score : result.score < known.score)) {
        openAbove.set(result.modelId, { modelId: result.modelId, modelName: result.modelName, score: result.score, date: result.date, source: result.source });
      }
    }
  }
  return { reached, lags, prices, openAbove };
}

function toState(settings: z.infer<typeof settingsOutputSchema>, asOf: string, now: Snapshot, lags: Snapshot['lags'], prices: Snapshot['prices'], openAbove: Iterable<string>): WatchState {
  return {
    format: 1,
    settings,
    asOf,
    reached: Object.fromEntries([...now.reached].map(([id, entry]) => [id, entry?.reached ?? false])),
    lags: Object.fromEntries([...lags].map(([domain, values]) => [domain, Object.fromEntries(values)])),
    prices: Object.fromEntries(prices),
    openAbove: [...new Set(openAbove)].sort(),
  };
}

/**
 * The watch's report against `previous` (the state it kept; null before its first run), and the state to keep.
 * Values move the kept state only when reported (a lag) or in the direction not reported (a price going up).
 */
export function evaluateWatch(catalog: Catalog, previous: WatchState | null, input: z.input<typeof watchSettingsSchema>, now: Date = new Date()): { report: WatchReport; state: WatchState } {
  const settings = parseOrThrow(watchSettingsSchema, input, (issue) => {
    const flag = issueFlag(issue, '--settings');
    return new ValidationError(`${flag}: ${issue.message}`, flag);
  });
  const modelIds = resolveModels(catalog, settings.models);
  const key = { ...settings, models: modelIds };
  const report = computeTrack(catalog, { openDefinition: settings.openDefinition, tolerance: settings.tolerance });
  const current = snapshot(catalog, settings, modelIds, report);
  const base = { kind: 'watch' as const, name: settings.name, checkedAt: now.toISOString(), asOf: report.asOf, settings: key };

  const sameSettings = previous !== null && JSON.stringify(previous.settings) === JSON.stringify(key);
  if (previous === null || !sameSettings) {
    return {
      report: { ...base, previousAsOf: previous?.asOf ?? null, baseline: true, note: previous === null ? 'first run: the state is recorded; the next run reports what crossed' : 'settings changed: a new state is recorded', crossings: [] },
      state: toState(key, report.asOf, current, current.lags, current.prices, current.openAbove.keys()),
    };
  }

  const crossings: Crossing[] = [];
  for (const [benchmark, entry] of current.reached) {
    if (entry === null || !entry.reached || previous.reached[benchmark] !== false) continue;
    crossings.push({
      kind: 'open-reached-frontier',
      message: `${entry.domain} / ${benchmark}: open ${entry.open.modelName} (${entry.open.score}) reached the closed frontier ${entry.closed.modelName} (${entry.closed.score})${settings.tolerance === null ? '' : ` within ${settings.tolerance} points or its 95% interval`}`,
      domain: entry.domain,
      benchmark,
      tolerance: settings.tolerance,
      open: entry.open,
      closed: entry.closed,
    });
  }
  const lags: Snapshot['lags'] = new Map();
  for (const [domain, values] of current.lags) {
    const kept = new Map<TrackMethod, number | null>();
    for (const [method, after] of values) {
      const before = previous.lags[domain]?.[method] ?? null;
      if (before !== null && after !== null && Math.abs(after - before) >= settings.lagMonths) {
        crossings.push({ kind: 'lag-moved', message: `${domain}: ${method} lag ${months(before)} → ${months(after)} months`, domain, method, before, after });
        kept.set(method, after);
      } else kept.set(method, before ?? after);
    }
    lags.set(domain, kept);
  }
  const prices: Snapshot['prices'] = new Map();
  for (const [modelId, after] of current.prices) {
    const before = previous.prices[modelId] ?? null;
    if (before !== null && after !== null && after.pricePerMtok < before.pricePerMtok) {
      crossings.push({ kind: 'cheaper', message: `${modelId} got cheaper: $${before.pricePerMtok} → $${after.pricePerMtok} per Mtok blended (${after.provider})`, modelId, before, after });
    }
    prices.set(modelId, after ?? before);
  }
  if (settings.benchmark !== null && settings.minScore !== null) {
    for (const [modelId, model] of current.openAbove) {
      if (previous.openAbove.includes(modelId)) continue;
      crossings.push({ kind: 'new-open-above', message: `${settings.benchmark}: open ${model.modelName} scores ${model.score} (bar ${settings.minScore})`, benchmark: settings.benchmark, minScore: settings.minScore, model });
    }
  }
  return {
    report: { ...base, previousAsOf: previous.asOf, baseline: false, note: null, crossings },
    state: toState(key, report.asOf, current, lags, prices, [...previous.openAbove, ...current.openAbove.keys()]),
  };
}
