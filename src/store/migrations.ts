/**
 * The one definition of the schema, for every backend. Only dialect-neutral column types are used (text,
 * integer, bigint, double precision), so the same builder calls produce valid DDL on SQLite and Postgres.
 * Append new migrations at the end; never edit one that has shipped.
 */
import { sql, type Kysely } from 'kysely';

export interface StoreMigration {
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

const initial: StoreMigration = {
  name: '0001-initial',
  async up(db) {
    await db.schema
      .createTable('eval_runs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('suite_name', 'text', (column) => column.notNull())
      .addColumn('suite_hash', 'text', (column) => column.notNull())
      .addColumn('config', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('summary', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('eval_runs_created_at').on('eval_runs').columns(['created_at']).execute();
    await db.schema
      .createIndex('eval_runs_suite_created_at')
      .on('eval_runs')
      .columns(['suite_name', 'created_at'])
      .execute();

    await db.schema
      .createTable('eval_results')
      .addColumn('run_id', 'text', (column) => column.notNull().references('eval_runs.id').onDelete('cascade'))
      .addColumn('case_id', 'text', (column) => column.notNull())
      .addColumn('model_ref', 'text', (column) => column.notNull())
      .addColumn('repeat_index', 'integer', (column) => column.notNull())
      .addColumn('output', 'text')
      .addColumn('tool_calls', 'text')
      .addColumn('pass', 'integer', (column) => column.notNull())
      .addColumn('score', 'double precision')
      .addColumn('reason', 'text')
      .addColumn('grader_details', 'text')
      .addColumn('input_tokens', 'integer')
      .addColumn('output_tokens', 'integer')
      .addColumn('cost_usd', 'double precision')
      .addColumn('latency_ms', 'double precision')
      .addColumn('cached', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('recorded_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('eval_results_pk', ['run_id', 'case_id', 'model_ref', 'repeat_index'])
      .execute();

    await db.schema
      .createTable('cache_entries')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'text')
      .execute();
    await db.schema.createIndex('cache_entries_expires_at').on('cache_entries').columns(['expires_at']).execute();

    await db.schema
      .createTable('virtual_keys')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('hashed_key', 'text', (column) => column.notNull().unique())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('budget_total_micros', 'bigint')
      .addColumn('budget_daily_micros', 'bigint')
      .addColumn('rpm', 'integer')
      .addColumn('tpm', 'integer')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('spent_total_micros', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('reserved_total_micros', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('usage_day', 'text')
      .addColumn('spent_day_micros', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('reserved_day_micros', 'bigint', (column) => column.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('request_logs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('ts', 'text', (column) => column.notNull())
      .addColumn('key_id', 'text')
      .addColumn('route_decision', 'text')
      .addColumn('route_reason', 'text')
      .addColumn('upstream', 'text')
      .addColumn('model', 'text')
      .addColumn('status', 'integer', (column) => column.notNull())
      .addColumn('input_tokens', 'integer')
      .addColumn('output_tokens', 'integer')
      .addColumn('cost_usd', 'double precision')
      .addColumn('latency_ms', 'double precision')
      .addColumn('ttft_ms', 'double precision')
      .addColumn('request_body', 'text')
      .addColumn('response_body', 'text')
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('request_logs_ts').on('request_logs').columns(['ts']).execute();
    await db.schema.createIndex('request_logs_key_ts').on('request_logs').columns(['key_id', 'ts']).execute();
    await db.schema.createIndex('request_logs_upstream_ts').on('request_logs').columns(['upstream', 'ts']).execute();
  },
};

/** The messages each case of a run was asked, so a run can be read as routing data without its suite's files. */
const evalCases: StoreMigration = {
  name: '0002-eval-cases',
  async up(db) {
    await db.schema
      .createTable('eval_cases')
      .addColumn('run_id', 'text', (column) => column.notNull().references('eval_runs.id').onDelete('cascade'))
      .addColumn('case_id', 'text', (column) => column.notNull())
      .addColumn('messages', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('eval_cases_pk', ['run_id', 'case_id'])
      .execute();
  },
};

/**
 * Errors as their own outcome, and a run's spend: each result keeps its error's kind and cause (for the summary's
 * errors by cause) and what its calls spent, summed over every time it was recorded (a resumed error that is
 * retried adds its second call), so a run's spend is the sum over its rows. Rows from before: what an uncached
 * answer cost is what it spent. Runs a budget stopped were `cancelled`; the eval's status says `stopped-budget`.
 */
const evalErrorsAndSpend: StoreMigration = {
  name: '0003-eval-errors-and-spend',
  async up(db) {
    await db.schema.alterTable('eval_results').addColumn('error_kind', 'text').execute();
    await db.schema.alterTable('eval_results').addColumn('error_cause', 'text').execute();
    await db.schema
      .alterTable('eval_results')
      .addColumn('spent_usd', 'double precision', (column) => column.notNull().defaultTo(0))
      .execute();
    await sql`update eval_results set spent_usd = cost_usd where cached = 0 and cost_usd is not null`.execute(db);
    await sql`update eval_results set error_kind = 'other', error_cause = 'error' where error is not null`.execute(db);
    await sql`update eval_runs set status = 'stopped-budget' where status = 'cancelled'`.execute(db);
  },
};

/** Budget held by running gateways, per key: leases that expire when their instance dies (harden, issue #15). */
const budgetLeases: StoreMigration = {
  name: '0004-budget-leases',
  async up(db) {
    await db.schema
      .createTable('budget_leases')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('key_id', 'text', (column) => column.notNull().references('virtual_keys.id').onDelete('cascade'))
      .addColumn('day', 'text', (column) => column.notNull())
      .addColumn('micros', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('last_grant', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('budget_leases_key_expires').on('budget_leases').columns(['key_id', 'expires_at']).execute();
  },
};

/** `parity watch`: what each named watch last reported, and every crossing it reported (the dashboard lists them). */
const watch: StoreMigration = {
  name: '0005-watch',
  async up(db) {
    await db.schema
      .createTable('watch_states')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('watch_crossings')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('watch_name', 'text', (column) => column.notNull())
      .addColumn('reported_at', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('message', 'text', (column) => column.notNull())
      .addColumn('detail', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('watch_crossings_reported_at').on('watch_crossings').columns(['reported_at']).execute();
  },
};

/**
 * The gateway's Responses API with `store: true`: each response keeps its own turn (Chat Completions messages,
 * JSON) and names the one before it, so a conversation is the chain walked back from the newest.
 */
const responses: StoreMigration = {
  name: '0006-responses',
  async up(db) {
    await db.schema
      .createTable('responses')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('key_id', 'text')
      .addColumn('previous_response_id', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('turn', 'text', (column) => column.notNull())
      .addColumn('response', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('responses_key_created').on('responses').columns(['key_id', 'created_at']).execute();
  },
};

/** The gateway's cascades and privacy rule: every upstream call of a request, and what the privacy rule did (JSON). */
const requestLogCalls: StoreMigration = {
  name: '0007-request-log-calls',
  async up(db) {
    await db.schema.alterTable('request_logs').addColumn('calls', 'text').execute();
    await db.schema.alterTable('request_logs').addColumn('privacy', 'text').execute();
  },
};

export const MIGRATIONS: readonly StoreMigration[] = Object.freeze([initial, evalCases, evalErrorsAndSpend, budgetLeases, watch, responses, requestLogCalls]);
