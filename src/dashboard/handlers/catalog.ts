/**
 * Catalog: `GET /api/catalog/models` (the searchable, sortable model table) and `GET /api/catalog/model?id=`
 * (one model with its prices, results and the sources behind them). `id` may be any name the catalog
 * resolves (an alias, a provider's spelling).
 */
import { modelPrice } from '../../catalog/index.js';
import { lastListedPrices } from '../../catalog/index.js';
import type { Source } from '../../catalog/index.js';
import { NotFoundError } from '../../errors.js';
import { catalogQuerySchema, modelQuerySchema } from '../api/query-schemas.js';
import type { CatalogModelsResponse, MetaResponse, ModelDetailResponse } from '../api/types.js';
import { queryCatalogTable } from '../catalog-table.js';
import { DEFAULT_TRACK_OPTIONS, type ApiHandler } from '../context.js';
import { parseQuery } from '../http/query.js';

export const catalogModels: ApiHandler = (context, { url }): CatalogModelsResponse =>
  queryCatalogTable(context.catalog(), parseQuery(catalogQuerySchema, url.searchParams), () => {
    const report = context.track.get(DEFAULT_TRACK_OPTIONS);
    return new Map(report.domains.flatMap((domain) => (domain.headlineBenchmark === null ? [] : [[domain.domain, domain.headlineBenchmark] as const])));
  });

export const catalogModel: ApiHandler = (context, { url }): ModelDetailResponse => {
  const { id } = parseQuery(modelQuerySchema, url.searchParams);
  const catalog = context.catalog();
  const model = catalog.getModel(id) ?? catalog.resolveModel(id);
  if (model === undefined) throw new NotFoundError(`no model "${id}" in the catalog`);
  const results = catalog.resultsForModel(model.id).map((result) => {
    const benchmark = catalog.benchmark(result.benchmark);
    return { ...result, benchmarkName: benchmark?.name ?? result.benchmark, domain: benchmark?.domain ?? null, metric: benchmark?.metric ?? null };
  });
  const prices = [...catalog.pricesForModel(model.id)];
  const used = new Set([...model.sources, ...results.map((result) => result.source), ...prices.map((price) => price.source)]);
  const described = new Map(catalog.sources.map((source) => [source.id, source]));
  const sources = [...used].sort().map(
    (id): Source => described.get(id) ?? { id, name: id, origin: 'not described in the catalog', snapshotDate: '1970-01-01', licence: 'unknown', taken: '' },
  );
  return {
    model,
    price: modelPrice(catalog, model.id),
    prices,
    lastListed: lastListedPrices(catalog, model.id),
    results: results.sort((a, b) => a.benchmarkName.localeCompare(b.benchmarkName) || b.date.localeCompare(a.date)),
    sources,
    aliases: catalog.aliases.filter((alias) => alias.modelId === model.id).map((alias) => alias.alias),
    conflicts: catalog.conflicts.filter((conflict) => conflict.modelId === model.id),
  };
};

export const meta: ApiHandler = (context): MetaResponse => {
  const catalog = context.catalog();
  let latest: string | null = null;
  for (const result of catalog.results) if (latest === null || result.date > latest) latest = result.date;
  return {
    version: context.version,
    store: { kind: context.store.kind, location: context.store.location },
    catalog: {
      models: catalog.models.length,
      openModels: catalog.models.filter((model) => model.openWeights).length,
      results: catalog.results.length,
      prices: catalog.prices.length,
      latestResult: latest,
    },
    domains: catalog.taxonomy.domains.map((domain) => ({ id: domain.id, name: domain.name, description: domain.description })),
    routeEvalsDir: context.routeEvalsDir,
  };
};
