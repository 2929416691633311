/** Chooses the backend once, from the config, and opens it. */
import { ConfigError, NotFoundError } from '../errors.js';
import type { Backend } from './backend.js';
import { isConnectionError } from './connection-error.js';
import { missingStoreFile, resolveStoreLocation } from './location.js';
import { SqlStore } from './sql-store.js';
import type { Store, StoreConfig } from './store.js';

/**
 * Opens the store the config names (SQLite by default) and, unless `migrate: false`, brings its schema up to
 * date. The config is frozen; close the store when done.
 */
export async function openStore(config: StoreConfig = {}): Promise<Store> {
  return openSqlStore(config);
}

/** `openStore` with the concrete type, for the store's own tools (copy, bench). */
export async function openSqlStore(config: StoreConfig = {}): Promise<SqlStore> {
  if (config.poolSize !== undefined && (!Number.isInteger(config.poolSize) || config.poolSize < 1)) {
    throw new ConfigError('store poolSize', 'must be a positive integer');
  }
  if (config.sqliteCacheMb !== undefined && !(config.sqliteCacheMb > 0 && Number.isFinite(config.sqliteCacheMb))) {
    throw new ConfigError('store sqliteCacheMb', 'must be a positive number');
  }
  const frozen = Object.freeze({ ...config });
  const location = resolveStoreLocation(frozen.url, frozen.cwd);
  const missing = frozen.mustExist === true ? missingStoreFile(location) : null;
  if (missing !== null) {
    throw new NotFoundError(
      `${whereOf(frozen.origin, missing)}: no store there, so nothing to read (check --db or $PARITY_DATABASE_URL; parity eval, parity serve and parity keys create make one)`,
    );
  }
  let backend: Backend;
  try {
    // each driver is loaded only when its backend is used (pg alone costs a SQLite process ~10 MB)
    if (location.kind === 'postgres') {
      const { createPostgresBackend } = await import('./postgres/index.js');
      backend = createPostgresBackend(location.url, frozen.poolSize);
    } else {
      const { createSqliteBackend } = await import('./sqlite/index.js');
      backend = createSqliteBackend(location.path, frozen.sqliteCacheMb === undefined ? {} : { cacheMb: frozen.sqliteCacheMb });
    }
  } catch (error) {
    const where = location.kind === 'postgres' ? 'store url' : location.path;
    throw new ConfigError(whereOf(frozen.origin, where), `cannot open the store: ${messageOf(error)}${hintFor(error, frozen.origin)}`, { cause: error });
  }
  const store = new SqlStore(backend, frozen);
  if (frozen.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => undefined);
      if (error instanceof ConfigError) throw error;
      const reached = !isConnectionError(error);
      throw new ConfigError(
        whereOf(frozen.origin, store.location),
        `${reached ? 'cannot prepare the store' : 'cannot reach the store'}: ${messageOf(error)}${hintFor(error, frozen.origin)}`,
        { cause: error },
      );
    }
  }
  return store;
}

function whereOf(origin: string | undefined, location: string): string {
  return origin === undefined ? location : `${origin} (${location})`;
}

function hintFor(error: unknown, origin: string | undefined): string {
  if (!isConnectionError(error)) return '';
  return `; is the database server running and reachable at that host and port?${origin === undefined ? '' : ` Change ${origin} to point at one`}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
