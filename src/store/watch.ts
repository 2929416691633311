/**
 * `parity watch`'s memory: per named watch, the state it last reported (what the next run compares with), and
 * the crossings it reported. Saving a state and its crossings is one transaction, so a crash never records a
 * crossing without the state that makes it old news (or the reverse).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ValidationError } from '../errors.js';
import type { Backend } from './backend.js';
import type { Database } from './database.js';
import type { JsonValue, WatchCrossingInput, WatchCrossingRecord, WatchStateRecord } from './records.js';
import { fromJsonText, toJsonText } from './validate.js';

export async function readWatchState(db: Kysely<Database>, name: string): Promise<WatchStateRecord | undefined> {
  const row = await db.selectFrom('watch_states').select(['state', 'updated_at']).where('name', '=', name).executeTakeFirst();
  if (row === undefined) return undefined;
  return { name, state: fromJsonText(row.state, `watch state ${name}`) ?? null, updatedAt: row.updated_at };
}

export async function saveWatchState(backend: Backend, name: string, state: unknown, crossings: readonly WatchCrossingInput[], at: Date = new Date()): Promise<void> {
  if (name.trim() === '') throw new ValidationError('a watch needs a name', 'name');
  const reportedAt = at.toISOString();
  const stateText = toJsonText(state, 'state') ?? 'null';
  const queries = [
    backend.db
      .insertInto('watch_states')
      .values({ name, state: stateText, updated_at: reportedAt })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ state: stateText, updated_at: reportedAt }))
      .compile(),
    ...crossings.map((crossing) =>
      backend.db
        .insertInto('watch_crossings')
        .values({ id: randomUUID(), watch_name: name, reported_at: reportedAt, kind: crossing.kind, message: crossing.message, detail: toJsonText(crossing.detail, 'detail') ?? 'null' })
        .compile(),
    ),
  ];
  await backend.executeBatch(queries);
}

export async function listWatchCrossings(db: Kysely<Database>, limit = 50): Promise<WatchCrossingRecord[]> {
  const rows = await db
    .selectFrom('watch_crossings')
    .selectAll()
    .orderBy('reported_at', 'desc')
    .orderBy('id')
    .limit(Math.max(1, Math.min(limit, 1000)))
    .execute();
  return rows.map((row) => ({
    id: row.id,
    watchName: row.watch_name,
    reportedAt: row.reported_at,
    kind: row.kind,
    message: row.message,
    detail: (fromJsonText(row.detail, `watch crossing ${row.id}`) ?? null) as JsonValue,
  }));
}
