/**
 * The catalog import: reads the public sources of a shared data folder and the curated inputs, merges model
 * facts, resolves every benchmark row and price to a catalog model, and writes `data/` atomically. Run by
 * `npm run data:import` (scripts/import-data.ts); the product never reads the shared folder itself.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../../errors.js';
import { DATA_FILES, taxonomyText, toJsonLines } from '../data-files.js';
import type { Alias, BenchmarkResult, Price, PriceHistoryEntry, Source, UnresolvedName } from '../schema.js';
import { importArenaHard } from './arena-hard.js';
import { renderAttribution } from './attribution.js';
import type { SourceCounts } from './attribution.js';
import { importBfcl } from './bfcl.js';
import { CatalogBuilder } from './catalog-builder.js';
import type { ImportContext, SourceOutput } from './context.js';
import { readCuratedInputs } from './curated.js';
import { importEpochEvaluations } from './epoch-evaluations.js';
import { importEpochExternal } from './epoch-external.js';
import { epochVersionDates, importEpochModels } from './epoch-models.js';
import { importEvalplus } from './evalplus.js';
import { importLitellm, litellmNames } from './litellm.js';
import { importLmarena } from './lmarena.js';
import { importModelsDevBenchmarks } from './models-dev-benchmarks.js';
import { importModelsDev, importTokenlens } from './models-dev.js';
import { importOpenLlmLeaderboard } from './open-llm-leaderboard.js';
import { importOpenModelTrends } from './open-model-trends.js';
import { OUTLIER_FACTOR, setAsideImplausibleHistory, setAsideImplausiblePrices } from './price-outliers.js';
import { SourceFolder } from './source-files.js';
import type { OutputFile } from './write-output.js';
import { writeOutputAtomically } from './write-output.js';

export interface ImportOptions {
  /** The folder holding the raw public sources (the import's --shared argument); read only by the import. */
  sharedDir: string;
  /** Where to write (the package's data/). */
  outDir: string;
  /** Hand-curated inputs (default: `<outDir>/curated`). */
  curatedDir?: string;
}

export interface ImportSummary {
  outDir: string;
  files: Array<{ name: string; rows: number | null; bytes: number }>;
  models: number;
  openModels: number;
  results: number;
  unmatchedResults: number;
  prices: number;
  conflicts: number;
  /** Things a maintainer should look at (curated entries that matched nothing). */
  warnings: string[];
  /** Source rows left out as implausible (unit errors in the source), one line each. */
  setAside: string[];
}

function resolveResults(builder: CatalogBuilder, raw: SourceOutput['results'], known: ReadonlySet<string>) {
  const results: BenchmarkResult[] = [];
  const unresolved = new Map<string, UnresolvedName>();
  const firstSourceOf = new Map<string, string>();
  for (const row of raw) {
    if (!known.has(row.benchmark)) {
      throw new DataError('curated/taxonomy.yaml', undefined, `benchmark "${row.benchmark}" (from ${row.source}) is not in the taxonomy`);
    }
    let resolution = builder.resolver.resolve(row.modelName, { source: row.source, lab: row.lab ?? null, seenBy: row.seenBy ?? null });
    if (resolution.status === 'matched' && !builder.get(resolution.modelId)?.releaseDate) {
      // a model with no known release date cannot be placed on a timeline: the row stays unmatched
      resolution = { status: 'unmatched', candidates: [resolution.modelId] };
    }
    const modelId = resolution.status === 'matched' ? resolution.modelId : null;
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
    const model = modelId === null ? undefined : builder.get(modelId);
    results.push({
      modelId,
      modelName: row.modelName,
      benchmark: row.benchmark,
      score: Number(row.score.toFixed(6)),
      ciLow: row.ciLow === null || row.ciLow === undefined ? null : Number(row.ciLow.toFixed(6)),
      ciHigh: row.ciHigh === null || row.ciHigh === undefined ? null : Number(row.ciHigh.toFixed(6)),
      date: row.date ?? model?.releaseDate ?? row.fallbackDate,
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

export function runImport(options: ImportOptions): ImportSummary {
  const sharedDir = path.resolve(options.sharedDir);
  const outDir = path.resolve(options.outDir);
  if (!existsSync(sharedDir)) throw new DataError(sharedDir, undefined, 'shared data folder not found');
  const curated = readCuratedInputs(options.curatedDir ?? path.join(outDir, 'curated'));
  const context: ImportContext = { folder: new SourceFolder(sharedDir), labs: curated.labs, licenses: curated.licenses };

  const versionDates = epochVersionDates(context);
  // fact priority: first listed wins a field; results are deduplicated in this order too
  const outputs: SourceOutput[] = [
    importModelsDev(context),
    importTokenlens(context),
    importEpochModels(context),
    importEpochEvaluations(context, versionDates),
    importOpenModelTrends(context),
    importEpochExternal(context, versionDates),
    importOpenLlmLeaderboard(context),
    importLmarena(context),
    importBfcl(context),
    importEvalplus(context),
    importArenaHard(context),
    importModelsDevBenchmarks(context),
    importLitellm(context),
  ];

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
  const { results, unresolved } = resolveResults(builder, outputs.flatMap((output) => output.results), known);
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
  const sources: Source[] = curated.sources.sources.map(({ files: _files, ...source }) => source);

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

  const files: OutputFile[] = [
    { name: DATA_FILES.models, text: toJsonLines(models) },
    { name: DATA_FILES.prices, text: toJsonLines(prices) },
    { name: DATA_FILES.priceHistory, text: toJsonLines(history) },
    { name: DATA_FILES.results, text: toJsonLines(results) },
    { name: DATA_FILES.taxonomy, text: taxonomyText(curated.taxonomy) },
    { name: DATA_FILES.aliases, text: toJsonLines(aliases) },
    { name: DATA_FILES.sources, text: toJsonLines(sources) },
    { name: DATA_FILES.conflicts, text: toJsonLines(conflicts) },
    { name: DATA_FILES.unresolved, text: toJsonLines(unresolved) },
    { name: 'ATTRIBUTION.md', text: renderAttribution(curated.sources, counts) },
  ];
  writeOutputAtomically(outDir, files);

  const rowsOf: Record<string, number> = {
    [DATA_FILES.models]: models.length,
    [DATA_FILES.prices]: prices.length,
    [DATA_FILES.priceHistory]: history.length,
    [DATA_FILES.results]: results.length,
    [DATA_FILES.taxonomy]: curated.taxonomy.benchmarks.length,
    [DATA_FILES.aliases]: aliases.length,
    [DATA_FILES.sources]: sources.length,
    [DATA_FILES.conflicts]: conflicts.length,
    [DATA_FILES.unresolved]: unresolved.length,
  };
  return {
    outDir,
    files: files.map((file) => ({ name: file.name, rows: rowsOf[file.name] ?? null, bytes: Buffer.byteLength(file.text) })),
    models: models.length,
    openModels: models.filter((model) => model.openWeights).length,
    results: results.length,
    unmatchedResults: results.filter((result) => result.modelId === null).length,
    prices: prices.length,
    conflicts: conflicts.length,
    warnings,
    setAside: setAsideNotes,
  };
}
