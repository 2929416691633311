/**
 * Price against score on one benchmark: the Pareto frontier (no other model is at most as expensive and
 * scores at least as well), its cheap "commodity" end and its top "frontier" end, and the middle ground —
 * models priced above a cheaper model that scores at least as well.
 *
 * Price: blended USD per million tokens, (3 × input + output) / 4, at the cheapest provider listed for the
 * model (each provider's latest price); free (zero) listings are left out.
 */
import type { Benchmark, Price } from '../catalog/schema.js';
import type { ResolvedResult } from './benchmark-track.js';
import type { PriceFrontier } from './output/track-report.js';

type PricePoint = PriceFrontier['points'][number];

export function blendedPrice(price: Pick<Price, 'inputPerMtok' | 'outputPerMtok'>): number {
  return (3 * price.inputPerMtok + price.outputPerMtok) / 4;
}

function cheapestPrices(prices: readonly Price[]): Map<string, Price> {
  const latest = new Map<string, Price>();
  for (const price of prices) {
    const key = `${price.modelId}\u0000${price.provider}`;
    const seen = latest.get(key);
    if (!seen || price.asOf > seen.asOf) latest.set(key, price);
  }
  const cheapest = new Map<string, Price>();
  for (const price of latest.values()) {
    if (blendedPrice(price) <= 0) continue;
    const seen = cheapest.get(price.modelId);
    if (!seen || blendedPrice(price) < blendedPrice(seen) || (blendedPrice(price) === blendedPrice(seen) && price.provider < seen.provider)) {
      cheapest.set(price.modelId, price);
    }
  }
  return cheapest;
}

export function priceFrontier(
  benchmark: Pick<Benchmark, 'id' | 'higherIsBetter'>,
  entries: readonly ResolvedResult[],
  prices: readonly Price[],
): PriceFrontier | null {
  const orientation = benchmark.higherIsBetter ? 1 : -1;
  const bestByModel = new Map<string, ResolvedResult>();
  for (const entry of entries) {
    const seen = bestByModel.get(entry.model.id);
    if (!seen || orientation * (entry.result.score - seen.result.score) > 0) bestByModel.set(entry.model.id, entry);
  }
  const cheapest = cheapestPrices(prices.filter((price) => bestByModel.has(price.modelId)));
  const points: PricePoint[] = [];
  for (const [modelId, entry] of bestByModel) {
    const price = cheapest.get(modelId);
    if (!price) continue;
    points.push({
      modelId,
      modelName: entry.model.name,
      open: entry.group === 'open',
      score: entry.result.score,
      scoreDate: entry.result.date,
      scoreSource: entry.result.source,
      pricePerMtok: blendedPrice(price),
      provider: price.provider,
      priceSource: price.source,
      priceAsOf: price.asOf,
      onFrontier: false,
      dominatedBy: null,
    });
  }
  if (points.length === 0) return null;
  // Cheapest first; at equal price, best score first.
  points.sort((a, b) => a.pricePerMtok - b.pricePerMtok || orientation * (b.score - a.score) || a.modelId.localeCompare(b.modelId));
  let bestSoFar: PricePoint | null = null;
  for (const point of points) {
    if (bestSoFar === null || orientation * (point.score - bestSoFar.score) > 0) {
      point.onFrontier = true;
      bestSoFar = point;
    } else {
      // The cheapest model scoring at least as well: the first in price order that does.
      const dominator = points.find((other) => other !== point && orientation * (other.score - point.score) >= 0);
      point.dominatedBy = dominator?.modelId ?? bestSoFar.modelId;
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
    points,
    pareto: pareto.map((point) => point.modelId),
    commodityEnd: pareto[0]?.modelId ?? null,
    frontierEnd: pareto[pareto.length - 1]?.modelId ?? null,
    middleGround,
  };
}
