/**
 * Questions over a loaded catalog: filter models, search them by name, describe one with its prices and
 * results. Used by `parity catalog list|search|show` and available to the rest of the product.
 */
import { NotFoundError } from '../errors.js';
import type { Catalog } from './load.js';
import { nameTokens } from './normalize.js';
import { blendedPrice, DEFAULT_PRICE_POLICY, modelPrice, type PriceChoice, type PricePolicy } from './price-policy.js';
import type { Benchmark, BenchmarkResult, Conflict, DomainId, LastListedPrice, Model, Price } from './schema.js';

export type { LastListedPrice } from './schema.js';

/**
 * For a model no provider lists today: its last listed prices from the price history, latest first (empty when
 * it has a current price, or no priced history).
 */
export function lastListedPrices(catalog: Catalog, modelId: string): LastListedPrice[] {
  if (catalog.pricesForModel(modelId).length > 0) return [];
  const byKey = new Map<string, LastListedPrice>();
  const events = catalog.priceHistory.filter((entry) => entry.modelId === modelId).sort((a, b) => a.date.localeCompare(b.date));
  for (const event of events) {
    const key = JSON.stringify([event.source, event.provider, event.providerModelKey]);
    if (event.event === 'removed') {
      const listed = byKey.get(key);
      if (listed !== undefined) listed.removedOn = event.date;
    } else if (event.inputPerMtok !== null && event.outputPerMtok !== null) {
      byKey.set(key, { provider: event.provider, providerModelKey: event.providerModelKey, inputPerMtok: event.inputPerMtok, outputPerMtok: event.outputPerMtok, listedOn: event.date, removedOn: null, source: event.source });
    }
  }
  return [...byKey.values()].sort((a, b) => b.listedOn.localeCompare(a.listedOn) || blendedPrice(a) - blendedPrice(b));
}

export interface ModelFilters {
  open?: boolean;
  lab?: string;
  /** Case-insensitive; matches the licence spelling or a part of it ("llama" matches Llama-3.1-Community). */
  license?: string;
  /** Models with at least one result on a benchmark of this domain. */
  domain?: DomainId;
  /** Blended 3:1 price under `pricePolicy`, USD per million tokens; models without a price are left out. */
  maxPrice?: number;
  pricePolicy?: PricePolicy;
  minContext?: number;
}

export function filterModels(catalog: Catalog, filters: ModelFilters): Model[] {
  const domainModels = filters.domain === undefined ? undefined : modelsWithDomain(catalog, filters.domain);
  const lab = filters.lab?.toLowerCase();
  const license = filters.license?.toLowerCase();
  return catalog.models.filter((model) => {
    if (filters.open !== undefined && model.openWeights !== filters.open) return false;
    if (lab !== undefined && model.lab !== lab) return false;
    if (license !== undefined && !(model.license ?? '').toLowerCase().includes(license)) return false;
    if (domainModels !== undefined && !domainModels.has(model.id)) return false;
    if (filters.minContext !== undefined && (model.contextWindow === null || model.contextWindow < filters.minContext)) return false;
    if (filters.maxPrice !== undefined) {
      const choice = modelPrice(catalog, model.id, filters.pricePolicy ?? DEFAULT_PRICE_POLICY);
      if (choice === null || choice.blendedPerMtok > filters.maxPrice) return false;
    }
    return true;
  });
}

function modelsWithDomain(catalog: Catalog, domain: DomainId): Set<string> {
  const benchmarks = new Set((catalog.benchmarksByDomain.get(domain) ?? []).map((benchmark) => benchmark.id));
  const out = new Set<string>();
  for (const result of catalog.results) {
    if (result.modelId !== null && benchmarks.has(result.benchmark)) out.add(result.modelId);
  }
  return out;
}

export interface SearchHit {
  model: Model;
  score: number;
  /** What matched: the id, a name or an alias. */
  matched: string;
}

/**
 * Fuzzy-ish search: an exact id, alias or resolvable name first, then names containing the query, then names
 * holding every query token, then names sharing most tokens. Ties go to the newer model.
 */
export function searchModels(catalog: Catalog, text: string, limit = 20): SearchHit[] {
  const query = text.trim().toLowerCase();
  if (query === '') return [];
  const queryTokens = nameTokens(query);
  const compactQuery = queryTokens.join('');
  const namesByModel = new Map<string, string[]>();
  for (const model of catalog.models) namesByModel.set(model.id, [model.id, model.name]);
  for (const alias of catalog.aliases) namesByModel.get(alias.modelId)?.push(alias.alias);
  const resolved = catalog.resolveModel(text);
  const hits: SearchHit[] = [];
  for (const model of catalog.models) {
    let best: SearchHit | undefined;
    for (const name of namesByModel.get(model.id) ?? []) {
      const tokens = nameTokens(name);
      const compact = tokens.join('');
      let score = 0;
      if (name.toLowerCase() === query) score = 100;
      else if (compact === compactQuery) score = 95;
      else if (compact.includes(compactQuery)) score = 70 - Math.min(20, compact.length - compactQuery.length);
      else {
        const shared = queryTokens.filter((token) => tokens.includes(token)).length;
        if (shared === queryTokens.length) score = 45;
        else if (queryTokens.length > 1 && shared / queryTokens.length >= 0.6) score = 20 * (shared / queryTokens.length);
      }
      if (score > 0 && (best === undefined || score > best.score)) best = { model, score, matched: name };
    }
    if (resolved?.id === model.id) best = { model, score: 98, matched: text };
    if (best !== undefined) hits.push(best);
  }
  return hits
    .sort((a, b) => b.score - a.score || (b.model.releaseDate ?? '').localeCompare(a.model.releaseDate ?? '') || a.model.id.localeCompare(b.model.id))
    .slice(0, limit);
}

export interface ModelDetails {
  model: Model;
  aliases: string[];
  /** The model's price under the policy asked for (null: no usable listing). */
  price: PriceChoice | null;
  prices: Price[];
  /** Only when no provider lists the model today: what it was last listed at. */
  lastListed: LastListedPrice[];
  results: Array<BenchmarkResult & { benchmarkName: string; domain: DomainId; metric: Benchmark['metric'] }>;
  conflicts: Conflict[];
}

/** A model by id or any resolvable name, with its price, every listing (cheapest first) and results (by domain). */
export function describeModel(catalog: Catalog, idOrAlias: string, policy: PricePolicy = DEFAULT_PRICE_POLICY): ModelDetails {
  const model = catalog.getModel(idOrAlias) ?? catalog.resolveModel(idOrAlias);
  if (model === undefined) {
    const detail = catalog.resolveModelDetailed(idOrAlias);
    const hint = detail.status === 'matched' || detail.candidates.length === 0 ? '' : ` (candidates: ${detail.candidates.join(', ')})`;
    throw new NotFoundError(`no catalog model matches "${idOrAlias}"${hint}; try \`parity catalog search\``);
  }
  const results = catalog
    .resultsForModel(model.id)
    .map((result) => {
      const benchmark = catalog.benchmark(result.benchmark);
      return {
        ...result,
        benchmarkName: benchmark?.name ?? result.benchmark,
        domain: benchmark?.domain ?? 'overall',
        metric: benchmark?.metric ?? 'score',
      };
    })
    .sort((a, b) => a.domain.localeCompare(b.domain) || a.benchmark.localeCompare(b.benchmark) || b.date.localeCompare(a.date));
  return {
    model,
    aliases: catalog.aliases.filter((alias) => alias.modelId === model.id).map((alias) => alias.alias),
    price: modelPrice(catalog, model.id, policy),
    prices: [...catalog.pricesForModel(model.id)].sort((a, b) => blendedPrice(a) - blendedPrice(b)),
    lastListed: lastListedPrices(catalog, model.id),
    results,
    conflicts: catalog.conflicts.filter((conflict) => conflict.modelId === model.id),
  };
}
