/**
 * The model table behind the catalog page: one row per catalog model with its API price (chosen by the price
 * policy, see catalog/price-policy.ts) and its
 * best score on each domain's table benchmark: the convergence report's headline benchmark for the domain
 * (the one with the most recent results from both groups), else the domain's benchmark with results for the
 * most models. Built once per catalog; filtering, sorting and paging happen per request.
 */
import type { Catalog } from '../catalog/index.js';
import type { Benchmark, DomainId } from '../catalog/index.js';
import { DEFAULT_PRICE_POLICY, modelPrice, type PricePolicy } from '../catalog/index.js';
import type { CatalogQuery, CatalogSort } from './api/query-schemas.js';
import type { CatalogDomainColumn, CatalogModelRow, CatalogModelsResponse } from './api/types.js';

interface CatalogTable {
  rows: CatalogModelRow[];
  search: Map<string, string>;
  labs: string[];
  domains: CatalogDomainColumn[];
}

/** Per catalog, one table per price policy (three at most). */
const tables = new WeakMap<Catalog, Map<PricePolicy, CatalogTable>>();

function tableBenchmarks(catalog: Catalog, headlines: ReadonlyMap<DomainId, string>): Map<DomainId, Benchmark> {
  const modelsPerBenchmark = new Map<string, Set<string>>();
  for (const result of catalog.results) {
    if (result.modelId === null) continue;
    const set = modelsPerBenchmark.get(result.benchmark) ?? new Set<string>();
    set.add(result.modelId);
    modelsPerBenchmark.set(result.benchmark, set);
  }
  const chosen = new Map<DomainId, Benchmark>();
  for (const [domain, benchmarks] of catalog.benchmarksByDomain) {
    const headline = headlines.get(domain);
    let best: Benchmark | undefined = headline === undefined ? undefined : catalog.benchmark(headline);
    let bestCount = 0;
    for (const benchmark of best === undefined ? benchmarks : []) {
      const count = modelsPerBenchmark.get(benchmark.id)?.size ?? 0;
      if (count > bestCount) {
        best = benchmark;
        bestCount = count;
      }
    }
    if (best !== undefined) chosen.set(domain, best);
  }
  return chosen;
}

function buildTable(catalog: Catalog, headlines: ReadonlyMap<DomainId, string>, policy: PricePolicy): CatalogTable {
  const benchmarks = tableBenchmarks(catalog, headlines);
  const domainOf = new Map([...benchmarks].map(([domain, benchmark]) => [benchmark.id, { domain, benchmark }]));
  const names = new Map(catalog.taxonomy.domains.map((domain) => [domain.id, domain.name]));
  const rows = catalog.models.map((model): CatalogModelRow => {
    const choice = modelPrice(catalog, model.id, policy);
    const scores: Partial<Record<DomainId, number>> = {};
    for (const result of catalog.resultsForModel(model.id)) {
      const entry = domainOf.get(result.benchmark);
      if (entry === undefined) continue;
      const current = scores[entry.domain];
      const better = current === undefined || (entry.benchmark.higherIsBetter ? result.score > current : result.score < current);
      if (better) scores[entry.domain] = result.score;
    }
    return {
      id: model.id,
      name: model.name,
      lab: model.lab,
      family: model.family,
      openWeights: model.openWeights,
      license: model.license,
      releaseDate: model.releaseDate,
      parametersB: model.parametersB,
      contextWindow: model.contextWindow,
      price:
        choice === null
          ? null
          : {
              blendedPerMtok: choice.blendedPerMtok,
              inputPerMtok: choice.price.inputPerMtok,
              outputPerMtok: choice.price.outputPerMtok,
              provider: choice.price.provider,
              asOf: choice.price.asOf,
              source: choice.price.source,
              basis: choice.basis,
              providers: choice.providers,
            },
      scores,
    };
  });
  const search = new Map(rows.map((row) => [row.id, [row.id, row.name, row.lab, row.family ?? '', row.license ?? ''].join(' ').toLowerCase()]));
  return {
    rows,
    search,
    labs: [...new Set(rows.map((row) => row.lab))].sort((a, b) => a.localeCompare(b)),
    domains: [...catalog.benchmarksByDomain.keys()].map((id) => {
      const benchmark = benchmarks.get(id);
      return {
        id,
        name: names.get(id) ?? id,
        benchmark: benchmark === undefined ? null : { id: benchmark.id, name: benchmark.name, metric: benchmark.metric, higherIsBetter: benchmark.higherIsBetter },
      };
    }),
  };
}

function sortValue(row: CatalogModelRow, sort: CatalogSort): string | number | null {
  switch (sort) {
    case 'name':
      return row.name.toLowerCase();
    case 'lab':
      return row.lab.toLowerCase();
    case 'license':
      return row.license?.toLowerCase() ?? null;
    case 'releaseDate':
      return row.releaseDate;
    case 'price':
      return row.price?.blendedPerMtok ?? null;
    case 'contextWindow':
      return row.contextWindow;
    case 'parameters':
      return row.parametersB;
    default:
      return row.scores[sort] ?? null;
  }
}

/** Filters, sorts (missing values last, whatever the order) and pages the model table. */
export function queryCatalogTable(catalog: Catalog, query: CatalogQuery, headlines: () => ReadonlyMap<DomainId, string>): CatalogModelsResponse {
  const policy = query.pricePolicy ?? DEFAULT_PRICE_POLICY;
  const byPolicy = tables.get(catalog) ?? new Map<PricePolicy, CatalogTable>();
  tables.set(catalog, byPolicy);
  let table = byPolicy.get(policy);
  if (table === undefined) {
    table = buildTable(catalog, headlines(), policy);
    byPolicy.set(policy, table);
  }
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter((word) => word !== '');
  const labs = query.lab === undefined ? null : new Set(query.lab.map((lab) => lab.toLowerCase()));
  const search = table.search;
  const matching = table.rows.filter(
    (row) =>
      (query.open === undefined || row.openWeights === query.open) &&
      (labs === null || labs.has(row.lab.toLowerCase())) &&
      (query.priced !== true || row.price !== null) &&
      words.every((word) => search.get(row.id)?.includes(word) === true),
  );
  const direction = query.order === 'asc' ? 1 : -1;
  const sorted = matching
    .map((row) => ({ row, value: sortValue(row, query.sort) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.row.id.localeCompare(b.row.id) : a.value === null ? 1 : -1;
      const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
      return order === 0 ? a.row.id.localeCompare(b.row.id) : order * direction;
    })
    .map((entry) => entry.row);
  return {
    total: sorted.length,
    offset: query.offset,
    limit: query.limit,
    labs: table.labs,
    domains: table.domains,
    models: sorted.slice(query.offset, query.offset + query.limit),
  };
}
