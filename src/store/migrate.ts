import type { Kysely } from 'kysely';
import { ConfigError } from '../errors.js';
import type { Backend } from './backend.js';
import { isConnectionError } from './connection-error.js';
import type { Database } from './database.js';
import { MIGRATIONS, type StoreMigration } from './migrations.js';

export interface MigrationReport {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Migrations that were already in the database. */
  alreadyApplied: string[];
}

/**
 * Brings the schema up to date. All pending migrations run in one transaction under the schema lock, so a
 * failure (or a second process migrating at the same moment) never leaves a half-built schema.
 */
export async function migrateToLatest(
  backend: Backend,
  migrations: readonly StoreMigration[] = MIGRATIONS,
): Promise<MigrationReport> {
  // The common case, an up-to-date schema, is settled by a plain read: no write lock taken.
  const before = await readApplied(backend.db);
  if (before !== undefined) {
    checkKnown(backend, before, migrations);
    if (migrations.every((migration) => before.has(migration.name))) {
      return { applied: [], alreadyApplied: migrations.map((migration) => migration.name) };
    }
  }
  return backend.withSchemaLock(async (db) => {
    await db.schema
      .createTable('parity_migrations')
      .ifNotExists()
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('applied_at', 'text', (column) => column.notNull())
      .execute();
    const rows = await db.selectFrom('parity_migrations').select('name').orderBy('name').execute();
    const done = new Set(rows.map((row) => row.name));
    checkKnown(backend, done, migrations);
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await migration.up(db as unknown as Kysely<unknown>);
      await db
        .insertInto('parity_migrations')
        .values({ name: migration.name, applied_at: new Date().toISOString() })
        .execute();
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: migrations.map((m) => m.name).filter((name) => done.has(name)) };
  });
}

/** The names of applied migrations, or `undefined` when the bookkeeping table does not exist yet. */
async function readApplied(db: Kysely<Database>): Promise<Set<string> | undefined> {
  let rows: Array<{ name: string }>;
  try {
    rows = await db.selectFrom('parity_migrations').select('name').execute();
  } catch (error) {
    if (isConnectionError(error)) throw error; // no server to migrate: say so once, not again under the lock
    return undefined;
  }
  return new Set(rows.map((row) => row.name));
}

function checkKnown(backend: Backend, done: ReadonlySet<string>, migrations: readonly StoreMigration[]): void {
  const known = new Set(migrations.map((migration) => migration.name));
  const unknown = [...done].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      backend.location,
      `the database has migrations this version of parity does not know (${unknown.join(', ')}); upgrade parity`,
    );
  }
}
