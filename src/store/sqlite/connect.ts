/** Opens a SQLite database file for the store: WAL journal, a busy timeout, foreign keys on. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../database.js';

export const SQLITE_MEMORY = ':memory:';

export interface SqliteConnection {
  readonly db: Kysely<Database>;
  readonly handle: BetterSqlite3.Database;
}

/** How long a writer waits for another process's write lock before SQLite gives up (ms). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export interface SqliteOptions {
  /** The page cache, in MB (default: better-sqlite3's 16). */
  cacheMb?: number;
}

export function connectSqlite(path: string, options: SqliteOptions = {}): SqliteConnection {
  if (path !== SQLITE_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const handle = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  handle.pragma('journal_mode = WAL');
  handle.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  // In WAL mode NORMAL is durable against application crashes; only a power cut can lose the last commits.
  handle.pragma('synchronous = NORMAL');
  handle.pragma('foreign_keys = ON');
  // negative: a size in KiB rather than a number of pages
  if (options.cacheMb !== undefined) handle.pragma(`cache_size = ${-Math.max(1, Math.round(options.cacheMb * 1024))}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  return { db, handle };
}
