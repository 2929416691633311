/**
 * Price against score on one benchmark: the Pareto frontier (no other model is at most as expensive and
 * scores at least as well), its cheap "commodity" end and its top "frontier" end, and the middle ground —
 * models priced above a cheaper model that scores at least as well.
 *
 * Price: blended USD per million tokens, (3 × input + output) / 4, of the listing the price policy chooses
 * (catalog/price-policy.ts: by default the maker's own API, else the median provider); each point names its
 * provider, date and how it was chosen.
 */
import { blendedPrice, choosePrice, compareText, type PricePolicy } from '../catalog/price-policy.js';
import type { Benchmark, Price, PriceHistoryEntry } from '../catalog/schema.js';
import type { ResolvedResult } from './benchmark-track.js';
import type { PriceFrontier } from './output/track-report.js';

export { blendedPrice };

type PricePoint = PriceFrontier['points'][number];

export interface PriceInput {
  prices: readonly Price[];
  history: readonly PriceHistoryEntry[];
  policy: PricePolicy;
}

// a report prices every domain's headline benchmark from the same catalog arrays: grouped once per array
const groupings = new WeakMap<readonly object[], Map<string, object[]>>();

/** The rows of each model, in file order (grouped once per array; the catalog's arrays are never changed). */
function byModel<T extends { modelId: string | null }>(rows: readonly T[]): ReadonlyMap<string, readonly T[]> {
  const known = groupings.get(rows);
  if (known !== undefined) return known as Map<string, T[]>;
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    if (row.modelId === null) continue;
    const list = grouped.get(row.modelId);
    if (list === undefined) grouped.set(row.modelId, [row]);
    else list.push(row);
  }
  groupings.set(rows, grouped);
  return grouped;
}

/**
 * The first of `frontier` (scores strictly rising, in `orientation`) scoring at least `score`; the caller knows
 * the last one does. A binary search: a domain's frontier is short, but a benchmark may price hundreds of models.
 */
function firstScoringAtLeast(frontier: readonly PricePoint[], score: number, orientation: 1 | -1): PricePoint {
  let low = 0;
  let high = frontier.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (orientation * ((frontier[middle] as PricePoint).score - score) >= 0) high = middle;
    else low = middle + 1;
  }
  return frontier[low] as PricePoint;
}

export function priceFrontier(
  benchmark: Pick<Benchmark, 'id' | 'higherIsBetter'>,
  entries: readonly ResolvedResult[],
  input: PriceInput,
): PriceFrontier | null {
  const orientation = benchmark.higherIsBetter ? 1 : -1;
  const bestByModel = new Map<string, ResolvedResult>();
  for (const entry of entries) {
    const seen = bestByModel.get(entry.model.id);
    if (!seen || orientation * (entry.result.score - seen.result.score) > 0) bestByModel.set(entry.model.id, entry);
  }
  const listings = byModel(input.prices);
  const history = byModel(input.history);
  const points: PricePoint[] = [];
  for (const [modelId, entry] of bestByModel) {
    const choice = choosePrice(listings.get(modelId) ?? [], { lab: entry.model.lab, history: history.get(modelId) ?? [] }, input.policy);
    if (choice === null) continue;
    const { price } = choice;
    points.push({
      modelId,
      modelName: entry.model.name,
      open: entry.group === 'open',
      score: entry.result.score,
      scoreDate: entry.result.date,
      scoreSource: entry.result.source,
      pricePerMtok: choice.blendedPerMtok,
      provider: price.provider,
      priceBasis: choice.basis,
      priceProviders: choice.providers,
      priceSource: price.source,
      priceAsOf: price.asOf,
      onFrontier: false,
      dominatedBy: null,
    });
  }
  if (points.length === 0) return null;
  // Cheapest first; at equal price, best score first.
  points.sort((a, b) => a.pricePerMtok - b.pricePerMtok || orientation * (b.score - a.score) || compareText(a.modelId, b.modelId));
  // The frontier points, in price order, are the points that raise the best score so far.
  let bestSoFar: PricePoint | null = null;
  const frontier: PricePoint[] = [];
  for (const point of points) {
    if (bestSoFar === null || orientation * (point.score - bestSoFar.score) > 0) {
      point.onFrontier = true;
      bestSoFar = point;
      frontier.push(point);
    } else {
      // The cheapest model scoring at least as well: the first in price order that does, which is the first
      // frontier point that does (any earlier point scoring as well would have raised the best so far first).
      point.dominatedBy = firstScoringAtLeast(frontier, point.score, orientation).modelId;
    }
  }
  const pareto = points.filter((point) => point.onFrontier);
  const byId = new Map(points.map((point) => [point.modelId, point]));
  const middleGround = points.flatMap((point) => {
    const dominator = point.dominatedBy === null ? undefined : byId.get(point.dominatedBy);
    if (!dominator || !(dominator.pricePerMtok < point.pricePerMtok)) return [];
    return [{ modelId: point.modelId, dominatedBy: dominator.modelId, priceRatio: point.pricePerMtok / dominator.pricePerMtok }];
  });
  return {
    benchmark: benchmark.id,
    policy: input.policy,
    points,
    pareto: pareto.map((point) => point.modelId),
    commodityEnd: pareto[0]?.modelId ?? null,
    frontierEnd: pareto[pareto.length - 1]?.modelId ?? null,
    middleGround,
  };
}
