/**
 * The merge of the sources' outputs into the catalog: model facts merged across sources (first source wins a
 * field), every benchmark row and price resolved to a catalog model, the cross-source checks (implausible prices
 * set aside, conflicting facts recorded), and the source descriptions with the provenance of fetched sources.
 * `npm run data:import` and `parity data update` both build the catalog here, from records in DATA_SOURCES order.
 */
import { DataError } from '../../errors.js';
import type { CatalogData } from '../data-files.js';
import type { Alias, BenchmarkResult, Price, PriceHistoryEntry, Source, UnresolvedName } from '../schema.js';
import type { SourceCounts } from './attribution.js';
import { CatalogBuilder } from './catalog-builder.js';
import type { CuratedInputs } from './curated.js';
import { litellmNames } from './litellm.js';
import { OUTLIER_FACTOR, setAsideImplausibleHistory, setAsideImplausiblePrices } from './price-outliers.js';
import { dataSource } from './registry.js';
import type { ImportedSource, SourceOutput } from './source-output.js';

export interface MergedCatalog {
  data: CatalogData;
  /** Rows and facts per catalog source id, for the attribution. */
  counts: Map<string, SourceCounts>;
  /** Things a maintainer should look at (curated entries that matched nothing). */
  warnings: string[];
  /** Source rows left out as implausible (unit errors in the source), one line each. */
  setAside: string[];
}

function resolveResults(builder: CatalogBuilder, outputs: readonly SourceOutput[], known: ReadonlySet<string>) {
  const results: BenchmarkResult[] = [];
  const unresolved = new Map<string, UnresolvedName>();
  const firstSourceOf = new Map<string, string>();
  const recordOfRow = new Map<string, number>();
  for (const [record, row] of outputs.flatMap((output, index) => output.results.map((result) => [index, result] as const))) {
    if (!known.has(row.benchmark)) {
      throw new DataError('curated/taxonomy.yaml', undefined, `benchmark "${row.benchmark}" (from ${row.source}) is not in the taxonomy`);
    }
    let resolution = builder.resolver.resolve(row.modelName, { source: row.source, lab: row.lab ?? null, seenBy: row.seenBy ?? null });
    if (resolution.status === 'matched' && !builder.get(resolution.modelId)?.releaseDate) {
      // a model with no known release date cannot be placed on a timeline: the row stays unmatched
      resolution = { status: 'unmatched', candidates: [resolution.modelId] };
    }
    const modelId = resolution.status === 'matched' ? resolution.modelId : null;
    const model = modelId === null ? undefined : builder.get(modelId);
    const date = row.date ?? model?.releaseDate ?? row.fallbackDate;
    // a row an earlier record already gave (a leaderboard's current file repeating its history's last snapshot)
    const rowKey = `${row.source}|${row.modelName}|${row.benchmark}|${row.score}|${date}`;
    const firstRecord = recordOfRow.get(rowKey);
    if (firstRecord !== undefined && firstRecord !== record) continue;
    recordOfRow.set(rowKey, record);
    if (resolution.status === 'matched') {
      const modelId = resolution.modelId;
      // the same score for the same model from a second source is one fact, not two
      const key = `${modelId}|${row.benchmark}|${row.score.toFixed(4)}`;
      const first = firstSourceOf.get(key);
      if (first !== undefined && first !== row.source) continue;
      firstSourceOf.set(key, row.source);
      builder.addKnownName(modelId, row.modelName, row.source);
    } else {
      const key = `${row.source}|${row.modelName}`;
      const entry = unresolved.get(key) ?? { source: row.source, name: row.modelName, status: resolution.status, rows: 0, candidates: resolution.candidates };
      entry.rows += 1;
      unresolved.set(key, entry);
    }
    results.push({
      modelId,
      modelName: row.modelName,
      benchmark: row.benchmark,
      score: Number(row.score.toFixed(6)),
      ciLow: row.ciLow === null || row.ciLow === undefined ? null : Number(row.ciLow.toFixed(6)),
      ciHigh: row.ciHigh === null || row.ciHigh === undefined ? null : Number(row.ciHigh.toFixed(6)),
      date,
      source: row.source,
      sourceRow: row.sourceRow ?? null,
    });
  }
  return { results, unresolved: [...unresolved.values()].sort((a, b) => b.rows - a.rows || a.name.localeCompare(b.name)) };
}

function resolvePrices(builder: CatalogBuilder, raw: SourceOutput['prices']): Price[] {
  const prices: Price[] = [];
  const seen = new Set<string>();
  for (const price of raw) {
    let modelId: string | null = null;
    for (const name of price.names) {
      const resolution = builder.resolver.resolve(name, { source: price.source });
      if (resolution.status === 'matched') {
        modelId = resolution.modelId;
        break;
      }
    }
    if (modelId === null) continue;
    const key = `${modelId}|${price.provider}|${price.source}|${price.providerModelId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    prices.push({
      modelId,
      provider: price.provider,
      inputPerMtok: price.inputPerMtok,
      outputPerMtok: price.outputPerMtok,
      cacheReadPerMtok: price.cacheReadPerMtok,
      cacheWritePerMtok: price.cacheWritePerMtok,
      asOf: price.asOf,
      source: price.source,
      providerModelId: price.providerModelId,
    });
  }
  return prices;
}

function resolveHistory(builder: CatalogBuilder, raw: SourceOutput['history']): PriceHistoryEntry[] {
  const cache = new Map<string, string | null>();
  return raw.map((event) => {
    let modelId = cache.get(event.providerModelKey);
    if (modelId === undefined) {
      modelId = null;
      for (const name of litellmNames(event.providerModelKey)) {
        const resolution = builder.resolver.resolve(name, { source: 'litellm' });
        if (resolution.status === 'matched') {
          modelId = resolution.modelId;
          break;
        }
      }
      cache.set(event.providerModelKey, modelId);
    }
    return { modelId, ...event };
  });
}

/**
 * The catalog source descriptions, with the date and provenance of each fetched source: a catalog id fed by a
 * fetched source takes its files' date (the latest, when several sources feed it) and their URLs.
 */
export function describeSources(curated: CuratedInputs, records: readonly ImportedSource[]): Source[] {
  const fetchedBy = new Map<string, ImportedSource[]>();
  for (const record of records) {
    if (record.fetched === null) continue;
    for (const id of dataSource(record.source)?.produces ?? []) fetchedBy.set(id, [...(fetchedBy.get(id) ?? []), record]);
  }
  return curated.sources.sources.map((source) => {
    const fetched = fetchedBy.get(source.id);
    if (fetched === undefined) return source;
    const files = fetched.flatMap((record) => record.fetched?.files ?? []);
    const dates = fetched.map((record) => record.asOf ?? source.snapshotDate).sort();
    const at = fetched.map((record) => record.fetched?.at ?? '').sort();
    return {
      ...source,
      origin: `${files.map((file) => file.url).join(', ')} (fetched by parity data update)`,
      snapshotDate: dates[dates.length - 1] ?? source.snapshotDate,
      fetched: { at: at[at.length - 1] ?? '', files },
    };
  });
}

/** Merges the sources' records (in DATA_SOURCES order) with the curated inputs into the catalog. */
export function mergeSources(records: readonly ImportedSource[], curated: CuratedInputs): MergedCatalog {
  const outputs = records.map((record) => record.output);
  const builder = new CatalogBuilder(curated.aliases, curated.overrides);
  for (const output of outputs) {
    for (const fact of output.facts) {
      const closed = (fact.openWeights === null || fact.openWeights === undefined) && fact.releaseDate && curated.labs.isClosedFamily(fact.name);
      builder.add(closed ? { ...fact, openWeights: false, openWeightsBasis: 'curated (closed family)' } : fact);
    }
  }
  builder.retryPending();
  builder.applyOverrides(curated.overrides);
  const warnings: string[] = [];
  const aliasesInUse = curated.aliases.filter((alias, index) => {
    if (builder.get(alias.modelId) !== undefined) return true;
    warnings.push(`curated/aliases.yaml, row ${index + 1}: "${alias.alias}" names ${alias.modelId}, which no source has; alias left out`);
    return false;
  });

  const known = new Set(curated.taxonomy.benchmarks.map((benchmark) => benchmark.id));
  const { results, unresolved } = resolveResults(builder, outputs, known);
  const { kept: prices, setAside } = setAsideImplausiblePrices(resolvePrices(builder, outputs.flatMap((output) => output.prices)));
  const setAsideNotes: string[] = [];
  for (const { price, peers, medianInput, medianOutput } of setAside) {
    setAsideNotes.push(
      `${price.source}: ${price.provider} price of ${price.modelId} ($${price.inputPerMtok}/$${price.outputPerMtok} per Mtok) is over ` +
        `${OUTLIER_FACTOR}× the median of its ${peers} other listings ($${Number(medianInput.toPrecision(3))}/$${Number(medianOutput.toPrecision(3))}); a unit error in the source`,
    );
  }
  const { kept: history, setAside: historySetAside } = setAsideImplausibleHistory(resolveHistory(builder, outputs.flatMap((output) => output.history)), prices);
  if (historySetAside.length > 0) {
    const providers = [...new Set(historySetAside.map((entry) => `${entry.source}/${entry.provider}`))].join(', ');
    setAsideNotes.push(`${historySetAside.length} price-history events (${providers}) over ${OUTLIER_FACTOR}× the model's current median price: unit errors in the source`);
  }

  const referenced = new Set<string>([...results, ...prices, ...history].map((row) => row.modelId ?? ''));
  for (const alias of aliasesInUse) referenced.add(alias.modelId);
  builder.prune((model) => referenced.has(model.id) || model.sources.includes('models-dev') || model.sources.includes('curated'));
  for (const entry of history) if (entry.modelId !== null && builder.get(entry.modelId) === undefined) entry.modelId = null;
  builder.finish();

  const models = builder.toModels();
  const aliases: Alias[] = [
    ...aliasesInUse.map((alias) => ({ alias: alias.alias, modelId: alias.modelId, source: alias.source, kind: 'curated' as const, ...(alias.note ? { note: alias.note } : {}) })),
    ...builder.derivedAliases().map((alias) => ({ ...alias, kind: 'derived' as const })),
  ];
  const conflicts = builder.conflicts().filter((conflict) => builder.get(conflict.modelId) !== undefined);

  const counts = new Map<string, SourceCounts>();
  const countFor = (id: string): SourceCounts => {
    let entry = counts.get(id);
    if (entry === undefined) {
      entry = { results: 0, models: 0, prices: 0 };
      counts.set(id, entry);
    }
    return entry;
  };
  for (const result of results) countFor(result.source).results += 1;
  for (const price of prices) countFor(price.source).prices += 1;
  for (const entry of history) countFor(entry.source).prices += 1;
  for (const model of models) for (const source of model.sources) countFor(source).models += 1;

  return {
    data: {
      models,
      prices,
      priceHistory: history,
      results,
      taxonomy: curated.taxonomy,
      aliases,
      sources: describeSources(curated, records),
      conflicts,
      unresolved,
    },
    counts,
    warnings,
    setAside: setAsideNotes,
  };
}
