import { sql, type Kysely } from 'kysely';
import { DATA_TABLES, type DataTable } from './database.js';
import type { SqlStore } from './sql-store.js';

/** Rows per table, for `parity store info` and the copy report. */
export async function countRows(store: SqlStore): Promise<Record<DataTable, number>> {
  const db = store.backend.db as unknown as Kysely<Record<DataTable, Record<string, unknown>>>;
  const counts = await Promise.all(
    DATA_TABLES.map(async (table) => {
      const row = await db.selectFrom(table).select(sql<number>`count(*)`.as('rows')).executeTakeFirstOrThrow();
      return [table, Number(row.rows)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<DataTable, number>;
}
