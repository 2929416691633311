/**
 * The catalog for the rest of the product. `loadCatalog()` reads the installed update of the user data
 * directory, else the bundled `data/` (next to package.json, so it works from `src/` under tsx and from
 * `dist/`), validates every file with zod, checks the references between files, and caches the result per
 * directory. Name resolution is built on first use. Files the build already validated (same bytes, same schemas:
 * validated-data.ts) are read with JSON.parse alone; the references between files are checked on every load.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../errors.js';
import { activeCatalogDir } from './data-location.js';
import { checkReferences, DATA_FILES } from './data-files.js';
import type { CatalogData, DataFileKey } from './data-files.js';
import { ModelResolver } from './resolver.js';
import type { Resolution } from './resolver.js';
import { contentDigest, readStampedFile, type FileStamp, type StampedFile } from './file-stamp.js';
import { parseCatalogFile, readValidationRecord, type ValidationRecord } from './validated-data.js';
import type { Benchmark, BenchmarkResult, DomainId, Model, Price, PriceHistoryEntry } from './schema.js';
import { DOMAIN_IDS } from './schema.js';

export interface Catalog extends Readonly<CatalogData> {
  readonly dataDir: string;
  /** Benchmarks of each domain, in taxonomy order (every domain present, possibly empty). */
  readonly benchmarksByDomain: ReadonlyMap<DomainId, readonly Benchmark[]>;
  getModel(id: string): Model | undefined;
  /** A catalog id, an alias, or any spelling the normalisation resolves to exactly one model. */
  resolveModel(nameOrAlias: string): Model | undefined;
  /** The same, with the reason when nothing or several models match. */
  resolveModelDetailed(nameOrAlias: string): Resolution;
  benchmark(id: string): Benchmark | undefined;
  resultsForModel(modelId: string): readonly BenchmarkResult[];
  pricesForModel(modelId: string): readonly Price[];
  /** The model's price history (LiteLLM's changes over time), in file order. */
  priceHistoryForModel(modelId: string): readonly PriceHistoryEntry[];
}

export { packageRoot } from './data-location.js';

/**
 * The catalog folder read when none is given: the version `parity data update` installed in the user data
 * directory ($PARITY_DATA_DIR), else the bundled data/ (see data-location.ts).
 */
export function defaultDataDir(): string {
  return activeCatalogDir();
}

const cache = new Map<string, Catalog>();

/** Forgets cached catalogs (after an import, or in tests). */
export function clearCatalogCache(): void {
  cache.clear();
}

/**
 * Reads and validates one data file of `dataDir`: for callers that need only a part of the catalog. `record`
 * (default: the build's record of the bundled data) may vouch for the file's exact bytes; else zod validates it.
 */
export function readCatalogFile<K extends DataFileKey>(dataDir: string, key: K, record: ValidationRecord | null = readValidationRecord()): CatalogData[K] {
  return readDataFile(dataDir, key, record).value;
}

function readDataFile<K extends DataFileKey>(dataDir: string, key: K, record: ValidationRecord | null): { value: CatalogData[K]; read: StampedFile } {
  const file = DATA_FILES[key];
  const full = path.join(dataDir, file);
  if (!existsSync(full)) throw new DataError(file, undefined, `missing in ${dataDir} (run \`npm run data:import\`)`);
  const read = readStampedFile(full);
  return { value: parseCatalogFile(key, read.bytes, record, read.stamp), read };
}

/** What a data file was when read: its SHA-256, and its stamp when it had settled (file-stamp.ts), else null. */
export interface DataFileState {
  digest: string;
  stamp: FileStamp | null;
}

/**
 * The catalog of `dataDir` made from one read of each file (validated as `loadCatalog` validates, references
 * included), and what each file was when read: for a record of something computed from these very bytes
 * (track/write-report-memo.ts). Not cached.
 */
export function readCatalogSnapshot(dataDir: string, record: ValidationRecord | null = readValidationRecord()): { catalog: Catalog; files: Record<DataFileKey, DataFileState> } {
  const dir = path.resolve(dataDir);
  const data: Partial<Record<DataFileKey, unknown>> = {};
  const files: Partial<Record<DataFileKey, DataFileState>> = {};
  for (const key of Object.keys(DATA_FILES) as DataFileKey[]) {
    const { value, read } = readDataFile(dir, key, record);
    data[key] = value;
    files[key] = { digest: contentDigest(read.bytes), stamp: read.settled ? read.stamp : null };
  }
  checkReferences(data as CatalogData);
  return { catalog: buildCatalog(dir, data as CatalogData), files: files as Record<DataFileKey, DataFileState> };
}

/** Name resolution over the catalog's models and its alias table. */
export function createModelResolver(data: Pick<CatalogData, 'models' | 'aliases'>): ModelResolver {
  const resolver = new ModelResolver(data.models);
  for (const alias of data.aliases) {
    if (alias.kind === 'derived') resolver.addName(alias.modelId, alias.alias);
    else resolver.addAlias(alias);
  }
  return resolver;
}

/** Reads and validates every data file of `dataDir` (default: the package's `data/`), then the references. */
export function readCatalogData(dataDir: string, record: ValidationRecord | null = readValidationRecord()): CatalogData {
  const read = <K extends DataFileKey>(key: K): CatalogData[K] => readCatalogFile(dataDir, key, record);
  const data: CatalogData = {
    models: read('models'),
    prices: read('prices'),
    priceHistory: read('priceHistory'),
    results: read('results'),
    taxonomy: read('taxonomy'),
    aliases: read('aliases'),
    sources: read('sources'),
    conflicts: read('conflicts'),
    unresolved: read('unresolved'),
  };
  checkReferences(data);
  return data;
}

export function loadCatalog(dataDir?: string): Catalog {
  const dir = path.resolve(dataDir ?? defaultDataDir());
  const cached = cache.get(dir);
  if (cached !== undefined) return cached;
  const catalog = buildCatalog(dir, readCatalogData(dir));
  cache.set(dir, catalog);
  return catalog;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = map.get(k);
    if (list === undefined) map.set(k, [item]);
    else list.push(item);
  }
  return map;
}

/** Builds the lookup structure over already validated data. */
export function buildCatalog(dataDir: string, data: CatalogData): Catalog {
  const byId = new Map(data.models.map((model) => [model.id, model]));
  const benchmarks = new Map(data.taxonomy.benchmarks.map((benchmark) => [benchmark.id, benchmark]));
  const benchmarksByDomain = new Map<DomainId, Benchmark[]>(DOMAIN_IDS.map((domain) => [domain, []]));
  for (const benchmark of data.taxonomy.benchmarks) benchmarksByDomain.get(benchmark.domain)?.push(benchmark);
  let resultsByModel: Map<string, BenchmarkResult[]> | undefined;
  let pricesByModel: Map<string, Price[]> | undefined;
  let historyByModel: Map<string, PriceHistoryEntry[]> | undefined;
  let resolver: ModelResolver | undefined;
  const getResolver = (): ModelResolver => {
    resolver ??= createModelResolver(data);
    return resolver;
  };
  const resolveModelDetailed = (name: string): Resolution => getResolver().resolve(name);
  return {
    ...data,
    dataDir,
    benchmarksByDomain,
    getModel: (id) => byId.get(id),
    resolveModelDetailed,
    resolveModel: (name) => {
      const resolution = resolveModelDetailed(name);
      return resolution.status === 'matched' ? byId.get(resolution.modelId) : undefined;
    },
    benchmark: (id) => benchmarks.get(id),
    resultsForModel: (id) => {
      resultsByModel ??= groupBy(data.results, (result) => result.modelId);
      return resultsByModel.get(id) ?? [];
    },
    pricesForModel: (id) => {
      pricesByModel ??= groupBy(data.prices, (price) => price.modelId);
      return pricesByModel.get(id) ?? [];
    },
    priceHistoryForModel: (id) => {
      historyByModel ??= groupBy(data.priceHistory, (entry) => entry.modelId);
      return historyByModel.get(id) ?? [];
    },
  };
}
