/**
 * Virtual keys and their budgets. A key's spend is counted on its own row: totals, plus the counters of the
 * latest day it reserved on. That makes reserving a single conditional UPDATE on one row — atomic in SQLite
 * (one writer at a time) and in Postgres (the row lock makes a waiting UPDATE re-check its WHERE clause) —
 * so no number of concurrent requests, processes or gateway instances can reserve past a budget.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Backend } from './backend.js';
import { bookSpend } from './budget-leases.js';
import type { Database, VirtualKeysTable } from './database.js';
import { microsToUsd, usdToMicros, utcDay } from './money.js';
import {
  reserveBudgetSchema,
  settleBudgetSchema,
  virtualKeyInputSchema,
  type ReserveOutcome,
  type VirtualKey,
  type VirtualKeyInput,
} from './records.js';
import type { ListKeysOptions } from './store.js';
import { toNumberOrNull, validate } from './validate.js';

export async function createKey(backend: Backend, input: VirtualKeyInput): Promise<VirtualKey> {
  const key = validate(virtualKeyInputSchema, input, 'virtual key');
  try {
    await backend.db
      .insertInto('virtual_keys')
      .values({
        id: key.id,
        hashed_key: key.hashedKey,
        name: key.name,
        budget_total_micros: key.budgetUsdTotal == null ? null : usdToMicros(key.budgetUsdTotal),
        budget_daily_micros: key.budgetUsdDaily == null ? null : usdToMicros(key.budgetUsdDaily),
        rpm: key.rpm ?? null,
        tpm: key.tpm ?? null,
        created_at: key.createdAt ?? new Date().toISOString(),
        revoked_at: null,
        usage_day: null,
      })
      .execute();
  } catch (error) {
    if (backend.isUniqueViolation(error)) throw new ValidationError(`a key with this id or hash already exists`, 'id');
    throw error;
  }
  const created = await getKey(backend.db, key.id);
  if (created === undefined) throw new NotFoundError(`virtual key ${key.id} vanished after creation`);
  return created;
}

export async function getKey(db: Kysely<Database>, id: string): Promise<VirtualKey | undefined> {
  const row = await db.selectFrom('virtual_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : keyFromRow(row);
}

export async function findKeyByHash(db: Kysely<Database>, hashedKey: string): Promise<VirtualKey | undefined> {
  const row = await db.selectFrom('virtual_keys').selectAll().where('hashed_key', '=', hashedKey).executeTakeFirst();
  return row === undefined ? undefined : keyFromRow(row);
}

export async function listKeys(db: Kysely<Database>, options: ListKeysOptions = {}): Promise<VirtualKey[]> {
  let query = db.selectFrom('virtual_keys').selectAll().orderBy('created_at').orderBy('id');
  if (options.includeRevoked !== true) query = query.where('revoked_at', 'is', null);
  return (await query.execute()).map(keyFromRow);
}

export async function revokeKey(db: Kysely<Database>, id: string): Promise<VirtualKey> {
  await db
    .updateTable('virtual_keys')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  const key = await getKey(db, id);
  if (key === undefined) throw new NotFoundError(`virtual key ${id} not found`);
  return key;
}

export async function reserveBudget(
  db: Kysely<Database>,
  keyId: string,
  amountUsd: number,
  day: string = utcDay(),
): Promise<ReserveOutcome> {
  const input = validate(reserveBudgetSchema, { keyId, amountUsd, day }, 'budget reservation');
  const amount = usdToMicros(input.amountUsd);
  // The day counters start afresh when this reservation is on a later day than the ones they hold; a
  // reservation dated earlier (a clock behind another instance's) counts against the later day.
  const rolls = sql<boolean>`(usage_day is null or usage_day < ${input.day})`;
  const row = await db
    .updateTable('virtual_keys')
    .set({
      reserved_total_micros: sql`reserved_total_micros + ${amount}`,
      reserved_day_micros: sql`case when ${rolls} then 0 else reserved_day_micros end + ${amount}`,
      spent_day_micros: sql`case when ${rolls} then 0 else spent_day_micros end`,
      usage_day: sql`case when ${rolls} then ${input.day} else usage_day end`,
    })
    .where('id', '=', input.keyId)
    .where('revoked_at', 'is', null)
    .where(sql<boolean>`(budget_total_micros is null
      or spent_total_micros + reserved_total_micros + ${amount} <= budget_total_micros)`)
    .where(sql<boolean>`(budget_daily_micros is null
      or case when ${rolls} then 0 else spent_day_micros + reserved_day_micros end + ${amount} <= budget_daily_micros)`)
    .returning('usage_day')
    .executeTakeFirst();
  if (row !== undefined) return { ok: true, day: row.usage_day ?? input.day };
  return { ok: false, reason: await refusalReason(db, input.keyId, amount), day: input.day };
}

/** Why a reservation was refused; read after the fact, for the message only. */
async function refusalReason(
  db: Kysely<Database>,
  keyId: string,
  amount: number,
): Promise<'unknown-key' | 'revoked' | 'total-budget' | 'daily-budget'> {
  const row = await db.selectFrom('virtual_keys').selectAll().where('id', '=', keyId).executeTakeFirst();
  if (row === undefined) return 'unknown-key';
  if (row.revoked_at !== null) return 'revoked';
  const budgetTotal = toNumberOrNull(row.budget_total_micros);
  const totalFull =
    budgetTotal !== null && Number(row.spent_total_micros) + Number(row.reserved_total_micros) + amount > budgetTotal;
  // Not over the total now: the daily budget refused it (or requests settled since, freeing room).
  return totalFull || row.budget_daily_micros === null ? 'total-budget' : 'daily-budget';
}

/**
 * Releases a reservation and books what the request really cost on `day`. The day's counters start afresh when
 * `day` is later than the ones they hold (so spend booked without a reservation — a gateway writing behind —
 * still counts on its day and survives a restart); spend on an earlier day counts in the totals only.
 */
export async function settleBudget(
  backend: Backend,
  keyId: string,
  reservedUsd: number,
  actualUsd: number,
  day: string,
): Promise<void> {
  const input = validate(settleBudgetSchema, { keyId, reservedUsd, actualUsd, day }, 'budget settlement');
  const [updated] = await backend.executeBatch([
    bookSpend(backend, input.keyId, input.day, usdToMicros(input.actualUsd), usdToMicros(input.reservedUsd)),
  ]);
  if (updated === 0) throw new NotFoundError(`virtual key ${input.keyId} not found`);
}

function keyFromRow(row: Selectable<VirtualKeysTable>): VirtualKey {
  const budgetTotal = toNumberOrNull(row.budget_total_micros);
  const budgetDaily = toNumberOrNull(row.budget_daily_micros);
  return {
    id: row.id,
    hashedKey: row.hashed_key,
    name: row.name,
    budgetUsdTotal: budgetTotal === null ? null : microsToUsd(budgetTotal),
    budgetUsdDaily: budgetDaily === null ? null : microsToUsd(budgetDaily),
    rpm: toNumberOrNull(row.rpm),
    tpm: toNumberOrNull(row.tpm),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    spentUsdTotal: microsToUsd(row.spent_total_micros),
    reservedUsdTotal: microsToUsd(row.reserved_total_micros),
    usageDay: row.usage_day,
    spentUsdDay: microsToUsd(row.spent_day_micros),
    reservedUsdDay: microsToUsd(row.reserved_day_micros),
  };
}
