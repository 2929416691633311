/** Where the store lives, decided once from a URL or path. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { SQLITE_MEMORY } from './sqlite/connect.js';

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export const DEFAULT_SQLITE_PATH = '.parity/parity.db';

/**
 * - absent or empty → SQLite at `.parity/parity.db` under `cwd`
 * - `postgres://…` or `postgresql://…` → Postgres
 * - `sqlite::memory:` or `:memory:` → an in-memory SQLite database
 * - `sqlite:PATH`, `sqlite://PATH`, `sqlite:///ABSOLUTE`, `file:PATH`, or a bare path → a SQLite file
 */
export function resolveStoreLocation(url: string | undefined, cwd: string = process.cwd()): StoreLocation {
  const value = url?.trim() ?? '';
  if (value === '') return { kind: 'sqlite', path: resolve(cwd, DEFAULT_SQLITE_PATH) };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  let path = value;
  if (scheme === 'sqlite' || scheme === 'file') {
    path = value.slice(scheme.length + 1);
    if (path.startsWith('//')) path = path.slice(2);
  } else if (scheme !== undefined && scheme.length > 1) {
    // One letter would be a Windows drive (C:\…); anything longer is a database we do not speak.
    throw new ConfigError(
      'store url',
      `unsupported scheme "${scheme}:" (use a file path, sqlite:PATH or postgres://USER@HOST/DB)`,
    );
  }
  if (path === '') throw new ConfigError('store url', `"${value}" names no file`);
  if (path === SQLITE_MEMORY) return { kind: 'sqlite', path: SQLITE_MEMORY };
  return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
}

/** The store URL the environment asks for (`PARITY_DATABASE_URL`), if any. */
export function storeUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.PARITY_DATABASE_URL?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The SQLite file a location names when nothing is there yet (opening it would create an empty store); else null. */
export function missingStoreFile(location: StoreLocation): string | null {
  return location.kind === 'sqlite' && location.path !== SQLITE_MEMORY && !existsSync(location.path) ? location.path : null;
}
