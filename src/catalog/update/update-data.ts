/**
 * `updateData(options)`: fetches the public sources (all that have URLs, or those asked for), runs each through
 * its importer, merges every source's record — fresh for the sources fetched, the previous one for the others
 * and for any that failed — into a catalog, and installs it as a new version of the user data directory. A
 * source that fails (network, HTTP status, timeout, truncated or malformed file, a changed format) is reported
 * with its reason and keeps its previous data; the others still update. Nothing is printed: progress goes to
 * `onEvent`, the outcome is returned.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DataError, ParityError, ValidationError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { validateCatalogData, type CatalogData } from '../data-files.js';
import { bundledCatalogDir, locateData, MANIFEST_FILE, USER_DATA_FORMAT, type DataLocation } from '../data-location.js';
import { catalogFiles, importedFileName } from '../importers/catalog-files.js';
import { readCuratedInputs, type CuratedInputs } from '../importers/curated.js';
import { mergeSources, type MergedCatalog } from '../importers/merge.js';
import { DATA_SOURCES, dataSource, updateLocations, VENDORED_FOLDER, type DataSource } from '../importers/registry.js';
import { importSource } from '../importers/run-import.js';
import { SourceFolder } from '../importers/source-files.js';
import { importedSourceSchema, type ImportedSource, type SourceOutput } from '../importers/source-output.js';
import { readCatalogData } from '../load.js';
import { fetchedFileSchema } from '../schema.js';
import type { UpdateEventHandler } from './events.js';
import { fetchSource, type DownloadCache, type FetchSettings, type SourceDownload } from './fetch-source.js';
import { FETCH_PREFIX, installVersion, lockUserData, removeLeftovers, removeStale, writeAtomically, type VersionFile } from './install.js';
import { SOURCE_OUTCOMES, type RowCounts, type SourceOutcome, type SourceReport, type UpdateResult } from './report.js';

export interface UpdateOptions {
  /** The user data directory to install into. */
  userDir: string;
  /** Fetch every source from `<mirror>/<path>` instead of its public URL. */
  mirror?: string | null;
  /** Only these sources (names of DATA_SOURCES); default: every source with a URL. */
  sources?: readonly string[];
  /** Fetch and validate, install nothing. */
  dryRun?: boolean;
  /** No progress for this long aborts a download attempt (default 60 000 ms). */
  timeoutMs?: number;
  /** Attempts per file (default 3). */
  maxAttempts?: number;
  /** Backoff base between attempts (default 1000 ms). */
  backoffMs?: number;
  /** Downloads running at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: UpdateEventHandler;
  fetch?: FetchSettings['fetch'];
  now?: () => Date;
}

export interface UpdateOutcome {
  result: UpdateResult;
  /** The catalog in use before the update, and the one built (installed unless a dry run or nothing was new). */
  before: CatalogData;
  after: CatalogData;
}

export const LAST_UPDATE_FILE = 'last-update.json';
const RAW_FOLDER = 'raw';

const sourceStatusSchema = z.object({
  outcome: z.enum(SOURCE_OUTCOMES),
  reason: z.string().nullable(),
  checkedAt: z.string(),
  asOf: z.string().nullable(),
  fetchedAt: z.string().nullable(),
  files: z.array(fetchedFileSchema),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

/** `versions/<v>/manifest.json`: the format, when the version was written, and each source's last check. */
export const versionManifestSchema = z.object({
  format: z.literal(USER_DATA_FORMAT),
  createdAt: z.string(),
  sources: z.record(z.string(), sourceStatusSchema),
});
export type VersionManifest = z.infer<typeof versionManifestSchema>;

function readJsonFile<T>(file: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DataError(file, undefined, `unreadable: ${(error as Error).message}`, { cause: error });
  }
  return parseOrThrow(schema, value, (issue) => new DataError(file, undefined, issue.text));
}

export function readVersionManifest(versionDir: string): VersionManifest | null {
  const file = path.join(versionDir, MANIFEST_FILE);
  return existsSync(file) ? readJsonFile(file, versionManifestSchema) : null;
}

function rowsOf(output: SourceOutput): RowCounts {
  return { facts: output.facts.length, results: output.results.length, prices: output.prices.length, history: output.history.length };
}

function describe(error: unknown): string {
  if (error instanceof ParityError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Which sources to fetch: the names asked for (each checked), else every source with a URL. */
export function selectSources(names: readonly string[] | undefined): DataSource[] {
  if (names === undefined || names.length === 0) return DATA_SOURCES.filter((source) => source.bundledOnly === undefined);
  return [...new Set(names)].map((name) => {
    const source = dataSource(name);
    if (source === undefined) throw new ValidationError(`--source ${name}: unknown; sources: ${DATA_SOURCES.map((entry) => entry.name).join(', ')}`, 'source');
    if (source.bundledOnly !== undefined) throw new ValidationError(`--source ${name}: bundled only (${source.bundledOnly})`, 'source');
    return source;
  });
}

async function inPool<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Previous {
  location: DataLocation;
  /** `current` named no usable version: the update reinstalls even if nothing is new. */
  broken: boolean;
  /** The installed version folder, when one is in use. */
  versionDir: string | null;
  manifest: VersionManifest | null;
  records: Map<string, ImportedSource>;
}

/** The catalog and records in use now: the installed version's, with the bundle's for what it lacks. */
function readPrevious(userDir: string, bundledDir: string): Previous {
  let location: DataLocation;
  let broken = false;
  try {
    location = locateData(userDir);
  } catch {
    // a broken install (a `current` naming no version): start again from the bundle, which this update replaces
    location = { kind: 'bundled', dir: bundledDir, userDir, version: null, installedAt: null, note: null };
    broken = true;
  }
  const versionDir = location.kind === 'user' ? location.dir : null;
  const records = new Map<string, ImportedSource>();
  for (const source of DATA_SOURCES) {
    const installed = versionDir === null ? null : path.join(versionDir, importedFileName(source.name));
    // a bundled-only source is always the bundle's (a newer parity may bundle a newer snapshot of it); an
    // unreadable installed record is replaced by the bundle's, which this update then installs anew
    let fromUser: ImportedSource | null = null;
    if (installed !== null && source.bundledOnly === undefined && existsSync(installed)) {
      try {
        fromUser = readJsonFile(installed, importedSourceSchema);
      } catch {
        broken = true;
      }
    }
    const record = fromUser?.fetched ? fromUser : readJsonFile(path.join(bundledDir, importedFileName(source.name)), importedSourceSchema);
    records.set(source.name, record);
  }
  return { location, broken, versionDir, manifest: versionDir === null ? null : readVersionManifest(versionDir), records };
}

export async function updateData(options: UpdateOptions): Promise<UpdateOutcome> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const userDir = path.resolve(options.userDir);
  const dryRun = options.dryRun ?? false;
  const mirror = options.mirror ?? null;
  const selected = selectSources(options.sources);
  const onEvent = options.onEvent ?? (() => {});
  const bundledDir = bundledCatalogDir();
  const curated = readCuratedInputs(path.join(bundledDir, 'curated'));
  const vendoredDir = path.join(bundledDir, 'curated', VENDORED_FOLDER);

  const release = dryRun ? () => {} : lockUserData(userDir);
  if (!dryRun) removeLeftovers(userDir);
  const work = dryRun ? mkdtempSync(path.join(tmpdir(), 'parity-update-')) : mkdtempSync(path.join(userDir, FETCH_PREFIX));
  try {
    const previous = readPrevious(userDir, bundledDir);
    const before = readCatalogData(previous.location.dir);
    const settings: FetchSettings = {
      mirror,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxAttempts: options.maxAttempts ?? 3,
      backoffMs: options.backoffMs ?? 1000,
      onEvent,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    const cache: DownloadCache = new Map();
    const downloads = new Map<string, SourceDownload | { kind: 'failed'; reason: string }>();
    await inPool(selected, options.concurrency ?? 4, async (source) => {
      const record = previous.records.get(source.name);
      const kept = previous.versionDir === null || !record?.fetched ? null : { files: record.fetched.files, rawDir: path.join(previous.versionDir, RAW_FOLDER, source.name) };
      try {
        downloads.set(source.name, await fetchSource(source, kept, path.join(work, source.name), settings, cache, now));
      } catch (error) {
        downloads.set(source.name, { kind: 'failed', reason: describe(error) });
      }
    });

    // import in registry order: a source's importer may read the records before it (a leaderboard's history)
    const records: ImportedSource[] = [];
    const earlier = new Map<string, SourceOutput>();
    const statuses = new Map<string, { outcome: SourceOutcome; reason: string | null }>();
    for (const source of DATA_SOURCES) {
      const kept = previous.records.get(source.name) as ImportedSource;
      const download = downloads.get(source.name);
      let record = kept;
      let status: { outcome: SourceOutcome; reason: string | null };
      if (source.bundledOnly !== undefined) status = { outcome: 'bundled-only', reason: source.bundledOnly };
      else if (download === undefined) status = { outcome: 'not-selected', reason: null };
      else if (download.kind === 'failed') status = { outcome: 'failed', reason: download.reason };
      else if (download.kind === 'unchanged') status = { outcome: 'unchanged', reason: null };
      else {
        try {
          const folder = new SourceFolder(path.join(work, source.name), updateLocations(source, vendoredDir));
          const output = importSource(source, folder, curated, earlier, download.asOf);
          const rows = rowsOf(output);
          if (rows.facts + rows.results + rows.prices + rows.history === 0) throw new DataError(source.name, undefined, 'the files gave no rows at all (a changed format?)');
          record = { source: source.name, asOf: download.asOf, fetched: { at: download.at, files: download.files }, output };
          status = { outcome: 'updated', reason: null };
        } catch (error) {
          status = { outcome: 'failed', reason: describe(error) };
        }
      }
      statuses.set(source.name, status);
      records.push(record);
      earlier.set(source.name, record.output);
    }

    const merged = mergeIsolating(records, previous.records, statuses, curated);
    for (const [name, status] of statuses) {
      if (status.outcome === 'updated' || status.outcome === 'unchanged' || status.outcome === 'failed') {
        onEvent({ type: 'source-done', source: name, status: status.outcome, detail: status.reason ?? '' });
      }
    }
    const checkedAt = now().toISOString();
    const sources: SourceReport[] = DATA_SOURCES.map((source) => {
      const record = records.find((entry) => entry.source === source.name) as ImportedSource;
      const status = statuses.get(source.name) ?? { outcome: 'not-selected' as const, reason: null };
      return {
        name: source.name,
        outcome: status.outcome,
        reason: status.reason,
        asOf: record.asOf,
        fetchedAt: record.fetched?.at ?? null,
        files: record.fetched?.files ?? [],
        rows: { before: rowsOf((previous.records.get(source.name) as ImportedSource).output), after: rowsOf(record.output) },
      };
    });

    let installed: UpdateResult['installed'] = null;
    const updated = sources.some((source) => source.outcome === 'updated');
    if (!dryRun && (updated || previous.broken)) {
      const manifest: VersionManifest = {
        format: USER_DATA_FORMAT,
        createdAt: checkedAt,
        sources: Object.fromEntries(
          sources.map((source) => {
            const ran = statuses.get(source.name)?.outcome;
            const carried = ran === 'not-selected' ? previous.manifest?.sources[source.name] : undefined;
            const status: SourceStatus = carried ?? { outcome: source.outcome, reason: source.reason, checkedAt, asOf: source.asOf, fetchedAt: source.fetchedAt, files: source.files };
            return [source.name, status];
          }),
        ),
      };
      const files: VersionFile[] = catalogFiles(merged, curated, records, { writtenBy: '`parity data update`' }).map((file) => ({ name: file.name, data: file.text }));
      for (const source of DATA_SOURCES) {
        if (source.bundledOnly !== undefined) continue;
        const fresh = statuses.get(source.name)?.outcome === 'updated' || statuses.get(source.name)?.outcome === 'unchanged';
        const from = fresh ? path.join(work, source.name) : previous.versionDir === null ? null : path.join(previous.versionDir, RAW_FOLDER, source.name);
        if (from === null || !existsSync(from)) continue;
        for (const relative of listFiles(from)) files.push({ name: path.join(RAW_FOLDER, source.name, relative), data: { linkFrom: path.join(from, relative) } });
      }
      files.push({ name: MANIFEST_FILE, data: `${JSON.stringify(manifest, null, 2)}\n` });
      installed = installVersion(userDir, files, now());
      onEvent({ type: 'installed', version: installed.version, dir: installed.dir });
      removeStale(userDir, previous.location.version === null ? [] : [previous.location.version]);
    }

    const asked = sources.filter((source) => selected.some((entry) => entry.name === source.name));
    const result: UpdateResult = {
      dryRun,
      mirror,
      userDir,
      installed,
      startedAt,
      finishedAt: now().toISOString(),
      sources,
      complete: asked.every((source) => source.outcome === 'updated' || source.outcome === 'unchanged'),
    };
    if (!dryRun) writeAtomically(path.join(userDir, LAST_UPDATE_FILE), `${JSON.stringify(result, null, 2)}\n`);
    return { result, before, after: merged.data };
  } finally {
    rmSync(work, { recursive: true, force: true });
    release();
  }
}

function mergeChecked(records: readonly ImportedSource[], curated: CuratedInputs): MergedCatalog {
  const merged = mergeSources(records, curated);
  validateCatalogData(merged.data);
  return merged;
}

/**
 * Merges the records into a valid catalog. When the merge or its validation fails, each fresh record is tried
 * alone on top of the previous ones: those that cannot be merged fail (reason given) and keep their previous
 * record, so one source's bad rows never hold the others back. `records` and `statuses` are updated in place.
 */
export function mergeIsolating(
  records: ImportedSource[],
  previous: ReadonlyMap<string, ImportedSource>,
  statuses: Map<string, { outcome: SourceOutcome; reason: string | null }>,
  curated: CuratedInputs,
): MergedCatalog {
  try {
    return mergeChecked(records, curated);
  } catch (error) {
    const fresh = records.filter((record) => statuses.get(record.source)?.outcome === 'updated').map((record) => record.source);
    const base = records.map((record) => (fresh.includes(record.source) ? (previous.get(record.source) as ImportedSource) : record));
    const keepPrevious = (name: string, reason: string): void => {
      statuses.set(name, { outcome: 'failed', reason });
      const index = records.findIndex((record) => record.source === name);
      records[index] = previous.get(name) as ImportedSource;
    };
    let culprits = 0;
    for (const name of fresh) {
      try {
        mergeChecked(base.map((record, index) => (record.source === name ? (records[index] as ImportedSource) : record)), curated);
      } catch (alone) {
        keepPrevious(name, `its data could not be merged into the catalog: ${describe(alone)}`);
        culprits += 1;
      }
    }
    if (culprits > 0) {
      try {
        return mergeChecked(records, curated);
      } catch {
        // the rest clash only together: fall through and keep none of them
      }
    }
    for (const name of fresh) {
      if (statuses.get(name)?.outcome === 'updated') keepPrevious(name, `its data could not be merged with the other fresh sources: ${describe(error)}`);
    }
    return mergeChecked(records, curated);
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(dir, relative));
    else out.push(relative);
  }
  return out;
}
