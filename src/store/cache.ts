/** The response cache: JSON values under caller-computed keys, with an optional time to live. */
import type { Kysely } from 'kysely';
import { ValidationError } from '../errors.js';
import type { Database } from './database.js';
import type { JsonValue } from './records.js';
import { fromJsonText, toJsonText } from './validate.js';

export async function cacheGet(db: Kysely<Database>, key: string): Promise<JsonValue | undefined> {
  const now = new Date().toISOString();
  const row = await db
    .selectFrom('cache_entries')
    .select(['value', 'expires_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.expires_at !== null && row.expires_at <= now) return undefined;
  return fromJsonText(row.value, `cache entry ${key}`) ?? null;
}

export async function cacheSet(db: Kysely<Database>, key: string, value: unknown, ttlMs?: number): Promise<void> {
  if (key.length === 0) throw new ValidationError('cache key must not be empty', 'key');
  if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) {
    throw new ValidationError('ttlMs must be a positive number of milliseconds', 'ttlMs');
  }
  const now = Date.now();
  const row = {
    key,
    value: toJsonText(value, 'value') ?? 'null',
    created_at: new Date(now).toISOString(),
    expires_at: ttlMs === undefined ? null : new Date(now + ttlMs).toISOString(),
  };
  await db
    .insertInto('cache_entries')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({ value: row.value, created_at: row.created_at, expires_at: row.expires_at }),
    )
    .execute();
}

export async function cacheDelete(db: Kysely<Database>, key: string): Promise<boolean> {
  const result = await db.deleteFrom('cache_entries').where('key', '=', key).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function cachePurgeExpired(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('cache_entries')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', new Date().toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
