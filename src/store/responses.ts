/**
 * Responses kept by the gateway (`store: true` on `POST /v1/responses`). A conversation is read back as one
 * recursive query walking `previous_response_id` from the newest response, bounded by `limit` rows, in SQL both
 * SQLite and Postgres accept.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, ResponsesTable } from './database.js';
import type { StoredResponseInput, StoredResponseRecord } from './records.js';
import { fromJsonText, toJsonText } from './validate.js';

function toRecord(row: ResponsesTable): StoredResponseRecord {
  return {
    id: row.id,
    keyId: row.key_id,
    previousResponseId: row.previous_response_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    model: row.model,
    turn: fromJsonText(row.turn, `response ${row.id} turn`) ?? null,
    response: fromJsonText(row.response, `response ${row.id}`) ?? null,
  };
}

export async function saveResponse(db: Kysely<Database>, record: StoredResponseInput): Promise<void> {
  await db
    .insertInto('responses')
    .values({
      id: record.id,
      key_id: record.keyId,
      previous_response_id: record.previousResponseId,
      created_at: record.createdAt,
      expires_at: record.expiresAt,
      model: record.model,
      turn: toJsonText(record.turn, 'turn') ?? 'null',
      response: toJsonText(record.response, 'response') ?? 'null',
    })
    .execute();
}

export async function readResponse(db: Kysely<Database>, id: string): Promise<StoredResponseRecord | undefined> {
  const row = await db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/** The response `id` and the ones before it, newest first, at most `limit` rows (a gap ends the walk). */
export async function readResponseChain(db: Kysely<Database>, id: string, limit: number): Promise<StoredResponseRecord[]> {
  const result = await sql<ResponsesTable & { depth: number }>`
    with recursive chain (id, key_id, previous_response_id, created_at, expires_at, model, turn, response, depth) as (
      select id, key_id, previous_response_id, created_at, expires_at, model, turn, response, 1 from responses where id = ${id}
      union all
      select r.id, r.key_id, r.previous_response_id, r.created_at, r.expires_at, r.model, r.turn, r.response, c.depth + 1
        from responses r join chain c on r.id = c.previous_response_id
        where c.depth < ${limit}
    )
    select * from chain order by depth`.execute(db);
  return result.rows.map(toRecord);
}

/** True when it existed. */
export async function deleteResponse(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('responses').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
