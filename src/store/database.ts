/**
 * The tables as Kysely sees them. Column types are the dialect-neutral subset both backends share: text,
 * integer, bigint, double precision. Booleans are 0/1 integers, JSON is text, instants are ISO-8601 UTC text
 * (which sorts and compares correctly as text), money in budgets is integer micro-dollars.
 *
 * `bigint` columns come back from Postgres as numbers because the pool parses int8 (see postgres/connect.ts);
 * the row mappers still pass every number through `Number()`.
 */
import type { Generated } from 'kysely';

export interface EvalRunsTable {
  id: string;
  suite_name: string;
  suite_hash: string;
  config: string;
  status: string;
  summary: string | null;
  created_at: string;
  finished_at: string | null;
}

/** The messages each case of a run was asked, once per case (written when the run starts). */
export interface EvalCasesTable {
  run_id: string;
  case_id: string;
  /** JSON: the chat messages sent for the case. */
  messages: string;
}

export interface EvalResultsTable {
  run_id: string;
  case_id: string;
  model_ref: string;
  repeat_index: number;
  output: string | null;
  tool_calls: string | null;
  pass: number;
  score: number | null;
  reason: string | null;
  grader_details: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number | null;
  cached: number;
  error: string | null;
  /** The error's kind and grouping cause (see eval/records/case-result.ts); null on answered rows. */
  error_kind: string | null;
  error_cause: string | null;
  /** What the calls made for this row cost, added up over every time it was recorded (a retried error adds). */
  spent_usd: Generated<number>;
  recorded_at: string;
}

export interface CacheEntriesTable {
  key: string;
  value: string;
  created_at: string;
  expires_at: string | null;
}

export interface VirtualKeysTable {
  id: string;
  hashed_key: string;
  name: string;
  budget_total_micros: number | null;
  budget_daily_micros: number | null;
  rpm: number | null;
  tpm: number | null;
  created_at: string;
  revoked_at: string | null;
  spent_total_micros: Generated<number>;
  reserved_total_micros: Generated<number>;
  /** The day the two `_day_` counters below belong to; a reservation on a later day starts them afresh. */
  usage_day: string | null;
  spent_day_micros: Generated<number>;
  reserved_day_micros: Generated<number>;
}

/** Slices of key budgets held by running gateways (see budget-leases.ts); counted in the key's reserved_*. */
export interface BudgetLeasesTable {
  id: string;
  key_id: string;
  /** The day the slice counts against (the key's usage_day when it was taken). */
  day: string;
  /** Still held: granted minus spent and given back. */
  micros: number;
  /** The latest grant (read back by the lease call). */
  last_grant: number;
  /** Epoch ms; past it the lease may be given back by anyone. */
  expires_at: number;
}

export interface RequestLogsTable {
  id: string;
  ts: string;
  key_id: string | null;
  route_decision: string | null;
  route_reason: string | null;
  upstream: string | null;
  model: string | null;
  status: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number | null;
  ttft_ms: number | null;
  request_body: string | null;
  response_body: string | null;
  error: string | null;
  /** JSON: every upstream call of a cascade (RequestLogCall[]); null for a request with one answer. */
  calls: string | null;
  /** JSON: what the privacy rule did (RequestLogPrivacy); null when it did not act. */
  privacy: string | null;
}

/** What a named `parity watch` last reported (JSON), replaced on every run that reports. */
export interface WatchStatesTable {
  name: string;
  state: string;
  updated_at: string;
}

/** Every crossing a watch reported, kept for the dashboard's "last crossings". */
export interface WatchCrossingsTable {
  id: string;
  watch_name: string;
  reported_at: string;
  kind: string;
  message: string;
  /** JSON: the crossing as `parity watch --json` printed it. */
  detail: string;
}

/** A response kept for `previous_response_id` (the gateway's Responses API with `store: true`). */
export interface ResponsesTable {
  id: string;
  /** The virtual key that created it; null when keys were off. */
  key_id: string | null;
  previous_response_id: string | null;
  created_at: string;
  expires_at: string | null;
  model: string;
  /** JSON: this turn's Chat Completions messages (input, then the answer). */
  turn: string;
  /** JSON: the response object as the client got it. */
  response: string;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: string;
}

export interface Database {
  eval_runs: EvalRunsTable;
  eval_cases: EvalCasesTable;
  eval_results: EvalResultsTable;
  cache_entries: CacheEntriesTable;
  virtual_keys: VirtualKeysTable;
  budget_leases: BudgetLeasesTable;
  request_logs: RequestLogsTable;
  watch_states: WatchStatesTable;
  watch_crossings: WatchCrossingsTable;
  responses: ResponsesTable;
  parity_migrations: SchemaMigrationsTable;
}

/** The tables that hold data, in an order that respects foreign keys (parents first). */
export const DATA_TABLES = ['eval_runs', 'eval_cases', 'eval_results', 'cache_entries', 'virtual_keys', 'budget_leases', 'request_logs', 'watch_states', 'watch_crossings', 'responses'] as const;
export type DataTable = (typeof DATA_TABLES)[number];

/** Each table's primary key, in order; `store copy` pages through tables by it. */
export const PRIMARY_KEYS = {
  eval_runs: ['id'],
  eval_cases: ['run_id', 'case_id'],
  eval_results: ['run_id', 'case_id', 'model_ref', 'repeat_index'],
  cache_entries: ['key'],
  virtual_keys: ['id'],
  budget_leases: ['id'],
  request_logs: ['id'],
  watch_states: ['name'],
  watch_crossings: ['id'],
  responses: ['id'],
} as const satisfies Record<DataTable, readonly string[]>;
