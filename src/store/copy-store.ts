/**
 * Copies every table of one store into another (typically SQLite into Postgres, when a team moves up), in
 * batches paged by primary key. Rows are upserted, so running the copy again is harmless and brings over what
 * changed since; nothing in the target that the source lacks is deleted.
 */
import { sql, type Kysely } from 'kysely';
import { ValidationError } from '../errors.js';
import { DATA_TABLES, PRIMARY_KEYS, type DataTable } from './database.js';
import type { SqlStore } from './sql-store.js';

export interface CopyTableReport {
  table: DataTable;
  /** Rows read from the source and written (inserted or updated) to the target. */
  copied: number;
  /** Rows in the target table after the copy. */
  targetRows: number;
}

export interface CopyReport {
  from: string;
  to: string;
  tables: CopyTableReport[];
}

export interface CopyOptions {
  /** Rows per batch (default 500). */
  batchSize?: number;
  /** Called after each batch, for progress. */
  onBatch?: (table: DataTable, copiedSoFar: number) => void;
}

type Row = Record<string, unknown>;
type LooseDatabase = Record<string, Row>;

export async function copyStore(from: SqlStore, to: SqlStore, options: CopyOptions = {}): Promise<CopyReport> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2000) {
    throw new ValidationError('batch size must be an integer from 1 to 2000', 'batchSize');
  }
  if (from.kind === to.kind && from.location === to.location) {
    throw new ValidationError(`cannot copy a store onto itself (${from.location})`, 'to');
  }
  await to.migrate();
  const source = from.backend.db as unknown as Kysely<LooseDatabase>;
  const target = to.backend.db as unknown as Kysely<LooseDatabase>;
  const tables: CopyTableReport[] = [];
  for (const table of DATA_TABLES) {
    const copied = await copyTable(source, target, table, batchSize, options.onBatch);
    const counted = await target
      .selectFrom(table)
      .select(sql<number>`count(*)`.as('rows'))
      .executeTakeFirstOrThrow();
    tables.push({ table, copied, targetRows: Number(counted.rows) });
  }
  return { from: from.location, to: to.location, tables };
}

async function copyTable(
  source: Kysely<LooseDatabase>,
  target: Kysely<LooseDatabase>,
  table: DataTable,
  batchSize: number,
  onBatch: CopyOptions['onBatch'],
): Promise<number> {
  const keyColumns: readonly string[] = PRIMARY_KEYS[table];
  let after: unknown[] | undefined;
  let copied = 0;
  for (;;) {
    let query = source.selectFrom(table).selectAll().limit(batchSize);
    for (const column of keyColumns) query = query.orderBy(column);
    if (after !== undefined) {
      const position = after;
      query = query.where(
        sql<boolean>`(${sql.join(keyColumns.map((column) => sql.ref(column)))}) > (${sql.join(position)})`,
      );
    }
    const rows = await query.execute();
    if (rows.length === 0) break;
    await upsert(target, table, keyColumns, rows);
    copied += rows.length;
    onBatch?.(table, copied);
    const last = rows[rows.length - 1] as Row;
    after = keyColumns.map((column) => last[column]);
    if (rows.length < batchSize) break;
  }
  return copied;
}

async function upsert(
  target: Kysely<LooseDatabase>,
  table: DataTable,
  keyColumns: readonly string[],
  rows: Row[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const keys = new Set(keyColumns);
  const updates = Object.fromEntries(
    Object.keys(first)
      .filter((column) => !keys.has(column))
      .map((column) => [column, sql.ref(`excluded.${column}`)]),
  );
  await target
    .insertInto(table)
    .values(rows)
    .onConflict((conflict) => conflict.columns([...keyColumns]).doUpdateSet(updates))
    .execute();
}
