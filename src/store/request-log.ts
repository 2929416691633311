/** The gateway's request log: batched inserts, filtered reads, and the dashboard's aggregates. */
import { sql, type CompiledQuery, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Backend } from './backend.js';
import type { Database, RequestLogsTable } from './database.js';
import {
  requestLogFiltersSchema,
  requestLogInputSchema,
  type RequestLogAggregate,
  type RequestLogCall,
  type RequestLogPrivacy,
  type RequestLogEntry,
  type RequestLogFilters,
  type RequestLogInput,
  type RequestLogSummary,
} from './records.js';
import { clampLimit } from './runs.js';
import { toNumberOrNull, validate } from './validate.js';

/**
 * Rows per INSERT: powers of two up to 256 (16 columns × 256 rows stays far under both SQLite's and Postgres's
 * parameter limits). A batch of any size becomes a few statements of these sizes, so a connection prepares (and
 * caches) at most nine different insert statements, rather than one per batch size — each of those is large,
 * and a gateway writing its log in varying batches would otherwise fill its statement cache with them.
 */
const LOG_CHUNK = 256;

function chunkSizes(total: number): number[] {
  const sizes: number[] = [];
  let rest = total;
  for (let size = LOG_CHUNK; size >= 1; size /= 2) {
    while (rest >= size) {
      sizes.push(size);
      rest -= size;
    }
  }
  return sizes;
}

/** Every column of a request log row, in the order an insert binds them (logToRow fills each one). */
const LOG_COLUMNS = [
  'id', 'ts', 'key_id', 'route_decision', 'route_reason', 'upstream', 'model', 'status', 'input_tokens',
  'output_tokens', 'cost_usd', 'latency_ms', 'ttft_ms', 'request_body', 'response_body', 'error', 'calls', 'privacy',
] as const satisfies readonly (keyof RequestLogsTable)[];
type LogRow = { [Column in (typeof LOG_COLUMNS)[number]]: RequestLogsTable[Column] };

/**
 * The insert of `size` rows, compiled by Kysely once per connection and size (at most nine sizes, see LOG_CHUNK):
 * compiling a 256-row insert costs about as much as running it, and the statement's text never changes — only
 * its parameters, which are the rows' values, row by row, in LOG_COLUMNS order.
 */
const compiledInserts = new WeakMap<Kysely<Database>, Map<number, CompiledQuery>>();

function compiledInsert(db: Kysely<Database>, size: number): CompiledQuery {
  let bySize = compiledInserts.get(db);
  if (bySize === undefined) {
    bySize = new Map();
    compiledInserts.set(db, bySize);
  }
  let compiled = bySize.get(size);
  if (compiled === undefined) {
    const template = Object.fromEntries(LOG_COLUMNS.map((column) => [column, null])) as unknown as LogRow;
    compiled = db
      .insertInto('request_logs')
      .values(Array.from({ length: size }, () => template))
      .onConflict((conflict) => conflict.column('id').doNothing())
      .compile();
    if (compiled.parameters.length !== size * LOG_COLUMNS.length) {
      throw new Error(`request log insert: expected ${size * LOG_COLUMNS.length} parameters, compiled ${compiled.parameters.length}`);
    }
    bySize.set(size, compiled);
  }
  return compiled;
}

export async function appendRequestLogs(backend: Backend, entries: readonly RequestLogInput[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = new Map<string, LogRow>();
  entries.forEach((entry, index) => {
    const row = logToRow(validate(requestLogInputSchema, entry, `request log entry ${index}`));
    if (!rows.has(row.id)) rows.set(row.id, row);
  });
  const all = [...rows.values()];
  const queries: CompiledQuery[] = [];
  let start = 0;
  for (const size of chunkSizes(all.length)) {
    const parameters: unknown[] = [];
    for (let index = start; index < start + size; index++) {
      const row = all[index] as LogRow;
      for (const column of LOG_COLUMNS) parameters.push(row[column]);
    }
    queries.push({ ...compiledInsert(backend.db, size), parameters });
    start += size;
  }
  const inserted = await backend.executeBatch(queries);
  return inserted.reduce((sum, count) => sum + count, 0);
}

export async function queryRequestLogs(
  db: Kysely<Database>,
  filters: RequestLogFilters = {},
  limit?: number,
): Promise<RequestLogEntry[]> {
  const where = validate(requestLogFiltersSchema, filters, 'request log filters');
  let query = db
    .selectFrom('request_logs')
    .selectAll()
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(clampLimit(limit, 100));
  if (where.keyId !== undefined) query = query.where('key_id', '=', where.keyId);
  if (where.upstream !== undefined) query = query.where('upstream', '=', where.upstream);
  if (where.model !== undefined) query = query.where('model', '=', where.model);
  if (where.status !== undefined) query = query.where('status', '=', where.status);
  if (where.since !== undefined) query = query.where('ts', '>=', where.since);
  if (where.until !== undefined) query = query.where('ts', '<', where.until);
  if (where.errorsOnly === true) {
    query = query.where((eb) => eb.or([eb('status', '>=', 400), eb('error', 'is not', null)]));
  }
  return (await query.execute()).map(logFromRow);
}

const GROUPS = { total: null, byKey: 'key_id', byUpstream: 'upstream' } as const;
type GroupColumn = 'key_id' | 'upstream' | null;

interface AggregateRow {
  grp: string | null;
  requests: number | string;
  errors: number | string | null;
  cost: number | string | null;
  input_tokens: number | string | null;
  output_tokens: number | string | null;
  latency_mean: number | string | null;
}

interface PercentileRow {
  grp: string | null;
  latency_p50: number | string | null;
  latency_p95: number | string | null;
  ttft_p50: number | string | null;
}

export async function summarizeRequestLogs(
  db: Kysely<Database>,
  filters: Pick<RequestLogFilters, 'since' | 'until'> = {},
): Promise<RequestLogSummary> {
  const where = validate(requestLogFiltersSchema.pick({ since: true, until: true }), filters, 'summary filters');
  const conditions: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (where.since !== undefined) conditions.push(sql`ts >= ${where.since}`);
  if (where.until !== undefined) conditions.push(sql`ts < ${where.until}`);
  const filter = sql.join(conditions, sql` and `);

  const [total, byKey, byUpstream] = await Promise.all(
    Object.values(GROUPS).map((group) => aggregate(db, group, filter)),
  );
  const empty = emptyAggregate();
  return {
    total: total?.get(null) ?? empty,
    byKey: [...(byKey ?? new Map()).entries()].map(([keyId, value]) => ({ keyId, ...value })),
    byUpstream: [...(byUpstream ?? new Map()).entries()].map(([upstream, value]) => ({ upstream, ...value })),
  };
}

async function aggregate(
  db: Kysely<Database>,
  group: GroupColumn,
  filter: RawBuilder<unknown>,
): Promise<Map<string | null, RequestLogAggregate>> {
  const grp = group === null ? sql`null` : sql.ref(group);
  const groupBy = group === null ? sql`` : sql`group by ${sql.ref(group)}`;
  const partition = group === null ? sql`` : sql`partition by ${sql.ref(group)}`;
  const sums = await sql<AggregateRow>`
    select ${grp} as grp,
      count(*) as requests,
      sum(case when status >= 400 or error is not null then 1 else 0 end) as errors,
      sum(cost_usd) as cost,
      sum(input_tokens) as input_tokens,
      sum(output_tokens) as output_tokens,
      avg(latency_ms) as latency_mean
    from request_logs where ${filter} ${groupBy}
    order by count(*) desc`.execute(db);
  // Nulls are ranked last explicitly: SQLite sorts them first and Postgres last.
  const percentiles = await sql<PercentileRow>`
    select grp,
      min(case when latency_rank >= 0.5 * latency_count and latency_rank <= latency_count then latency_ms end)
        as latency_p50,
      min(case when latency_rank >= 0.95 * latency_count and latency_rank <= latency_count then latency_ms end)
        as latency_p95,
      min(case when ttft_rank >= 0.5 * ttft_count and ttft_rank <= ttft_count then ttft_ms end) as ttft_p50
    from (
      select ${grp} as grp, latency_ms, ttft_ms,
        row_number() over (${partition} order by case when latency_ms is null then 1 else 0 end, latency_ms)
          as latency_rank,
        count(latency_ms) over (${partition}) as latency_count,
        row_number() over (${partition} order by case when ttft_ms is null then 1 else 0 end, ttft_ms) as ttft_rank,
        count(ttft_ms) over (${partition}) as ttft_count
      from request_logs where ${filter}
    ) ranked
    group by grp`.execute(db);
  const byGroup = new Map<string | null, PercentileRow>();
  for (const row of percentiles.rows) byGroup.set(row.grp, row);
  const out = new Map<string | null, RequestLogAggregate>();
  for (const row of sums.rows) {
    if (group === null && Number(row.requests) === 0) continue;
    const ranks = byGroup.get(row.grp);
    out.set(row.grp, {
      requests: Number(row.requests),
      errors: Number(row.errors ?? 0),
      costUsd: Number(row.cost ?? 0),
      inputTokens: Number(row.input_tokens ?? 0),
      outputTokens: Number(row.output_tokens ?? 0),
      latencyMsMean: toNumberOrNull(row.latency_mean),
      latencyMsP50: toNumberOrNull(ranks?.latency_p50),
      latencyMsP95: toNumberOrNull(ranks?.latency_p95),
      ttftMsP50: toNumberOrNull(ranks?.ttft_p50),
    });
  }
  return out;
}

function emptyAggregate(): RequestLogAggregate {
  return {
    requests: 0,
    errors: 0,
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    latencyMsMean: null,
    latencyMsP50: null,
    latencyMsP95: null,
    ttftMsP50: null,
  };
}

function logToRow(entry: ReturnType<typeof requestLogInputSchema.parse>): LogRow {
  return {
    id: entry.id,
    ts: entry.ts,
    key_id: entry.keyId ?? null,
    route_decision: entry.routeDecision ?? null,
    route_reason: entry.routeReason ?? null,
    upstream: entry.upstream ?? null,
    model: entry.model ?? null,
    status: entry.status,
    input_tokens: entry.inputTokens ?? null,
    output_tokens: entry.outputTokens ?? null,
    cost_usd: entry.costUsd ?? null,
    latency_ms: entry.latencyMs ?? null,
    ttft_ms: entry.ttftMs ?? null,
    request_body: entry.requestBody ?? null,
    response_body: entry.responseBody ?? null,
    error: entry.error ?? null,
    calls: entry.calls == null ? null : JSON.stringify(entry.calls),
    privacy: entry.privacy == null ? null : JSON.stringify(entry.privacy),
  };
}

function logFromRow(row: Selectable<RequestLogsTable>): RequestLogEntry {
  return {
    id: row.id,
    ts: row.ts,
    keyId: row.key_id,
    routeDecision: row.route_decision,
    routeReason: row.route_reason,
    upstream: row.upstream,
    model: row.model,
    status: Number(row.status),
    inputTokens: toNumberOrNull(row.input_tokens),
    outputTokens: toNumberOrNull(row.output_tokens),
    costUsd: toNumberOrNull(row.cost_usd),
    latencyMs: toNumberOrNull(row.latency_ms),
    ttftMs: toNumberOrNull(row.ttft_ms),
    requestBody: row.request_body,
    responseBody: row.response_body,
    error: row.error,
    calls: row.calls === null ? null : (JSON.parse(row.calls) as RequestLogCall[]),
    privacy: row.privacy === null ? null : (JSON.parse(row.privacy) as RequestLogPrivacy),
  };
}
