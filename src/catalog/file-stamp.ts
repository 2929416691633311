/**
 * What a file was when it was read: its content digest, and a stamp (absolute path, device, inode, size, mtime)
 * that tells "the very file read before, untouched since" without reading it again. The records kept beside
 * the catalog (validated-data.ts: which files need no zod; track/report-memo.ts: a report already computed)
 * trust a file whose stamp is the recorded one, and for any other stamp compare the SHA-256 of its bytes: a
 * changed file is never taken on trust, and an unchanged copy elsewhere (another stamp, same bytes) still is.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const fileStampSchema = z.object({ path: z.string(), dev: z.number(), ino: z.number(), size: z.number(), mtimeMs: z.number() });
/** Which file, and its state when read: the same stamp later means the same bytes (short of a deliberate forgery). */
export type FileStamp = z.output<typeof fileStampSchema>;

function stampOf(file: string, stats: Stats): FileStamp {
  return { path: path.resolve(file), dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.path === b.path && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * How long before a read a file must have last changed for its stamp to vouch for it later. A write lands in
 * the mtime of the file system's current tick (a few milliseconds on ext4, 2 s on FAT): one in the same tick as
 * the read, after it, would leave the stamp as it was over other bytes — as git's "racily clean" index entries.
 */
export const SETTLE_MS = 2000;

export interface StampedFile {
  bytes: Buffer;
  stamp: FileStamp;
  /**
   * The file had not changed for SETTLE_MS when it was read, so a record may keep its stamp; an unsettled file is
   * vouched for by its digest alone.
   */
  settled: boolean;
}

/**
 * A file's bytes and its stamp, taken from the same descriptor after the bytes were read: a write before the
 * stamp was taken changes it, and one after it came too late to change the bytes read (short of the same tick:
 * `settled`).
 */
export function readStampedFile(file: string): StampedFile {
  const readAt = Date.now();
  const descriptor = openSync(file, 'r');
  try {
    const bytes = readFileSync(descriptor);
    const stamp = stampOf(file, fstatSync(descriptor));
    return { bytes, stamp, settled: readAt - stamp.mtimeMs >= SETTLE_MS };
  } finally {
    closeSync(descriptor);
  }
}

/** The file's stamp now, without reading it; null when there is no such file. */
export function currentStamp(file: string): FileStamp | null {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats === undefined || !stats.isFile() ? null : stampOf(file, stats);
}

export function contentDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
