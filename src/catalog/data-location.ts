/**
 * Which catalog parity reads. `parity data update` installs catalogs into the user data directory
 * ($PARITY_DATA_DIR, default `~/.parity/data`): each update writes a complete version under `versions/`, and the
 * one-line file `current` names the installed one. That version takes precedence over the bundled snapshot
 * (the package's data/), which stays the fallback and the default on a fresh machine. The reference tables and
 * the track datasets are never updated and are read from the bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DataError } from '../errors.js';

/** The layout of an installed version; a version of another format (an older parity) is not read. */
export const USER_DATA_FORMAT = 1;
export const CURRENT_FILE = 'current';
export const VERSIONS_FOLDER = 'versions';
export const MANIFEST_FILE = 'manifest.json';

let root: string | undefined;

/**
 * The folder holding package.json and data/: walks up from this module, once per process. The one owner of
 * "where the package is" — the bundled data, the reference tables, the built dashboard and the validated-data
 * record are found from here, so the code finds them whether it runs from src/, dist/ or the CLI's bundle
 * (dist/cli-bundle/, scripts/bundle-cli.mjs).
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'data'))) {
      root = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new DataError('package.json', undefined, 'cannot find the package root (with a data/ folder)');
    dir = parent;
  }
}

/** The bundled snapshot: the package's data/. */
export function bundledCatalogDir(): string {
  return path.join(packageRoot(), 'data');
}

/** $PARITY_DATA_DIR, else `.parity/data` in the home directory. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PARITY_DATA_DIR?.trim();
  return path.resolve(configured !== undefined && configured !== '' ? configured : path.join(homedir(), '.parity', 'data'));
}

const versionManifestSchema = z.looseObject({ format: z.number(), createdAt: z.string() });

export interface DataLocation {
  kind: 'user' | 'bundled';
  /** The catalog folder to read. */
  dir: string;
  /** The user data directory looked at. */
  userDir: string;
  /** The installed version's name (kind 'user'). */
  version: string | null;
  /** When that version was installed. */
  installedAt: string | null;
  /** Why an installed version is not used (another format), else null. */
  note: string | null;
}

/**
 * The installed version of `userDir` if there is a usable one, else the bundle. A `current` that names a
 * missing folder is a broken install and an error (never a silent fall back to older data); a version of
 * another format is skipped with a note (`parity data update` writes a new one).
 */
export function locateData(userDir: string = userDataDir()): DataLocation {
  const bundled = { kind: 'bundled' as const, dir: bundledCatalogDir(), userDir, version: null, installedAt: null };
  const pointer = path.join(userDir, CURRENT_FILE);
  if (!existsSync(pointer)) return { ...bundled, note: null };
  const version = readFileSync(pointer, 'utf8').trim();
  if (!/^[A-Za-z0-9._-]+$/.test(version)) throw new DataError(pointer, undefined, `names no version ("${version}"); run \`parity data reset\` or \`parity data update\``);
  const dir = path.join(userDir, VERSIONS_FOLDER, version);
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (!existsSync(manifestFile)) {
    throw new DataError(pointer, undefined, `names ${version}, which is not installed in ${path.join(userDir, VERSIONS_FOLDER)}; run \`parity data reset\` or \`parity data update\``);
  }
  let manifest: z.infer<typeof versionManifestSchema>;
  try {
    manifest = versionManifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  } catch (error) {
    throw new DataError(manifestFile, undefined, `unreadable (${(error as Error).message}); run \`parity data reset\` or \`parity data update\``, { cause: error });
  }
  if (manifest.format !== USER_DATA_FORMAT) {
    return { ...bundled, note: `the data in ${userDir} (format ${manifest.format}) was written by another parity version; run \`parity data update\`` };
  }
  return { kind: 'user', dir, userDir, version, installedAt: manifest.createdAt, note: null };
}

/** The catalog folder parity reads by default: the installed update, else the bundle. */
export function activeCatalogDir(): string {
  return locateData().dir;
}
