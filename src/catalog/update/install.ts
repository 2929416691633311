/**
 * Installing a catalog version into the user data directory so that a crash or SIGKILL at any moment leaves a
 * directory that loads, old or new, never half: the version is written complete under a staging name, every
 * file and folder fsynced, read back through the loader, renamed into `versions/`, and only then does one
 * atomic rename of the one-line `current` file switch to it. Leftovers of an interrupted update (staging
 * folders, a `current.tmp-*`) are never read and are removed by the next update. One update at a time: a lock
 * file holds the pid of the update running (a dead holder's lock is taken over).
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../../errors.js';
import { CURRENT_FILE, MANIFEST_FILE, VERSIONS_FOLDER } from '../data-location.js';
import { readCatalogData } from '../load.js';

const STAGING_PREFIX = '.staging-';
const LOCK_FILE = 'update.lock';
/** The folder an update downloads into, under the user data directory (so its files can be hard-linked). */
export const FETCH_PREFIX = '.fetch-';

/** Writes a file and flushes it to disk before returning. */
export function writeDurably(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let offset = 0;
    while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `file` in one rename with a fully written temporary, so readers see the old or the new content. */
export function writeAtomically(file: string, data: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeDurably(temporary, data);
  renameSync(temporary, file);
  syncFolder(path.dirname(file));
}

/** Flushes a folder's entries (new names, renames) to disk; a no-op where folders cannot be opened (Windows). */
export function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder; the rename is still atomic
  } finally {
    closeSync(fd);
  }
}

function syncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) syncTree(path.join(dir, entry.name));
  syncFolder(dir);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the update lock of `root`; returns its release. Throws when another live update holds it. */
export function lockUserData(root: string): () => void {
  try {
    mkdirSync(root, { recursive: true });
    accessSync(root, constants.W_OK);
  } catch (error) {
    throw new DataError(root, undefined, `cannot write the user data directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set $PARITY_DATA_DIR to a folder you can write`, { cause: error });
  }
  const file = path.join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      fsyncSync(fd);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new DataError(file, undefined, `another \`parity data update\` (pid ${holder}) is updating ${root}; wait for it to finish`);
      }
      rmSync(file, { force: true }); // the holder died (SIGKILL, power loss): take the lock over
    }
  }
  throw new DataError(file, undefined, 'could not take the update lock');
}

export interface VersionFile {
  /** Relative to the version folder. */
  name: string;
  /** The content, or an existing file to hard-link (copied where links are impossible). */
  data: string | Uint8Array | { linkFrom: string };
}

function newVersionName(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

function place(target: string, data: VersionFile['data']): void {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    writeDurably(target, data);
    return;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    linkSync(data.linkFrom, target); // the previous version's file, unchanged: the same bytes, already durable
  } catch {
    writeDurably(target, readFileSync(data.linkFrom));
  }
}

/**
 * Writes `files` as a new version of `root` and makes it current. `beforeSwitch` (tests) runs after the version
 * is complete and before `current` names it. Returns the version's name and folder.
 */
export function installVersion(root: string, files: readonly VersionFile[], now: Date = new Date()): { version: string; dir: string } {
  const versions = path.join(root, VERSIONS_FOLDER);
  mkdirSync(versions, { recursive: true });
  const version = newVersionName(now);
  const staging = path.join(versions, `${STAGING_PREFIX}${version}`);
  mkdirSync(staging);
  try {
    if (!files.some((file) => file.name === MANIFEST_FILE)) throw new DataError(MANIFEST_FILE, undefined, 'a version needs its manifest');
    // the manifest last: a version folder with a manifest is complete
    for (const file of [...files.filter((entry) => entry.name !== MANIFEST_FILE), ...files.filter((entry) => entry.name === MANIFEST_FILE)]) {
      place(path.join(staging, file.name), file.data);
    }
    syncTree(staging);
    readCatalogData(staging); // read back through the loader: a DataError here installs nothing
    const dir = path.join(versions, version);
    renameSync(staging, dir);
    syncFolder(versions);
    const pointer = path.join(root, CURRENT_FILE);
    const temporary = `${pointer}.tmp-${process.pid}`;
    writeDurably(temporary, `${version}\n`);
    renameSync(temporary, pointer);
    syncFolder(root);
    return { version, dir };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Removes what interrupted updates left (download folders, staging versions, temporaries). Call with the lock held. */
export function removeLeftovers(root: string): void {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    if (name.startsWith(FETCH_PREFIX) || /\.tmp-\d+$/.test(name)) rmSync(path.join(root, name), { recursive: true, force: true });
  }
  const versions = path.join(root, VERSIONS_FOLDER);
  if (existsSync(versions)) {
    for (const name of readdirSync(versions)) if (name.startsWith(STAGING_PREFIX)) rmSync(path.join(versions, name), { recursive: true, force: true });
  }
}

/**
 * Removes what no reader uses: staging folders and pointer temporaries of interrupted updates, and versions
 * other than the current one and `keep` (the one it replaced, for a look back). Call with the lock held.
 */
export function removeStale(root: string, keep: readonly string[]): void {
  const versions = path.join(root, VERSIONS_FOLDER);
  const current = existsSync(path.join(root, CURRENT_FILE)) ? readFileSync(path.join(root, CURRENT_FILE), 'utf8').trim() : null;
  if (existsSync(versions)) {
    for (const name of readdirSync(versions)) {
      if (name === current || keep.includes(name)) continue;
      rmSync(path.join(versions, name), { recursive: true, force: true });
    }
  }
  if (existsSync(root)) {
    for (const name of readdirSync(root)) {
      if (name.startsWith(`${CURRENT_FILE}.tmp-`) && statSync(path.join(root, name)).isFile()) rmSync(path.join(root, name), { force: true });
    }
  }
}
