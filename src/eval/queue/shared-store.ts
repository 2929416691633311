/**
 * A distributed eval's workers and its submitting CLI must write to and read from the same store. Postgres is
 * that store. A SQLite file also works, but only when every worker runs on the same machine (SQLite is not safe
 * over a network file system) and names the same file — so it must be named explicitly, never the default
 * `.parity/parity.db`, which depends on each process's working directory.
 */
import { ConfigError } from '../../errors.js';
import { resolveStoreLocation, type StoreLocation } from '../../store/index.js';

export function checkSharedStore(url: string | undefined, flag = '--db'): StoreLocation {
  if (url === undefined || url.trim() === '') {
    throw new ConfigError(
      flag,
      'a distributed eval needs a store every worker can reach: give --db postgres://USER@HOST/DB (or set PARITY_DATABASE_URL). ' +
        'A SQLite file works only when all workers run on this machine: then give its path, the same on every worker',
    );
  }
  const location = resolveStoreLocation(url);
  if (location.kind === 'sqlite' && location.path === ':memory:') {
    throw new ConfigError(flag, 'an in-memory store cannot be shared with workers; use postgres://… (or a SQLite file when all workers run on this machine)');
  }
  return location;
}
