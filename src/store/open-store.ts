/** Chooses the backend once, from the config, and opens it. */
import { ConfigError } from '../errors.js';
import type { Backend } from './backend.js';
import { resolveStoreLocation } from './location.js';
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
    throw new ConfigError(where, `cannot open the store: ${messageOf(error)}`, { cause: error });
  }
  const store = new SqlStore(backend, frozen);
  if (frozen.migrate !== false) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => undefined);
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(store.location, `cannot prepare the store: ${messageOf(error)}`, { cause: error });
    }
  }
  return store;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
