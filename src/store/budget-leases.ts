/**
 * Budget leases: a running gateway takes a slice of a key's remaining budget into a lease (counted in the key's
 * reserved_* columns, like a reservation), admits requests against it in memory, books their spend against it
 * as it writes behind, and gives the rest back when done — so any number of instances and restarts together
 * never spend past a key's total or daily budget, with no store round trip per request.
 *
 * A lease expires `ttlMs` after it was last taken or topped up. An expired lease (its instance died) is given
 * back by the next lease call on that key; spend booked later against it still counts (as spent, without
 * touching reservations, which the give-back already released).
 *
 * Each call is one transaction (Backend.executeBatch) that first locks the key's row with a no-op UPDATE: on
 * Postgres the statements after it see the work of any transaction that held the lock before (READ COMMITTED
 * takes a new snapshot per statement); SQLite runs the batch under BEGIN IMMEDIATE. Two leases on one key
 * therefore never both take the same room. What a lease call granted is read back after the commit, so calls
 * on one lease id must not overlap (the instance that owns the lease makes them one at a time).
 */
import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { Backend } from './backend.js';
import { microsToUsd, usdToMicros } from './money.js';
import {
  budgetLeaseRequestSchema,
  budgetLeaseSettlementSchema,
  type BudgetLease,
  type BudgetLeaseRequest,
  type BudgetLeaseSettlement,
} from './records.js';
import { toNumberOrNull, validate } from './validate.js';

/** A bound integer typed for Postgres, which cannot infer a parameter's type in a select list or a CASE. */
const bigint = (value: number): RawBuilder<number> => sql<number>`cast(${value} as bigint)`;
const text = (value: string): RawBuilder<string> => sql<string>`cast(${value} as text)`;

const atLeastZero = (value: RawBuilder<number>): RawBuilder<number> => sql<number>`(case when ${value} > 0 then ${value} else 0 end)`;
const smaller = (a: RawBuilder<number>, b: RawBuilder<number>): RawBuilder<number> => sql<number>`(case when ${a} < ${b} then ${a} else ${b} end)`;

function lockKey(backend: Backend, keyId: string): CompiledQuery {
  return backend.db.updateTable('virtual_keys').set({ id: sql`id` }).where('id', '=', keyId).compile();
}

export async function leaseBudget(backend: Backend, request: BudgetLeaseRequest): Promise<BudgetLease> {
  const input = validate(budgetLeaseRequestSchema, request, 'budget lease');
  const want = bigint(usdToMicros(input.wantUsd));
  const { db } = backend;
  const expiredSum = (sameDay: boolean) => sql<number>`(select coalesce(sum(micros), 0) from budget_leases
    where key_id = ${input.keyId} and expires_at < ${input.nowMs}${sameDay ? sql` and day = virtual_keys.usage_day` : sql``})`;
  // the day counters start afresh on a later day (as in reserveBudget); an earlier day counts against the later one
  const day = text(input.day);
  const rolls = sql<boolean>`(usage_day is null or usage_day < ${day})`;
  const roomTotal = sql<number>`(case when budget_total_micros is null then ${want}
    else budget_total_micros - spent_total_micros - reserved_total_micros end)`;
  const roomDay = sql<number>`(case when budget_daily_micros is null then ${want}
    else budget_daily_micros - (case when ${rolls} then 0 else spent_day_micros + reserved_day_micros end) end)`;
  const grant = sql<number>`(case when revoked_at is not null then 0 else ${atLeastZero(smaller(want, smaller(roomTotal, roomDay)))} end)`;
  const granted = sql<number>`coalesce((select last_grant from budget_leases where id = ${input.leaseId}), 0)`;

  await backend.executeBatch([
    lockKey(backend, input.keyId),
    // give back the leases of instances that stopped renewing them
    db
      .updateTable('virtual_keys')
      .set({
        reserved_total_micros: atLeastZero(sql`reserved_total_micros - ${expiredSum(false)}`),
        reserved_day_micros: atLeastZero(sql`reserved_day_micros - ${expiredSum(true)}`),
      })
      .where('id', '=', input.keyId)
      .compile(),
    db.deleteFrom('budget_leases').where('key_id', '=', input.keyId).where('expires_at', '<', input.nowMs).compile(),
    // take the grant into the lease (its row is created on the first call)
    db
      .insertInto('budget_leases')
      .columns(['id', 'key_id', 'day', 'micros', 'last_grant', 'expires_at'])
      .expression(
        db
          .selectFrom('virtual_keys')
          .select([
            text(input.leaseId).as('id'),
            'id as key_id',
            sql<string>`(case when ${rolls} then ${day} else usage_day end)`.as('day'),
            grant.as('micros'),
            grant.as('last_grant'),
            bigint(input.nowMs + input.ttlMs).as('expires_at'),
          ])
          .where('id', '=', input.keyId),
      )
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({
          micros: sql`budget_leases.micros + excluded.last_grant`,
          last_grant: sql`excluded.last_grant`,
          expires_at: sql`excluded.expires_at`,
        }),
      )
      .compile(),
    // and count it as reserved on the key
    db
      .updateTable('virtual_keys')
      .set({
        reserved_total_micros: sql`reserved_total_micros + ${granted}`,
        reserved_day_micros: sql`(case when ${rolls} then 0 else reserved_day_micros end) + ${granted}`,
        spent_day_micros: sql`case when ${rolls} then 0 else spent_day_micros end`,
        usage_day: sql`case when ${rolls} then ${day} else usage_day end`,
      })
      .where('id', '=', input.keyId)
      .compile(),
  ]);

  const [key, lease] = await Promise.all([
    db.selectFrom('virtual_keys').selectAll().where('id', '=', input.keyId).executeTakeFirst(),
    db.selectFrom('budget_leases').select(['micros', 'last_grant']).where('id', '=', input.leaseId).executeTakeFirst(),
  ]);
  if (key === undefined) return { grantedUsd: 0, leasedUsd: 0, remainingUsd: null, limitedBy: null, refused: 'unknown-key' };
  const grantedMicros = Number(lease?.last_grant ?? 0);
  const budgetTotal = toNumberOrNull(key.budget_total_micros);
  const budgetDaily = toNumberOrNull(key.budget_daily_micros);
  const leftTotal = budgetTotal === null ? null : budgetTotal - Number(key.spent_total_micros) - Number(key.reserved_total_micros);
  const leftDay = budgetDaily === null ? null : budgetDaily - Number(key.spent_day_micros) - Number(key.reserved_day_micros);
  const limitedBy = leftTotal === null ? (leftDay === null ? null : 'daily') : leftDay === null || leftTotal <= leftDay ? 'total' : 'daily';
  const left = limitedBy === 'total' ? leftTotal : limitedBy === 'daily' ? leftDay : null;
  return {
    grantedUsd: microsToUsd(grantedMicros),
    leasedUsd: microsToUsd(Number(lease?.micros ?? 0)),
    remainingUsd: left === null ? null : microsToUsd(Math.max(0, left)),
    limitedBy,
    refused: key.revoked_at !== null ? 'revoked' : null,
  };
}

export async function settleBudgetLease(backend: Backend, settlement: BudgetLeaseSettlement): Promise<void> {
  const input = validate(budgetLeaseSettlementSchema, settlement, 'budget lease settlement');
  const spent = usdToMicros(input.spentUsd);
  const { db } = backend;
  const held = sql<number>`coalesce((select micros from budget_leases where id = ${input.leaseId}), 0)`;
  // what leaves the reservations: the spent part of the slice, or with `close` all of what it still holds
  const released = input.close ? held : smaller(held, bigint(spent));
  await backend.executeBatch([
    lockKey(backend, input.keyId),
    bookSpend(backend, input.keyId, input.day, spent, released),
    input.close
      ? db.deleteFrom('budget_leases').where('id', '=', input.leaseId).compile()
      : db
          .updateTable('budget_leases')
          .set({ micros: atLeastZero(sql`micros - ${bigint(spent)}`) })
          .where('id', '=', input.leaseId)
          .compile(),
  ]);
}

/**
 * Adds `spent` micros to the key's totals and to `day`'s counters, and takes `released` off its reservations.
 * Spend on a day later than the key's counters starts them afresh; spend on an earlier day counts in the totals
 * only (that day's counters are gone).
 */
export function bookSpend(backend: Backend, keyId: string, day: string, spent: number, released: RawBuilder<number> | number): CompiledQuery {
  const release = typeof released === 'number' ? bigint(released) : released;
  const amount = bigint(spent);
  const onDay = text(day);
  const rolls = sql<boolean>`(usage_day is null or usage_day < ${onDay})`;
  return backend.db
    .updateTable('virtual_keys')
    .set({
      spent_total_micros: sql`spent_total_micros + ${amount}`,
      reserved_total_micros: atLeastZero(sql`reserved_total_micros - ${release}`),
      spent_day_micros: sql`case when usage_day = ${onDay} then spent_day_micros + ${amount} when ${rolls} then ${amount} else spent_day_micros end`,
      reserved_day_micros: sql`case when usage_day = ${onDay} then ${atLeastZero(sql`reserved_day_micros - ${release}`)}
        when ${rolls} then 0 else reserved_day_micros end`,
      usage_day: sql`case when ${rolls} then ${onDay} else usage_day end`,
    })
    .where('id', '=', keyId)
    .compile();
}
