/**
 * Which catalog prices to compare against. Catalogs list a model at many providers, including free tiers
 * ($0, not a production price), several listings per provider, and the odd unit error. This keeps one
 * listing per model and provider and sets the others aside with the reason, so nothing disappears silently.
 */
import { apiPriceSchema, type ApiPrice, type ApiPriceInput } from './api-cost.js';

export interface PriceSelectionOptions {
  /** Only these providers (case-insensitive). */
  providers?: readonly string[];
  /** Keep $0 listings (free tiers). Default false. */
  includeFree?: boolean;
  /** Set aside listings above this multiple of the model's median price (with ≥ 3 listings). Default 20. */
  outlierFactor?: number;
}

export interface PriceSelection {
  prices: ApiPrice[];
  skipped: Array<{ price: ApiPrice; reason: string }>;
}

function blended(price: ApiPrice): number {
  return price.inputPerMtok + price.outputPerMtok;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function selectApiPrices(input: readonly ApiPriceInput[], options: PriceSelectionOptions = {}): PriceSelection {
  const wanted = (options.providers ?? []).map((name) => name.toLowerCase());
  const skipped: PriceSelection['skipped'] = [];
  const kept = new Map<string, ApiPrice>();
  for (const raw of input) {
    const price = apiPriceSchema.parse(raw);
    if (wanted.length > 0 && !wanted.includes(price.provider.toLowerCase())) continue;
    if (!options.includeFree && blended(price) === 0) {
      skipped.push({ price, reason: '$0 listing (free tier or unknown price), not a production price' });
      continue;
    }
    const key = `${price.modelId}\u0000${price.provider.toLowerCase()}`;
    const current = kept.get(key);
    if (current === undefined) {
      kept.set(key, price);
      continue;
    }
    // One listing per provider: the most recent, then the cheaper.
    const newer = (price.asOf ?? '') > (current.asOf ?? '');
    const same = (price.asOf ?? '') === (current.asOf ?? '');
    const better = newer || (same && blended(price) < blended(current));
    kept.set(key, better ? price : current);
    skipped.push({ price: better ? current : price, reason: 'duplicate listing of the same provider (the newer, then cheaper, one is kept)' });
  }
  const factor = options.outlierFactor ?? 20;
  const byModel = new Map<string, ApiPrice[]>();
  for (const price of kept.values()) byModel.set(price.modelId, [...(byModel.get(price.modelId) ?? []), price]);
  const prices: ApiPrice[] = [];
  for (const list of byModel.values()) {
    const typical = list.length >= 3 ? median(list.map(blended)) : null;
    for (const price of list) {
      if (typical !== null && typical > 0 && blended(price) > factor * typical) {
        skipped.push({ price, reason: `over ${factor}× the median price of this model's listings; likely a unit error in the source` });
      } else {
        prices.push(price);
      }
    }
  }
  return { prices, skipped };
}
