/**
 * From a suite (or a standard benchmark) to a stored, summarised run: plan the work, run it through the
 * runner, record every result in the store, summarise. The CLI and the distributed worker both come here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConfigError, NotFoundError } from '../errors.js';
import { resolveLanguageModel } from '../providers/index.js';
import type { EvalCaseMessages, EvalResult, Store } from '../store/index.js';
import { BENCHMARK_PROMPT, BENCHMARKS, benchmarkEvalCase, type BenchmarkCase, type BenchmarkName } from './benchmarks/index.js';
import { caseGrader } from './case-grader.js';
import { ifevalAccuracy, type GradeResult, type GraderConfig, type Judge } from './graders/index.js';
import { goldTarget, responsesTarget } from './recorded-target.js';
import type { EvalEvent } from './runner/events.js';
import { buildMessages } from './runner/messages.js';
import type { CaseGrader, CaseList, EvalCase, EvalTarget } from './runner/ports.js';
import { runEval, type RunEvalOptions, type RunOutcome } from './runner/run-eval.js';
import type { CaseResult } from './runner/types.js';
import { canonicalJson } from './runner/cache-key.js';
import type { LoadedSuite } from './suite/load.js';
import { createSuiteHash } from './suite/suite-hash.js';
import { summarizeRows, type EvalSummary, type SummaryRow } from './summary/summarize.js';
import { suiteTarget, modelTarget, type TargetOptions } from './targets.js';

export interface EvalPlan {
  name: string;
  /** Hash of everything that defines the work; a resumed run must match it. */
  hash: string;
  config: unknown;
  prompt: RunEvalOptions['prompt'];
  /** An array, or (a suite's cases file) read afresh on each iteration. */
  cases: CaseList;
  graderFor: (testCase: EvalCase) => CaseGrader;
  targets: EvalTarget[];
  repeats: number;
  concurrency: number;
  compare: Array<{ candidate: string; reference: string; margin?: number }>;
  thresholds: { minPassRate?: number | undefined; models?: string[] | undefined; maxCostUsd?: number | undefined } | undefined;
  seed: number;
  /** Benchmark-specific headline figures computed from the results (IFEval's four accuracies). */
  metrics?: (results: readonly CaseResult[]) => Record<string, number>;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

function judgeFrom(ref: string, options: TargetOptions): Judge {
  const model = resolveLanguageModel(ref, options.resolve ?? {});
  return {
    async generate(prompt, callOptions) {
      const result = await model.generate({ messages: [{ role: 'user', content: prompt }], temperature: 0 }, callOptions?.signal ? { signal: callOptions.signal } : {});
      return result.text;
    },
  };
}

/** Plans a suite file's run. */
export function planSuite(loaded: LoadedSuite, options: TargetOptions = {}): EvalPlan {
  const { suite } = loaded;
  const targets = suite.providers.map((entry) => suiteTarget(entry, loaded.baseDir, options));
  const labels = new Set<string>();
  for (const target of targets) {
    if (labels.has(target.label)) throw new ConfigError(loaded.file, `two providers share the label "${target.label}"; give each a distinct label`);
    labels.add(target.label);
  }
  const context = { baseDir: loaded.baseDir, ...(suite.judge ? { judge: judgeFrom(suite.judge.ref, options) } : {}) };
  // one grader for every case that keeps the suite's graders; its own only for a case that changes them.
  // One pass over the cases (a file's are read afresh, one at a time), which also feeds the hash.
  let shared: CaseGrader | undefined;
  const graders = new Map<string, CaseGrader>();
  const hash = createSuiteHash();
  for (const testCase of loaded.cases) {
    hash.addCase(testCase);
    const where = () => `${loaded.file}: case "${testCase.id}"`;
    if (testCase.graders === undefined && testCase.extraGraders === undefined) {
      shared ??= caseGrader(suite.graders, context, where());
      continue;
    }
    const configs: GraderConfig[] = [...(testCase.graders ?? suite.graders), ...(testCase.extraGraders ?? [])];
    graders.set(testCase.id, caseGrader(configs, context, where()));
  }
  return {
    name: suite.name,
    hash: hash.digest(suite),
    config: { kind: 'suite', file: loaded.file, suite },
    prompt: suite.prompt,
    cases: loaded.cases,
    graderFor: (testCase) => graders.get(testCase.id) ?? shared!,
    targets,
    repeats: suite.repeats,
    concurrency: suite.concurrency,
    compare: suite.compare ?? [],
    thresholds: suite.thresholds,
    seed: suite.seed,
  };
}

export interface BenchmarkPlanOptions extends TargetOptions {
  benchmark: string;
  data: string;
  models?: readonly string[];
  /** A JSONL file of recorded answers, or `gold` for the benchmark's own reference answers. */
  responses?: string;
  limit?: number;
  concurrency?: number;
}

/** Plans a standard benchmark run straight from its public release file. */
export async function planBenchmark(options: BenchmarkPlanOptions): Promise<EvalPlan> {
  const loader = BENCHMARKS[options.benchmark as BenchmarkName];
  if (!loader) throw new NotFoundError(`unknown benchmark "${options.benchmark}" (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const benchmark = await loader.load(options.data);
  const all = options.limit ? benchmark.cases.slice(0, options.limit) : benchmark.cases;
  const targets: EvalTarget[] = [];
  if (options.responses === 'gold') targets.push(goldTarget(benchmark));
  else if (options.responses) targets.push(responsesTarget(options.responses, benchmark));
  for (const ref of options.models ?? []) {
    const model = resolveLanguageModel(ref, options.resolve ?? {});
    const facts = options.facts?.(model.modelId, model.provider) ?? { catalogId: null, openWeights: null, price: null };
    targets.push(modelTarget(model, { ref, label: ref, facts, settings: { temperature: 0 } }));
  }
  if (targets.length === 0) throw new ConfigError('parity eval --benchmark', 'give --model REF, --responses FILE or --responses gold');
  const graders = new Map<string, CaseGrader>();
  for (const testCase of all) graders.set(testCase.id, caseGrader([testCase.grader], {}, `${benchmark.name} case ${testCase.id}`));
  return {
    name: `benchmark:${benchmark.name}`,
    hash: hashOf({ benchmark: benchmark.name, files: benchmark.files, cases: all.length, targets: targets.map((target) => target.ref) }),
    config: { kind: 'benchmark', benchmark: benchmark.name, files: benchmark.files, limit: options.limit ?? null, targets: targets.map((target) => target.ref) },
    prompt: BENCHMARK_PROMPT,
    cases: all.map(benchmarkEvalCase),
    graderFor: (testCase) => graders.get(testCase.id)!,
    targets,
    repeats: 1,
    concurrency: options.concurrency ?? 4,
    compare: [],
    thresholds: undefined,
    seed: 1,
    ...(benchmark.name === 'ifeval' ? { metrics: (results: readonly CaseResult[]) => ifevalMetrics(results, all) } : {}),
  };
}

/**
 * IFEval's prompt- and instruction-level accuracy, strict and loose. A case with no answer (a model error or a
 * prompt missing from a recorded file) counts as following none of its instructions.
 */
function ifevalMetrics(results: readonly CaseResult[], cases: readonly BenchmarkCase[]): Record<string, number> {
  const instructionCount = new Map(cases.map((testCase) => [testCase.id, testCase.grader.type === 'ifeval' ? testCase.grader.instructions.length : 1]));
  const graded: GradeResult[] = results.map((result) => {
    if (result.error === null) return { pass: result.pass, score: result.score, reason: result.reason, details: result.graderDetails as Record<string, unknown> };
    const failed = Array.from({ length: instructionCount.get(result.caseId) ?? 1 }, () => ({ strict: false, loose: false }));
    return { pass: false, score: 0, reason: result.error, details: { instructions: failed } };
  });
  const accuracy = ifevalAccuracy(graded);
  return { ...accuracy, unanswered: results.filter((result) => result.error !== null).length };
}

export interface ExecuteOptions {
  store: Store;
  /** Resume this run id, or (true) the newest unfinished run of the same plan. */
  resume?: string | boolean;
  maxCostUsd?: number;
  useCache?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: EvalEvent) => void;
  margin?: number;
  /** Runs the work (default `runEval`, in this process); `parity eval --queue` passes one that uses workers. */
  runner?: (options: RunEvalOptions) => Promise<RunOutcome>;
  /**
   * Also return every result (`EvalReport.results`), for reports that list them (JUnit, HTML). Off by default:
   * the summary is computed from the store a page at a time, so a run of any size is summarised in flat memory.
   */
  withResults?: boolean;
}

export interface ThresholdCheck {
  passed: boolean;
  failures: string[];
}

export interface EvalReport {
  runId: string;
  /** Benchmark-specific figures per model ref (IFEval accuracies). */
  metrics?: Record<string, Record<string, number>>;
  name: string;
  outcome: RunOutcome;
  summary: EvalSummary;
  /** Every result, ordered by case, model and repeat; only with `withResults`. */
  results?: CaseResult[];
  thresholds: ThresholdCheck;
}

function newRunId(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${slug}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** A stored result in the runner's shape. */
export function toCaseResult(result: EvalResult): CaseResult {
  return {
    runId: result.runId,
    caseId: result.caseId,
    modelRef: result.modelRef,
    repeat: result.repeat,
    output: result.output ?? '',
    toolCalls: Array.isArray(result.toolCalls) ? result.toolCalls : [],
    pass: result.pass,
    score: result.score ?? 0,
    reason: result.reason ?? '',
    graderDetails: result.graderDetails,
    inputTokens: result.inputTokens ?? 0,
    outputTokens: result.outputTokens ?? 0,
    costUsd: result.costUsd,
    latencyMs: result.latencyMs ?? 0,
    cached: result.cached,
    error: result.error,
  };
}

async function resolveRunId(plan: EvalPlan, options: ExecuteOptions): Promise<{ runId: string; resumed: boolean }> {
  if (options.resume === undefined || options.resume === false) {
    const runId = newRunId(plan.name);
    await options.store.createRun({ id: runId, suiteName: plan.name, suiteHash: plan.hash, config: plan.config });
    return { runId, resumed: false };
  }
  if (typeof options.resume === 'string') {
    const run = await options.store.getRun(options.resume);
    if (!run) throw new NotFoundError(`no run "${options.resume}" in ${options.store.location}`);
    if (run.suiteHash !== plan.hash) throw new ConfigError('--resume', `run "${run.id}" was made from a different suite or case set; start a new run instead`);
    return { runId: run.id, resumed: true };
  }
  const runs = await options.store.listRuns({ suiteName: plan.name, limit: 20 });
  const unfinished = runs.find((run) => run.suiteHash === plan.hash && run.status !== 'completed');
  if (!unfinished) throw new NotFoundError(`no unfinished run of "${plan.name}" to resume in ${options.store.location}`);
  return { runId: unfinished.id, resumed: true };
}

function checkThresholds(plan: EvalPlan, summary: EvalSummary, costUsd: number): ThresholdCheck {
  const failures: string[] = [];
  const thresholds = plan.thresholds;
  if (thresholds?.minPassRate !== undefined) {
    const names = thresholds.models;
    for (const model of summary.models) {
      if (names && !names.includes(model.ref) && !names.includes(model.label)) continue;
      if (!(model.passRate >= thresholds.minPassRate)) {
        failures.push(`${model.label} passed ${(model.passRate * 100).toFixed(1)}% of cases, below the suite's minimum of ${(thresholds.minPassRate * 100).toFixed(1)}%`);
      }
    }
  }
  if (thresholds?.maxCostUsd !== undefined && costUsd > thresholds.maxCostUsd) {
    failures.push(`the run cost $${costUsd.toFixed(4)}, above the suite's maximum of $${thresholds.maxCostUsd}`);
  }
  return { passed: failures.length === 0, failures };
}

/**
 * Records the messages every case is asked, before any is, so the run can later be read as routing data
 * (`parity route … --run`) without its suite's files. One pass over the cases in batches: a cases file is read
 * again, not held in memory. A resumed run's cases are already there and stay as they were.
 */
async function recordCaseMessages(plan: EvalPlan, store: Store, runId: string): Promise<void> {
  let batch: EvalCaseMessages[] = [];
  for (const testCase of plan.cases) {
    batch.push({ caseId: testCase.id, messages: buildMessages(plan.prompt, testCase.vars).map(({ role, content }) => ({ role, content })) });
    if (batch.length === CASE_BATCH) {
      await store.recordCaseMessages(runId, batch);
      batch = [];
    }
  }
  await store.recordCaseMessages(runId, batch);
}

const CASE_BATCH = 500;

/** Runs a plan to completion (or to the budget, or to an abort) and returns its stored, summarised report. */
export async function executePlan(plan: EvalPlan, options: ExecuteOptions): Promise<EvalReport> {
  const { runId, resumed } = await resolveRunId(plan, options);
  await recordCaseMessages(plan, options.store, runId);
  const outcome = await (options.runner ?? runEval)({
    runId,
    prompt: plan.prompt,
    cases: plan.cases,
    targets: plan.targets,
    graderFor: plan.graderFor,
    store: options.store,
    repeats: plan.repeats,
    concurrency: plan.concurrency,
    resume: resumed,
    ...(options.maxCostUsd === undefined ? {} : { maxCostUsd: options.maxCostUsd }),
    ...(options.useCache === undefined ? {} : { useCache: options.useCache }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const summary = await summarizeRows(
    plan.targets.map((target) => ({ ref: target.ref, label: target.label, openWeights: target.openWeights, priceSource: target.price?.source ?? null })),
    () => summaryRows(options.store, runId),
    { compare: plan.compare, ...(options.margin === undefined ? {} : { margin: options.margin }), seed: plan.seed },
  );
  const thresholds = checkThresholds(plan, summary, outcome.costUsd);
  // the benchmark figures (IFEval's) need the graders' details: only those runs read the results whole
  const results = options.withResults || plan.metrics ? (await options.store.listResults(runId)).map(toCaseResult) : undefined;
  const metrics =
    plan.metrics && results
      ? Object.fromEntries(plan.targets.map((target) => [target.ref, plan.metrics!(results.filter((result) => result.modelRef === target.ref))]))
      : undefined;
  const finished = outcome.status === 'completed' ? 'completed' : 'cancelled';
  if (outcome.status !== 'aborted') await options.store.finishRun(runId, finished, { outcome, summary, thresholds, metrics });
  return { runId, name: plan.name, outcome, summary, thresholds, ...(options.withResults && results ? { results } : {}), ...(metrics ? { metrics } : {}) };
}

/** A run's stored results in the summary's terms, read from the store a page at a time. */
async function* summaryRows(store: Store, runId: string): AsyncGenerator<SummaryRow> {
  for await (const figures of store.readResultFigures(runId)) {
    yield {
      caseId: figures.caseId,
      modelRef: figures.modelRef,
      pass: figures.pass,
      score: figures.score ?? 0,
      costUsd: figures.costUsd,
      latencyMs: figures.latencyMs ?? 0,
      inputTokens: figures.inputTokens ?? 0,
      outputTokens: figures.outputTokens ?? 0,
      cached: figures.cached,
      failed: figures.failed,
    };
  }
}
