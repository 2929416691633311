/** Eval runs and their results, persisted case by case. */
import { CompiledQuery, type Insertable, type Kysely, type Selectable } from 'kysely';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Backend } from './backend.js';
import type { Database, EvalCasesTable, EvalResultsTable, EvalRunsTable } from './database.js';
import { ERROR_KINDS, caseResultSchema, type CaseError, type CaseFigures, type CaseResult, type ErrorKind } from '../eval/records/index.js';
import { FINISHED_RUN_STATUSES, RUN_STATUSES, type FinishedRunStatus, type RunStatus } from '../eval/records/index.js';
import { runSummarySchema, type RunSummary } from '../eval/records/index.js';
import {
  evalRunInputSchema,
  resultKey,
  type CompletedKeysOptions,
  type EvalCaseMessages,
  type EvalRun,
  type EvalRunInput,
  type JsonValue,
  type ReadResultFiguresOptions,
  type ModelCallStats,
  type StoredCaseResult,
} from './records.js';
import type { ListRunsOptions } from './store.js';
import { fromJsonText, toJsonText, toNumberOrNull, validate } from './validate.js';

/** Rows per multi-row INSERT: 20 columns × 400 stays under both SQLite's and Postgres's parameter limits. */
const RESULT_CHUNK = 400;

export async function createRun(backend: Backend, input: EvalRunInput): Promise<EvalRun> {
  const run = validate(evalRunInputSchema, input, 'eval run');
  const row: Insertable<EvalRunsTable> = {
    id: run.id,
    suite_name: run.suiteName,
    suite_hash: run.suiteHash,
    config: toJsonText(run.config, 'config') ?? 'null',
    status: 'running',
    summary: null,
    created_at: run.createdAt ?? new Date().toISOString(),
    finished_at: null,
  };
  try {
    await backend.db.insertInto('eval_runs').values(row).execute();
  } catch (error) {
    if (backend.isUniqueViolation(error)) throw new ValidationError(`eval run ${run.id} already exists`, 'id');
    throw error;
  }
  return runFromRow(row as Selectable<EvalRunsTable>);
}

export async function getRun(db: Kysely<Database>, id: string): Promise<EvalRun | undefined> {
  const row = await db.selectFrom('eval_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : runFromRow(row);
}

export async function listRuns(db: Kysely<Database>, options: ListRunsOptions = {}): Promise<EvalRun[]> {
  let query = db
    .selectFrom('eval_runs')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(clampLimit(options.limit, 50));
  if (options.suiteName !== undefined) query = query.where('suite_name', '=', options.suiteName);
  return (await query.execute()).map(runFromRow);
}

export async function finishRun(
  db: Kysely<Database>,
  id: string,
  status: FinishedRunStatus,
  summary: RunSummary | null,
): Promise<EvalRun> {
  if (!FINISHED_RUN_STATUSES.includes(status)) {
    throw new ValidationError(`status must be one of ${FINISHED_RUN_STATUSES.join(', ')}`, 'status');
  }
  const summaryText = toJsonText(summary === null ? null : validate(runSummarySchema, summary, 'run summary'), 'summary');
  const result = await db
    .updateTable('eval_runs')
    .set({ status, summary: summaryText, finished_at: new Date().toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFoundError(`eval run ${id} not found`);
  const run = await getRun(db, id);
  if (run === undefined) throw new NotFoundError(`eval run ${id} not found`);
  return run;
}

export async function recordResults(backend: Backend, inputs: readonly CaseResult[]): Promise<void> {
  if (inputs.length === 0) return;
  const recordedAt = new Date().toISOString();
  // Later entries for the same key win, as they would with one upsert per result; their spend adds up.
  const rows = new Map<string, Insertable<EvalResultsTable>>();
  for (const input of inputs) {
    const row = resultToRow(input, recordedAt);
    const key = JSON.stringify([row.run_id, row.case_id, row.model_ref, row.repeat_index]);
    const earlier = rows.get(key);
    if (earlier !== undefined) row.spent_usd = Number(earlier.spent_usd) + Number(row.spent_usd);
    rows.set(key, row);
  }
  const all = [...rows.values()];
  const queries = [];
  for (let start = 0; start < all.length; start += RESULT_CHUNK) queries.push(upsertResults(backend, all.slice(start, start + RESULT_CHUNK)));
  try {
    await backend.executeBatch(queries);
  } catch (error) {
    if (backend.isForeignKeyViolation(error)) {
      const runIds = [...new Set(all.map((row) => row.run_id))].join(', ');
      throw new NotFoundError(`eval run ${runIds} not found: create the run before recording its results`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Rows per insert of case messages: 3 parameters each, well under SQLite's parameter limit. */
const CASE_CHUNK = 300;

/**
 * Records the messages of a run's cases; a case already recorded keeps its first messages (a resumed run asks
 * the same ones, its suite hash says so).
 */
export async function recordCaseMessages(backend: Backend, runId: string, cases: readonly EvalCaseMessages[]): Promise<void> {
  if (cases.length === 0) return;
  const rows = new Map<string, Insertable<EvalCasesTable>>();
  for (const entry of cases) {
    if (entry.caseId === '') throw new ValidationError('caseId: must not be empty', 'caseId');
    rows.set(entry.caseId, { run_id: runId, case_id: entry.caseId, messages: toJsonText(entry.messages, 'messages') ?? 'null' });
  }
  const all = [...rows.values()];
  const queries: CompiledQuery[] = [];
  for (let start = 0; start < all.length; start += CASE_CHUNK) {
    queries.push(
      backend.db
        .insertInto('eval_cases')
        .values(all.slice(start, start + CASE_CHUNK))
        .onConflict((conflict) => conflict.columns(['run_id', 'case_id']).doNothing())
        .compile(),
    );
  }
  try {
    await backend.executeBatch(queries);
  } catch (error) {
    if (backend.isForeignKeyViolation(error)) throw new NotFoundError(`eval run ${runId} not found: create the run before recording its cases`, { cause: error });
    throw error;
  }
}

/** Case id → the messages it was asked, for every case of the run recorded, or only `caseIds` (none for runs made before parity kept them). */
export async function readCaseMessages(db: Kysely<Database>, runId: string, caseIds?: readonly string[]): Promise<Map<string, JsonValue>> {
  if (caseIds !== undefined && caseIds.length === 0) return new Map();
  let query = db.selectFrom('eval_cases').select(['case_id', 'messages']).where('run_id', '=', runId);
  if (caseIds !== undefined) query = query.where('case_id', 'in', [...caseIds]);
  const rows = await query.orderBy('case_id').execute();
  return new Map(rows.map((row) => [row.case_id, fromJsonText(row.messages, `eval_cases ${runId}/${row.case_id}`)]));
}

/** The columns of a result row, in the order `resultToRow` writes them (and so Kysely lists them). */
const RESULT_COLUMNS = [
  'run_id',
  'case_id',
  'model_ref',
  'repeat_index',
  'output',
  'tool_calls',
  'pass',
  'score',
  'reason',
  'grader_details',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'latency_ms',
  'cached',
  'error',
  'error_kind',
  'error_cause',
  'spent_usd',
  'recorded_at',
] as const satisfies ReadonlyArray<keyof EvalResultsTable>;

/** Upsert SQL per backend and row count: the statement is built by Kysely once, then only its parameters. */
const upsertSql = new WeakMap<Backend, Map<number, string>>();

/**
 * One multi-row upsert of result rows. Runs record a batch every few milliseconds, so the statement text is
 * compiled once per row count and reused (building and compiling the query each time cost more than the write).
 */
function upsertResults(backend: Backend, rows: ReadonlyArray<Insertable<EvalResultsTable>>): CompiledQuery {
  let byCount = upsertSql.get(backend);
  if (byCount === undefined) {
    byCount = new Map();
    upsertSql.set(backend, byCount);
  }
  const known = byCount.get(rows.length);
  if (known !== undefined) {
    const parameters: unknown[] = [];
    for (const row of rows) for (const column of RESULT_COLUMNS) parameters.push(row[column]);
    return CompiledQuery.raw(known, parameters);
  }
  const compiled = backend.db
    .insertInto('eval_results')
    .values(rows as Array<Insertable<EvalResultsTable>>)
    .onConflict((conflict) =>
      conflict.columns(['run_id', 'case_id', 'model_ref', 'repeat_index']).doUpdateSet((eb) => ({
        output: eb.ref('excluded.output'),
        tool_calls: eb.ref('excluded.tool_calls'),
        pass: eb.ref('excluded.pass'),
        score: eb.ref('excluded.score'),
        reason: eb.ref('excluded.reason'),
        grader_details: eb.ref('excluded.grader_details'),
        input_tokens: eb.ref('excluded.input_tokens'),
        output_tokens: eb.ref('excluded.output_tokens'),
        cost_usd: eb.ref('excluded.cost_usd'),
        latency_ms: eb.ref('excluded.latency_ms'),
        cached: eb.ref('excluded.cached'),
        error: eb.ref('excluded.error'),
        error_kind: eb.ref('excluded.error_kind'),
        error_cause: eb.ref('excluded.error_cause'),
        // a row recorded again (a retried error) keeps what the earlier calls spent
        spent_usd: eb(eb.ref('eval_results.spent_usd'), '+', eb.ref('excluded.spent_usd')),
        recorded_at: eb.ref('excluded.recorded_at'),
      })),
    )
    .compile();
  if (byCount.size >= 64) byCount.clear();
  byCount.set(rows.length, compiled.sql);
  return compiled;
}

export async function listResults(db: Kysely<Database>, runId: string): Promise<StoredCaseResult[]> {
  const rows = await db
    .selectFrom('eval_results')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('case_id')
    .orderBy('model_ref')
    .orderBy('repeat_index')
    .execute();
  return rows.map(resultFromRow);
}

/**
 * A run's results without their texts, ordered by case, model and repeat, read page by page (keyset pagination
 * over the primary key), so a summary of any number of results holds one page at a time.
 */
export async function* readResultFigures(
  db: Kysely<Database>,
  runId: string,
  options: ReadResultFiguresOptions = {},
): AsyncGenerator<CaseFigures> {
  const pageSize = clampLimit(options.pageSize, 2000);
  let after: readonly [string, string, number] | undefined;
  for (;;) {
    let query = db
      .selectFrom('eval_results')
      .select(['case_id', 'model_ref', 'repeat_index', 'pass', 'score', 'input_tokens', 'output_tokens', 'cost_usd', 'spent_usd', 'latency_ms', 'cached', 'error', 'error_kind', 'error_cause'])
      .where('run_id', '=', runId);
    if (after !== undefined) {
      const [caseId, modelRef, repeat] = after;
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('case_id', 'model_ref', 'repeat_index'), '>', tuple(caseId, modelRef, repeat)));
    }
    const rows = await query.orderBy('case_id').orderBy('model_ref').orderBy('repeat_index').limit(pageSize).execute();
    for (const row of rows) {
      yield {
        caseId: row.case_id,
        modelRef: row.model_ref,
        repeat: Number(row.repeat_index),
        pass: Number(row.pass) === 1,
        score: Number(row.score ?? 0),
        inputTokens: toNumberOrNull(row.input_tokens),
        outputTokens: toNumberOrNull(row.output_tokens),
        costUsd: toNumberOrNull(row.cost_usd),
        spentUsd: Number(row.spent_usd),
        latencyMs: toNumberOrNull(row.latency_ms),
        cached: Number(row.cached) === 1,
        error: errorFromRow(row),
      };
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = [last.case_id, last.model_ref, Number(last.repeat_index)];
  }
}

export async function completedKeys(
  db: Kysely<Database>,
  runId: string,
  options: CompletedKeysOptions = {},
): Promise<Set<string>> {
  let query = db
    .selectFrom('eval_results')
    .select(['case_id', 'model_ref', 'repeat_index'])
    .where('run_id', '=', runId);
  if (options.includeErrors !== true) query = query.where('error', 'is', null);
  const rows = await query.execute();
  return new Set(rows.map((row) => resultKey(row.case_id, row.model_ref, Number(row.repeat_index))));
}

/**
 * What earlier runs measured of each model: answered calls that were really made (not from the cache), their
 * mean output tokens and latency. `parity eval --estimate` expects the same of the next run.
 */
export async function modelCallStats(db: Kysely<Database>, modelRefs: readonly string[]): Promise<Map<string, ModelCallStats>> {
  if (modelRefs.length === 0) return new Map();
  const rows = await db
    .selectFrom('eval_results')
    .select((eb) => [
      'model_ref',
      eb.fn.countAll<number | string | bigint>().as('calls'),
      eb.fn.avg<number | string | null>('output_tokens').as('output_tokens'),
      eb.fn.avg<number | string | null>('latency_ms').as('latency_ms'),
    ])
    .where('model_ref', 'in', [...modelRefs])
    .where('error', 'is', null)
    .where('cached', '=', 0)
    .groupBy('model_ref')
    .execute();
  return new Map(
    rows.map((row) => [row.model_ref, { calls: Number(row.calls), meanOutputTokens: toNumberOrNull(row.output_tokens), meanLatencyMs: toNumberOrNull(row.latency_ms) }]),
  );
}

/** What the total spend of a run's calls is, over every invocation (the sum of its rows' spend). */
export async function runSpend(db: Kysely<Database>, runId: string): Promise<number> {
  const row = await db
    .selectFrom('eval_results')
    .select((eb) => eb.fn.sum<number | string | null>('spent_usd').as('spent'))
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return Number(row?.spent ?? 0);
}

function resultToRow(input: CaseResult, recordedAt: string): Insertable<EvalResultsTable> {
  const result = validate(caseResultSchema, input, 'eval result');
  return {
    run_id: result.runId,
    case_id: result.caseId,
    model_ref: result.modelRef,
    repeat_index: result.repeat,
    output: result.output,
    tool_calls: toJsonText(result.toolCalls, 'toolCalls'),
    pass: result.pass ? 1 : 0,
    score: result.score,
    reason: result.reason,
    grader_details: toJsonText(result.graderDetails, 'graderDetails'),
    input_tokens: result.inputTokens,
    output_tokens: result.outputTokens,
    cost_usd: result.costUsd,
    latency_ms: result.latencyMs,
    cached: result.cached ? 1 : 0,
    error: result.error?.message ?? null,
    error_kind: result.error?.kind ?? null,
    error_cause: result.error?.cause ?? null,
    spent_usd: result.spentUsd,
    recorded_at: recordedAt,
  };
}

/** The row's error; rows from before errors had kinds read as `other`. */
function errorFromRow(row: { error: string | null; error_kind: string | null; error_cause: string | null }): CaseError | null {
  if (row.error === null) return null;
  const kind = (ERROR_KINDS as readonly string[]).includes(row.error_kind ?? '') ? (row.error_kind as ErrorKind) : 'other';
  return { kind, cause: row.error_cause ?? 'error', message: row.error };
}

function runFromRow(row: Selectable<EvalRunsTable>): EvalRun {
  const where = `eval run ${row.id}`;
  return {
    id: row.id,
    suiteName: row.suite_name,
    suiteHash: row.suite_hash,
    config: fromJsonText(row.config, where),
    status: (RUN_STATUSES as readonly string[]).includes(row.status) ? (row.status as RunStatus) : 'failed',
    summary: fromJsonText(row.summary, where),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/**
 * A row as the eval's case result. Columns the eval always writes may be NULL only in rows another writer made
 * before the eval owned the shape; they read as empty (the row's `error`, when set, says it was not answered).
 * Token counts are NULL when the provider did not report them: unknown, read as null (never 0).
 */
function resultFromRow(row: Selectable<EvalResultsTable>): StoredCaseResult {
  const where = `eval result ${row.run_id}/${row.case_id}/${row.model_ref}/${row.repeat_index}`;
  const toolCalls = fromJsonText(row.tool_calls, where);
  return {
    runId: row.run_id,
    caseId: row.case_id,
    modelRef: row.model_ref,
    repeat: Number(row.repeat_index),
    output: row.output ?? '',
    toolCalls: Array.isArray(toolCalls) ? toolCalls : [],
    pass: Number(row.pass) === 1,
    score: Number(row.score ?? 0),
    reason: row.reason ?? '',
    graderDetails: fromJsonText(row.grader_details, where),
    inputTokens: toNumberOrNull(row.input_tokens),
    outputTokens: toNumberOrNull(row.output_tokens),
    costUsd: toNumberOrNull(row.cost_usd),
    spentUsd: Number(row.spent_usd),
    latencyMs: toNumberOrNull(row.latency_ms),
    cached: Number(row.cached) === 1,
    error: errorFromRow(row),
    recordedAt: row.recorded_at,
  };
}

export function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) throw new ValidationError('limit must be a positive integer', 'limit');
  return Math.min(limit, 100_000);
}
