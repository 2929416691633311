/** The Postgres backend: for teams running parity as shared infrastructure. */
import { sql } from 'kysely';
import { driverErrorCode, type Backend } from '../backend.js';
import { connectPostgres, redactPostgresUrl } from './connect.js';
import { listenPostgres } from './listen.js';

/** Arbitrary but fixed: the advisory lock key every parity process takes while migrating. */
const SCHEMA_LOCK_KEY = 7_302_511_940;

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

export function createPostgresBackend(url: string, poolSize?: number): Backend {
  const { db } = connectPostgres(url, poolSize);
  return Object.freeze({
    kind: 'postgres',
    location: redactPostgresUrl(url),
    db,
    async withSchemaLock(work) {
      return db.transaction().execute(async (transaction) => {
        await sql`select pg_advisory_xact_lock(cast(${SCHEMA_LOCK_KEY} as bigint))`.execute(transaction);
        return work(transaction);
      });
    },
    async executeBatch(queries) {
      if (queries.length === 1 && queries[0] !== undefined) {
        return [Number((await db.executeQuery(queries[0])).numAffectedRows ?? 0n)];
      }
      return db.transaction().execute(async (transaction) => {
        const counts: number[] = [];
        for (const query of queries) counts.push(Number((await transaction.executeQuery(query)).numAffectedRows ?? 0n));
        return counts;
      });
    },
    async notify(channel, payload) {
      await sql`select pg_notify(${channel}, ${payload})`.execute(db);
    },
    listen(channel, handlers) {
      return listenPostgres(url, channel, handlers);
    },
    isUniqueViolation(error) {
      return driverErrorCode(error) === UNIQUE_VIOLATION;
    },
    isForeignKeyViolation(error) {
      return driverErrorCode(error) === FOREIGN_KEY_VIOLATION;
    },
    async close() {
      await db.destroy();
    },
  } satisfies Backend);
}
