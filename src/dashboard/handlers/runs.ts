/**
 * Evaluations from the store: `GET /api/runs`, `GET /api/runs/:id` (the stored summary, validated),
 * `GET /api/runs/:id/matrix` (case × model) and `GET /api/runs/:id/case?case=…` (every output for one case).
 */
import { NotFoundError, ValidationError } from '../../errors.js';
import { firstIssue, parseOrThrow } from '../../kernel/index.js';
import { keptMessagesSchema } from '../../eval/index.js';
import { runSummarySchema, type RunSummary } from '../../eval/index.js';
import type { EvalRun, JsonValue, StoredCaseResult } from '../../store/index.js';
import { caseQuerySchema, matrixQuerySchema, runIdSchema, runsQuerySchema } from '../api/query-schemas.js';
import type { CaseResponse, MatrixCell, MatrixResponse, RunDetailResponse, RunsResponse } from '../api/types.js';
import type { ApiHandler, DashboardContext } from '../context.js';
import { parseQuery } from '../http/query.js';

function parseSummary(run: EvalRun): { summary: RunSummary | null; problem: string | null } {
  if (run.summary === null) return { summary: null, problem: run.status === 'running' ? 'the run has not finished' : 'no summary was stored' };
  const parsed = runSummarySchema.safeParse(run.summary);
  if (parsed.success) return { summary: parsed.data, problem: null };
  return { summary: null, problem: `the stored summary does not validate at ${firstIssue(parsed.error).text}` };
}

async function findRun(context: DashboardContext, params: readonly string[]): Promise<EvalRun> {
  const id = parseOrThrow(runIdSchema, params[0], (issue) => new ValidationError(`run id: ${issue.message}`, 'id'));
  const run = await context.store.getRun(id);
  if (run === undefined) throw new NotFoundError(`no run "${id}" in ${context.store.location}`);
  return run;
}

function objectField(value: JsonValue | null | undefined, name: string): JsonValue | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value[name] : undefined;
}

/** The models of a run in summary order, else in order of first appearance in the results. */
function runModels(summary: RunSummary | null, results: readonly StoredCaseResult[]): MatrixResponse['models'] {
  const models: MatrixResponse['models'] = summary?.summary.models.map((model) => ({ ref: model.ref, label: model.label, openWeights: model.openWeights })) ?? [];
  const known = new Set(models.map((model) => model.ref));
  for (const result of results) {
    if (known.has(result.modelRef)) continue;
    known.add(result.modelRef);
    models.push({ ref: result.modelRef, label: result.modelRef, openWeights: null });
  }
  return models;
}

export const listRuns: ApiHandler = async (context, { url }): Promise<RunsResponse> => {
  const query = parseQuery(runsQuerySchema, url.searchParams);
  const runs = await context.store.listRuns({ limit: query.limit, ...(query.suite === undefined ? {} : { suiteName: query.suite }) });
  return {
    store: context.store.location,
    runs: runs.map((run) => {
      const { summary } = parseSummary(run);
      return {
        id: run.id,
        suiteName: run.suiteName,
        status: run.status,
        createdAt: run.createdAt,
        finishedAt: run.finishedAt,
        models: summary?.summary.models.map((model) => ({ ref: model.ref, label: model.label, openWeights: model.openWeights, passRate: model.passRate })) ?? [],
        verdict: summary?.summary.comparisons[0]?.nonInferiority.verdict ?? null,
      };
    }),
  };
};

export const getRun: ApiHandler = async (context, { params }): Promise<RunDetailResponse> => {
  const run = await findRun(context, params);
  const { summary, problem } = parseSummary(run);
  const kind = objectField(run.config, 'kind');
  return {
    run: { id: run.id, suiteName: run.suiteName, suiteHash: run.suiteHash, status: run.status, createdAt: run.createdAt, finishedAt: run.finishedAt, kind: typeof kind === 'string' ? kind : null },
    summary,
    summaryProblem: problem,
  };
};

function cell(results: readonly StoredCaseResult[]): MatrixCell {
  const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
  // an error is its own outcome: the cell's pass count, score, latency and cost are over the answered attempts
  const answered = results.filter((result) => result.error === null);
  const costs = answered.map((result) => result.costUsd);
  const first = results[0];
  const text = first === undefined ? '' : first.error !== null ? `error: ${first.error.cause}: ${first.error.message}` : first.output;
  return {
    attempts: results.length,
    passes: answered.filter((result) => result.pass).length,
    meanScore: mean(answered.map((result) => result.score)),
    errors: results.length - answered.length,
    meanLatencyMs: mean(answered.flatMap((result) => (result.latencyMs === null ? [] : [result.latencyMs]))),
    costUsd: costs.some((cost) => cost === null) ? null : (costs as number[]).reduce((sum, cost) => sum + cost, 0),
    preview: text.length > 160 ? `${text.slice(0, 159)}…` : text,
  };
}

export const runMatrix: ApiHandler = async (context, { url, params }): Promise<MatrixResponse> => {
  const query = parseQuery(matrixQuerySchema, url.searchParams);
  const run = await findRun(context, params);
  const results = await context.store.listResults(run.id);
  const models = runModels(parseSummary(run).summary, results);
  const byCase = new Map<string, Map<string, StoredCaseResult[]>>();
  for (const result of results) {
    const perModel = byCase.get(result.caseId) ?? new Map<string, StoredCaseResult[]>();
    perModel.set(result.modelRef, [...(perModel.get(result.modelRef) ?? []), result]);
    byCase.set(result.caseId, perModel);
  }
  const cases = [...byCase].map(([caseId, perModel]) => ({
    caseId,
    cells: models.map((model) => {
      const list = perModel.get(model.ref);
      return list === undefined ? null : cell(list);
    }),
  }));
  const failing = (entry: (typeof cases)[number]): boolean => entry.cells.some((value) => value !== null && (value.passes < value.attempts || value.errors > 0));
  const failingCases = cases.filter(failing);
  return {
    runId: run.id,
    models,
    totalCases: cases.length,
    failingCases: failingCases.length,
    cases: query.failures ? failingCases : cases,
  };
};

function caseInput(config: JsonValue, caseId: string): unknown {
  const suite = objectField(config, 'suite');
  const cases = objectField(suite, 'cases');
  if (!Array.isArray(cases)) return null;
  const index = cases.findIndex((entry, position) => {
    const id = objectField(entry, 'id');
    return id === undefined ? String(position + 1) === caseId : String(id) === caseId;
  });
  if (index === -1) return null;
  const entry = cases[index];
  return { prompt: objectField(suite, 'prompt') ?? null, vars: objectField(entry, 'vars') ?? {}, expected: objectField(entry, 'expected') ?? null, description: objectField(entry, 'description') ?? null };
}

export const runCase: ApiHandler = async (context, { url, params }): Promise<CaseResponse> => {
  const query = parseQuery(caseQuerySchema, url.searchParams);
  const run = await findRun(context, params);
  const all = await context.store.listResults(run.id);
  const results = all.filter((result) => result.caseId === query.case);
  if (results.length === 0) throw new NotFoundError(`run "${run.id}" has no case "${query.case}"`);
  const models = runModels(parseSummary(run).summary, all).filter((model) => results.some((result) => result.modelRef === model.ref));
  const kept = (await context.store.readCaseMessages(run.id, [query.case])).get(query.case);
  const messages = keptMessagesSchema.safeParse(kept);
  return { runId: run.id, caseId: query.case, input: caseInput(run.config, query.case), messages: messages.success ? messages.data : null, models, results };
};
