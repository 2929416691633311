/**
 * A track report already computed, kept beside the catalog it was computed from, so `parity track` (and the table
 * of `parity start`) on unchanged data answers without reading ~5 MB of catalog or computing ~1 s of frontiers.
 * The report is a pure function of the catalog's files, the options and the code (compute-track.ts), so a memo
 * names all three and is used only when every one is what this process would compute with:
 *
 * - the files: each data file's SHA-256 and stamp as the writer read it (catalog/file-stamp.ts); a file with
 *   another stamp is hashed, and any other bytes — an edit, an import, a missing file — void the memo;
 * - the options, resolved (defaults filled in), as JSON;
 * - the code: the CLI bundle's build id (the digest of its chunks and the lock file, scripts/bundle-cli.mjs)
 *   and the Node version. Code that is not the built CLI (src/ under tsx, dist/ as a library) has no build id
 *   and never reads a memo.
 *
 * A memo is one line of JSON naming all that and the report's own digest, then the report as JSON. Anything
 * else — no memo, another build, other options, changed data, a truncated or edited file — is a miss, and the
 * report is computed in full: a memo can make an answer faster, never different. The writers
 * (write-report-memo.ts) are the build (the bundled data/, in dist/track/) and `parity data update` (in the
 * version it installs); a `--data-dir` folder is read like any other, with or without a memo.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DATA_FILES, type DataFileKey } from '../catalog/data-files.js';
import { activeCatalogDir, bundledCatalogDir, packageRoot } from '../catalog/data-location.js';
import { contentDigest, currentStamp, fileStampSchema, sameStamp } from '../catalog/file-stamp.js';
import { resolveTrackOptions, type ResolvedTrackOptions, type TrackOptions } from './options.js';
import type { TrackReport } from './output/track-report.js';

export const MEMO_FORMAT = 1;
/** The memo's name in a catalog folder (a version `parity data update` installed, a `--data-dir`). */
export const TRACK_MEMO_FILE = 'track-report.memo';
/** The file beside the CLI bundle's chunks that names the build (scripts/bundle-cli.mjs writes it). */
export const BUILD_ID_FILE = 'build-id';

const digest = z.string().regex(/^[0-9a-f]{64}$/);
export const memoHeaderSchema = z.object({
  format: z.literal(MEMO_FORMAT),
  build: digest,
  node: z.string(),
  options: z.string(),
  /** Every data file of the catalog: the loader reads them all (and checks the references between them). */
  files: z.record(z.string(), z.object({ digest, stamp: fileStampSchema.nullable() })),
  report: digest,
});
export type MemoHeader = z.output<typeof memoHeaderSchema>;

/** What a memo must match besides the files: the code that computes and the options. */
export interface MemoKey {
  build: string;
  node: string;
  options: string;
}

/**
 * The options as JSON in the order the options schema writes them: the same for equal options within one build
 * (and a memo is only ever compared within one), so no canonical-JSON library needs to load.
 */
export function memoKey(options: ResolvedTrackOptions, build: string): MemoKey {
  return { build, node: process.version, options: JSON.stringify(options) };
}

let running: string | null | undefined;

/**
 * The build id of the code running: the `build-id` file beside this module, which only the CLI bundle has
 * (its chunks sit together in dist/cli-bundle/); null anywhere else.
 */
export function runningBuild(): string | null {
  if (running === undefined) {
    let text: string | null;
    try {
      text = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), BUILD_ID_FILE), 'utf8').trim();
    } catch {
      text = null; // not the bundle: no build id
    }
    running = text !== null && digest.safeParse(text).success ? text : null;
  }
  return running;
}

/** Where the memo of a catalog folder is: the build's for the bundled data/ (which is source), else in the folder. */
export function trackMemoFile(dataDir: string): string {
  const dir = path.resolve(dataDir);
  return dir === bundledCatalogDir() ? path.join(packageRoot(), 'dist', 'track', TRACK_MEMO_FILE) : path.join(dir, TRACK_MEMO_FILE);
}

/** Every data file of `dataDir` is the one the memo was computed from: the recorded stamp, else the same digest. */
function sameFiles(dataDir: string, files: MemoHeader['files']): boolean {
  for (const key of Object.keys(DATA_FILES) as DataFileKey[]) {
    const recorded = files[key];
    if (recorded === undefined) return false;
    const file = path.join(dataDir, DATA_FILES[key]);
    const stamp = currentStamp(file);
    if (stamp === null) return false;
    if (recorded.stamp !== null && sameStamp(stamp, recorded.stamp)) continue;
    try {
      if (contentDigest(readFileSync(file)) !== recorded.digest) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** The memo's header and the report's bytes, or null when the file is missing or not a memo. */
export function readMemoFile(file: string): { header: MemoHeader; body: Buffer } | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return null;
  let header: unknown;
  try {
    header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as unknown;
  } catch {
    return null;
  }
  const parsed = memoHeaderSchema.safeParse(header);
  return parsed.success ? { header: parsed.data, body: bytes.subarray(newline + 1) } : null;
}

/**
 * The report the memo at `file` holds for the catalog in `dataDir` under `key`, or null when it holds none (a
 * miss: compute the report).
 */
export function readTrackMemo(file: string, dataDir: string, key: MemoKey): TrackReport | null {
  const memo = readMemoFile(file);
  if (memo === null) return null;
  const { header, body } = memo;
  if (header.build !== key.build || header.node !== key.node || header.options !== key.options) return null;
  if (!sameFiles(path.resolve(dataDir), header.files)) return null;
  if (contentDigest(body) !== header.report) return null;
  try {
    return JSON.parse(body.toString('utf8')) as TrackReport;
  } catch {
    return null;
  }
}

/**
 * The track report of the catalog in `dataDir` (default: the one parity reads, catalog/data-location.ts): the
 * memo's when it holds this very report, else computed in full. The loader and the computation load only then.
 */
export async function memoizedTrack(dataDir: string | undefined, options: TrackOptions = {}, build: string | null = runningBuild()): Promise<TrackReport> {
  const dir = path.resolve(dataDir ?? activeCatalogDir());
  const resolved = resolveTrackOptions(options);
  if (build !== null) {
    const memo = readTrackMemo(trackMemoFile(dir), dir, memoKey(resolved, build));
    if (memo !== null) return memo;
  }
  const [{ loadCatalog }, { computeTrack }] = await Promise.all([import('../catalog/load.js'), import('./compute-track.js')]);
  return computeTrack(loadCatalog(dir), options);
}
