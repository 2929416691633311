/**
 * What an update changed in the evidence, computed by the same `computeTrack` that `parity track` runs, on the
 * catalog before and after: new models, new frontier points per domain (open and closed), each domain's lag
 * before → after per method, and price listings that moved by more than 20%.
 */
import { z } from 'zod';
import type { CatalogData } from '../catalog/index.js';
import { DOMAIN_IDS, isoDate, type Price } from '../catalog/index.js';
import { computeTrack } from '../track/index.js';
import { TRACK_METHODS, type TrackReport } from '../track/index.js';

/** A listing moving by more than this share (up or down) is a price change worth reporting. */
export const PRICE_CHANGE_THRESHOLD = 0.2;

const modelSchema = z.object({ id: z.string(), name: z.string(), lab: z.string(), openWeights: z.boolean(), releaseDate: isoDate.nullable() });

export const frontierPointChangeSchema = z.object({
  domain: z.enum(DOMAIN_IDS),
  benchmark: z.string(),
  group: z.enum(['open', 'closed']),
  modelId: z.string(),
  modelName: z.string(),
  score: z.number(),
  date: isoDate,
  source: z.string(),
});
export type FrontierPointChange = z.infer<typeof frontierPointChangeSchema>;

export const lagChangeSchema = z.object({
  domain: z.enum(DOMAIN_IDS),
  method: z.enum(TRACK_METHODS),
  before: z.number().nullable().describe('months; null: no lag could be computed'),
  after: z.number().nullable(),
});
export type LagChange = z.infer<typeof lagChangeSchema>;

const listedPriceSchema = z.object({ inputPerMtok: z.number(), outputPerMtok: z.number(), asOf: isoDate });
export const priceChangeSchema = z.object({
  modelId: z.string(),
  provider: z.string(),
  providerModelId: z.string().nullable(),
  source: z.string(),
  before: listedPriceSchema,
  after: listedPriceSchema,
  change: z.number().describe('the larger relative move of the input and output price (−0.5: halved)'),
});
export type PriceChange = z.infer<typeof priceChangeSchema>;

export const dataChangesSchema = z.object({
  asOf: z.object({ before: isoDate, after: isoDate }).describe('the latest result date, as `parity track` reports it'),
  newModels: z.array(modelSchema),
  removedModels: z.array(z.string()).describe('ids of models no longer in the catalog'),
  newFrontierPoints: z.array(frontierPointChangeSchema),
  lags: z.array(lagChangeSchema).describe('every domain and method, before → after'),
  priceChanges: z.array(priceChangeSchema).describe('listings whose input or output price moved by more than 20%'),
});
export type DataChanges = z.infer<typeof dataChangesSchema>;

function frontierPoints(report: TrackReport): FrontierPointChange[] {
  const points: FrontierPointChange[] = [];
  for (const domain of report.domains) {
    for (const benchmark of domain.benchmarks) {
      for (const group of ['open', 'closed'] as const) {
        for (const point of benchmark.frontiers[group]) {
          points.push({ domain: domain.domain, benchmark: benchmark.benchmark, group, modelId: point.modelId, modelName: point.modelName, score: point.score, date: point.date, source: point.source });
        }
      }
    }
  }
  return points;
}

const pointKey = (point: FrontierPointChange): string => `${point.domain}|${point.benchmark}|${point.group}|${point.modelId}|${point.date}|${point.score}`;
const priceKey = (price: Price): string => `${price.modelId}|${price.provider}|${price.source}|${price.providerModelId ?? ''}`;

function relativeChange(before: number, after: number): number {
  if (before === after) return 0;
  if (before === 0) return Number.POSITIVE_INFINITY;
  return after / before - 1;
}

export function priceChanges(before: readonly Price[], after: readonly Price[]): PriceChange[] {
  const previous = new Map(before.map((price) => [priceKey(price), price]));
  const changes: PriceChange[] = [];
  for (const price of after) {
    const old = previous.get(priceKey(price));
    if (old === undefined) continue;
    const moves = [relativeChange(old.inputPerMtok, price.inputPerMtok), relativeChange(old.outputPerMtok, price.outputPerMtok)];
    const change = moves.reduce((largest, move) => (Math.abs(move) > Math.abs(largest) ? move : largest), 0);
    if (Math.abs(change) <= PRICE_CHANGE_THRESHOLD) continue;
    changes.push({
      modelId: price.modelId,
      provider: price.provider,
      providerModelId: price.providerModelId ?? null,
      source: price.source,
      before: { inputPerMtok: old.inputPerMtok, outputPerMtok: old.outputPerMtok, asOf: old.asOf },
      after: { inputPerMtok: price.inputPerMtok, outputPerMtok: price.outputPerMtok, asOf: price.asOf },
      change: Number.isFinite(change) ? Number(change.toFixed(4)) : change,
    });
  }
  return changes.sort((a, b) => a.change - b.change);
}

/** Compares two catalogs the way `parity track` sees them (default options: every method, open = weights). */
export function describeChanges(before: CatalogData, after: CatalogData): DataChanges {
  const trackBefore = computeTrack(before);
  const trackAfter = computeTrack(after);
  const known = new Set(before.models.map((model) => model.id));
  const current = new Set(after.models.map((model) => model.id));
  const oldPoints = new Set(frontierPoints(trackBefore).map(pointKey));
  const lags: LagChange[] = [];
  for (const domain of trackAfter.domains) {
    const previous = trackBefore.domains.find((entry) => entry.domain === domain.domain);
    for (const method of TRACK_METHODS) {
      lags.push({
        domain: domain.domain,
        method,
        before: previous?.lags.find((lag) => lag.method === method)?.lagMonths ?? null,
        after: domain.lags.find((lag) => lag.method === method)?.lagMonths ?? null,
      });
    }
  }
  return {
    asOf: { before: trackBefore.asOf, after: trackAfter.asOf },
    newModels: after.models
      .filter((model) => !known.has(model.id))
      .map((model) => ({ id: model.id, name: model.name, lab: model.lab, openWeights: model.openWeights, releaseDate: model.releaseDate })),
    removedModels: before.models.filter((model) => !current.has(model.id)).map((model) => model.id),
    newFrontierPoints: frontierPoints(trackAfter).filter((point) => !oldPoints.has(pointKey(point))),
    lags,
    priceChanges: priceChanges(before.prices, after.prices),
  };
}
