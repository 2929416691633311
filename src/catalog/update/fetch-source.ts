/**
 * Downloads one source's files for `parity data update`: from the public URL, or `<mirror>/<path>` with a
 * mirror; a conditional request (If-None-Match / If-Modified-Since) when the previous update kept the file;
 * retries with backoff on retryable failures (honouring Retry-After); a zip download unpacked to the members
 * the importer reads. Files land under `<rawDir>/<path>`, which is then the source's folder for its importer.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { DataError, ParityError } from '../../errors.js';
import { fetchFile, type FetchFunction, type FileResponse } from '../../providers/index.js';
import { isRetryableError, retryDelayMs } from '../../providers/index.js';
import { sleep as defaultSleep, type SleepFunction } from '../../providers/index.js';
import type { DataSource, SourceFile } from '../importers/registry.js';
import type { FetchedFile } from '../schema.js';
import type { UpdateEventHandler } from './events.js';

export interface FetchSettings {
  /** Fetch every file from `<mirror>/<path>` instead of its public URL. */
  mirror: string | null;
  /** No progress for this long aborts an attempt (default 60 s). */
  timeoutMs: number;
  /** Attempts per file, the first included (default 3). */
  maxAttempts: number;
  /** Backoff base in ms (default 1000): attempt n waits up to base·2^(n-1), or the server's Retry-After. */
  backoffMs: number;
  signal?: AbortSignal;
  fetch?: FetchFunction;
  sleep?: SleepFunction;
  onEvent: UpdateEventHandler;
}

/** What the previous update kept of a source: its files' provenance and the folder holding them. */
export interface PreviousFiles {
  files: readonly FetchedFile[];
  rawDir: string;
}

export type SourceDownload =
  /** Every file answered 304 (or came back byte for byte): the previous record stands. */
  | { kind: 'unchanged'; files: FetchedFile[] }
  | { kind: 'fetched'; files: FetchedFile[]; asOf: string; at: string };

/** One download per URL and update run: two sources reading one file (models.dev's models.json) share it. */
export type DownloadCache = Map<string, Promise<FileResponse>>;

export function fileUrl(file: SourceFile, mirror: string | null): string | null {
  if (file.url === undefined) return null;
  if (mirror === null) return file.url;
  return `${mirror.replace(/\/+$/, '')}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
}

function describe(error: unknown): string {
  if (error instanceof ParityError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

async function download(source: DataSource, url: string, headers: Record<string, string>, settings: FetchSettings): Promise<FileResponse> {
  const sleep = settings.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchFile({
        provider: source.name,
        url,
        headers: { 'user-agent': 'parity-data-update', ...headers },
        timeoutMs: settings.timeoutMs,
        ...(settings.signal ? { signal: settings.signal } : {}),
        ...(settings.fetch ? { fetch: settings.fetch } : {}),
      });
    } catch (error) {
      if (settings.signal?.aborted || attempt >= settings.maxAttempts || !isRetryableError(error)) throw error;
      const delayMs = retryDelayMs(attempt, error, {
        maxAttempts: settings.maxAttempts,
        initialDelayMs: settings.backoffMs,
        maxDelayMs: 30_000,
        maxRetryAfterMs: 60_000,
        random: Math.random,
      });
      settings.onEvent({ type: 'retry', source: source.name, url, attempt, maxAttempts: settings.maxAttempts, delayMs, reason: describe(error) });
      await sleep(delayMs, settings.signal);
    }
  }
}

function writeUnder(rawDir: string, relative: string, bytes: Uint8Array): void {
  const target = path.join(rawDir, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}

/** Unpacks the members the importer reads (matched by file name, wherever the archive keeps them). */
export function extractMembers(file: SourceFile, bytes: Uint8Array, rawDir: string): void {
  const members = file.members ?? [];
  const targetOf = (entry: string): string | null => {
    const base = entry.split('/').pop() ?? entry;
    for (const member of members) {
      if ('name' in member && member.name === base) return member.path;
      if ('prefix' in member && base.startsWith(member.prefix) && base.endsWith('.csv')) return `${member.folder}${base}`;
    }
    return null;
  };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (entry) => targetOf(entry.name) !== null });
  } catch (error) {
    throw new DataError(file.path, undefined, `not a readable zip archive: ${describe(error)}`, { cause: error });
  }
  for (const [name, content] of Object.entries(entries)) {
    const target = targetOf(name);
    if (target !== null) writeUnder(rawDir, target, content);
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `YYYY-MM-DD` of a Last-Modified header, or null. */
function lastModifiedDay(value: string | null): string | null {
  if (value === null) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

/**
 * Fetches every file of `source` that has a URL into `rawDir`. Throws (a ProviderError, TimeoutError or
 * DataError naming the URL or file) when a file cannot be had; the caller keeps the source's previous data.
 */
export async function fetchSource(
  source: DataSource,
  previous: PreviousFiles | null,
  rawDir: string,
  settings: FetchSettings,
  cache: DownloadCache,
  now: () => Date = () => new Date(),
): Promise<SourceDownload> {
  const files: FetchedFile[] = [];
  const days: string[] = [];
  let changed = false;
  const at = now().toISOString();
  for (const file of source.files) {
    const url = fileUrl(file, settings.mirror);
    if (url === null) continue; // bundled only: the importer does without it
    const before = previous?.files.find((entry) => entry.url === url);
    const kept = previous === null ? null : path.join(previous.rawDir, file.path);
    const conditional = before !== undefined && kept !== null && existsSync(kept);
    const headers: Record<string, string> = {};
    if (conditional && before.etag !== null) headers['if-none-match'] = before.etag;
    if (conditional && before.lastModified !== null) headers['if-modified-since'] = before.lastModified;
    settings.onEvent({ type: 'fetch-start', source: source.name, url, conditional: Object.keys(headers).length > 0 });
    const started = Date.now();
    let response: FileResponse;
    try {
      const key = `${url}\n${JSON.stringify(headers)}`;
      let pending = cache.get(key);
      if (pending === undefined) {
        pending = download(source, url, headers, settings);
        cache.set(key, pending);
      }
      response = await pending;
    } catch (error) {
      throw new DataError(url, undefined, describe(error).replace(` (${url})`, ''), { cause: error });
    }
    settings.onEvent({ type: 'fetched', source: source.name, url, status: response.status, bytes: response.body.byteLength, ms: Date.now() - started });
    let bytes: Uint8Array;
    let record: FetchedFile;
    if (response.status === 304) {
      if (!conditional || before === undefined || kept === null) throw new DataError(url, undefined, 'answered 304 Not Modified to a request that was not conditional');
      bytes = readFileSync(kept);
      record = before;
    } else {
      bytes = response.body;
      record = { url, sha256: sha256(bytes), bytes: bytes.byteLength, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
      if (before === undefined || before.sha256 !== record.sha256) changed = true;
    }
    if (bytes.byteLength === 0) throw new DataError(url, undefined, 'the file is empty');
    files.push(record);
    days.push(lastModifiedDay(record.lastModified) ?? at.slice(0, 10));
    writeUnder(rawDir, file.path, bytes);
    if (file.members !== undefined) extractMembers(file, bytes, rawDir);
  }
  if (!changed && previous !== null && files.length === previous.files.length) return { kind: 'unchanged', files };
  return { kind: 'fetched', files, asOf: days.sort()[days.length - 1] ?? at.slice(0, 10), at };
}
