/**
 * Writes a track memo (report-memo.ts): every data file of the catalog folder is read once — its bytes, stamp
 * and digest — the catalog is loaded from those very bytes (validated as the loader validates them, references
 * included), the report computed, and the memo written in one rename (a reader sees the old memo or the new,
 * never half). The memo names the bytes the report was computed from, so a file changed meanwhile voids it.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contentDigest, readCatalogSnapshot } from '../catalog/index.js';
import { computeTrack } from './compute-track.js';
import { resolveTrackOptions, type TrackOptions } from './options.js';
import type { TrackReport } from './output/track-report.js';
import { MEMO_FORMAT, memoKey, trackMemoFile, type MemoHeader } from './report-memo.js';

export type MemoWriteOutcome = { written: true; file: string; report: TrackReport } | { written: false; reason: string; report: TrackReport };

/**
 * Whether `parsed` (a value read back from JSON) is `value`: the same keys in the same order, the same strings,
 * booleans and nulls, numbers equal (−0 reads back as 0, which prints the same). Anything JSON cannot carry —
 * NaN, ±Infinity, undefined members, class instances — makes it differ.
 */
export function readsBackAs(value: unknown, parsed: unknown): boolean {
  if (typeof value !== 'object' || value === null) return value === parsed;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(value) !== Array.isArray(parsed)) return false;
  if (Array.isArray(value)) {
    const list = parsed as unknown[];
    return value.length === list.length && value.every((item, index) => readsBackAs(item, list[index]));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  const keys = Object.keys(value);
  const parsedKeys = Object.keys(parsed);
  return (
    keys.length === parsedKeys.length &&
    keys.every((key, index) => parsedKeys[index] === key && readsBackAs((value as Record<string, unknown>)[key], (parsed as Record<string, unknown>)[key]))
  );
}

/**
 * Computes the report of the catalog in `dataDir` for `options` and writes its memo for `build` to `file`
 * (default: where report-memo.ts looks for it). A report that JSON cannot carry exactly is not memoized (said
 * in `reason`); an invalid catalog throws the loader's DataError and writes nothing.
 */
export function writeTrackMemo(dataDir: string, options: TrackOptions, build: string, file: string = trackMemoFile(dataDir)): MemoWriteOutcome {
  const { catalog, files } = readCatalogSnapshot(dataDir);
  const resolved = resolveTrackOptions(options);
  const report = computeTrack(catalog, resolved);
  const body = JSON.stringify(report);
  if (!readsBackAs(report, JSON.parse(body) as unknown)) return { written: false, reason: 'the report holds values JSON cannot carry exactly', report };
  const header: MemoHeader = { format: MEMO_FORMAT, ...memoKey(resolved, build), files, report: contentDigest(Buffer.from(body)) };
  // one rename: a reader sees the old memo or the new; one lost to a crash is only a miss
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(header)}\n${body}`);
  renameSync(temporary, file);
  return { written: true, file, report };
}
