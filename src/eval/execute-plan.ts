/**
 * From a plan to a stored, summarised run: pick (or resume) the run, run its work through the runner with the
 * run's budget, summarise it from the store, decide its status and record the summary. The CLI and the
 * distributed worker's submitter both come here.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, NotFoundError } from '../errors.js';
import type { EvalCaseMessages, Store } from '../store/index.js';
import type { EvalPlan } from './evaluate.js';
import type { CaseResult } from './records/case-result.js';
import type { EvalSummary, RunSummary, ThresholdCheck } from './records/run-summary.js';
import type { EvalEvent } from './runner/events.js';
import { buildMessages } from './runner/messages.js';
import { DEFAULT_MAX_ERROR_SHARE, runEval, type RunEvalOptions, type RunnerResult } from './runner/run-eval.js';
import { summarizeRows } from './summary/summarize.js';

export interface ExecuteOptions {
  store: Store;
  /** Resume this run id, or (true) the newest unfinished run of the same plan. */
  resume?: string | boolean;
  /** The run's spend cap, over every invocation of it (resumes included). */
  maxCostUsd?: number;
  /** Above this share of erroring calls the run is incomplete (default: the plan's, else 5%). */
  maxErrorShare?: number;
  useCache?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: EvalEvent) => void;
  margin?: number;
  /** Runs the work (default `runEval`, in this process); `parity eval --queue` passes one that uses workers. */
  runner?: (options: RunEvalOptions) => Promise<RunnerResult>;
  /**
   * Also return every result (`EvalReport.results`), for reports that list them (JUnit, HTML). Off by default:
   * the summary is computed from the store a page at a time, so a run of any size is summarised in flat memory.
   */
  withResults?: boolean;
}

/** A run's summary with its id and name (what `parity eval --json` prints), and its results when asked for. */
export type EvalReport = RunSummary & {
  runId: string;
  name: string;
  /** Every result, ordered by case, model and repeat; only with `withResults`. */
  results?: CaseResult[];
};

function newRunId(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'run';
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${slug}-${stamp}-${randomBytes(2).toString('hex')}`;
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

const percent = (share: number) => `${+(share * 100).toFixed(1)}%`;

/**
 * The suite's cost ceiling against the run's spend. The spend counts an estimate for calls that reported no token
 * counts (the message says how many); a model without a price was charged nothing, so while the known part is
 * within the ceiling the run's cost cannot be checked — that is a failure of the check, not a pass.
 */
function costCheck(plan: EvalPlan, summary: EvalSummary, runUsd: number, estimatedCalls: number, maxCostUsd: number): string | undefined {
  const unpriced = plan.targets
    .filter((target) => target.price === null || target.price === undefined)
    .map((target) => summary.models.find((model) => model.ref === target.ref))
    .filter((model) => model !== undefined && model.attempts - model.errors > 0)
    .map((model) => model!.label);
  const estimate = estimatedCalls > 0 ? `, of it an estimate for ${estimatedCalls} call${estimatedCalls === 1 ? '' : 's'} that reported no token counts` : '';
  if (runUsd > maxCostUsd) {
    return `the run cost ${unpriced.length > 0 ? 'at least ' : ''}$${runUsd.toFixed(4)}${estimate}, above the suite's maximum of $${maxCostUsd}`;
  }
  if (unpriced.length > 0) {
    return `the run's cost cannot be checked against the suite's maximum of $${maxCostUsd}: ${unpriced.join(', ')} ${unpriced.length === 1 ? 'has' : 'have'} no price, so what ${unpriced.length === 1 ? 'its' : 'their'} calls cost is unknown (the rest cost $${runUsd.toFixed(4)}${estimate}); set a price in the suite`;
  }
  return undefined;
}

function checkThresholds(plan: EvalPlan, summary: EvalSummary, runUsd: number, estimatedCalls: number): ThresholdCheck {
  const failures: string[] = [];
  const thresholds = plan.thresholds;
  if (thresholds?.minPassRate !== undefined) {
    const names = thresholds.models;
    for (const model of summary.models) {
      if (names && !names.includes(model.ref) && !names.includes(model.label)) continue;
      if (model.passRate === null) failures.push(`${model.label} answered no case, so its pass rate cannot be checked against the suite's minimum of ${percent(thresholds.minPassRate)}`);
      else if (model.passRate < thresholds.minPassRate) {
        failures.push(`${model.label} passed ${(model.passRate * 100).toFixed(1)}% of cases, below the suite's minimum of ${(thresholds.minPassRate * 100).toFixed(1)}%`);
      }
    }
  }
  if (thresholds?.maxCostUsd !== undefined) {
    const failure = costCheck(plan, summary, runUsd, estimatedCalls, thresholds.maxCostUsd);
    if (failure !== undefined) failures.push(failure);
  }
  return { passed: failures.length === 0, failures };
}

/** Why a run that did not finish cleanly gets no verdict (undefined: it finished). */
function withholdReason(outcome: RunnerResult, capUsd: number | undefined): string | undefined {
  switch (outcome.status) {
    case 'completed':
      return undefined;
    case 'incomplete': {
      const { errors, total } = outcome;
      const share = errors === total ? 'every call ended in an error' : `${percent(errors / total)} of the calls (${errors} of ${total}) ended in an error, more than the ${percent(outcome.maxErrorShare)} allowed`;
      return `the run is incomplete: ${share}; fix the cause and run again with --resume, which retries exactly the errored calls`;
    }
    case 'stopped-budget':
      return `the run stopped at its --max-cost of $${capUsd ?? '?'} before every call was made; raise --max-cost and run again with --resume`;
    default:
      return 'the run was interrupted before every call was made; --resume finishes it';
  }
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
  const priorSpentUsd = resumed ? await options.store.runSpend(runId) : 0;
  const maxErrorShare = options.maxErrorShare ?? plan.maxErrorShare ?? DEFAULT_MAX_ERROR_SHARE;
  const runner = await (options.runner ?? runEval)({
    runId,
    prompt: plan.prompt,
    cases: plan.cases,
    targets: plan.targets,
    graderFor: plan.graderFor,
    store: options.store,
    repeats: plan.repeats,
    concurrency: plan.concurrency,
    resume: resumed,
    priorSpentUsd,
    maxErrorShare,
    ...(options.maxCostUsd === undefined ? {} : { maxCostUsd: options.maxCostUsd }),
    ...(options.useCache === undefined ? {} : { useCache: options.useCache }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const { runId: _runId, spentUsd: invocationUsd, estimatedCalls, ...outcome } = runner;
  const withhold = withholdReason(runner, options.maxCostUsd);
  const summary = await summarizeRows(
    plan.targets.map((target) => ({ ref: target.ref, label: target.label, openWeights: target.openWeights, priceSource: target.price?.source ?? null })),
    () => options.store.readResultFigures(runId),
    {
      compare: plan.compare,
      ...(options.margin === undefined ? {} : { margin: options.margin }),
      seed: plan.seed,
      repeats: plan.repeats,
      settings: plan.settings,
      ...(plan.judgeRef === undefined ? {} : { judgeRef: plan.judgeRef }),
      ...(withhold === undefined ? {} : { withhold }),
    },
  );
  const runUsd = await options.store.runSpend(runId);
  const thresholds = checkThresholds(plan, summary, runUsd, estimatedCalls);
  // the benchmark figures (IFEval's) need the graders' details: only those runs read the results whole
  const results = options.withResults || plan.metrics ? await options.store.listResults(runId) : undefined;
  const metrics =
    plan.metrics && results
      ? Object.fromEntries(plan.targets.map((target) => [target.ref, plan.metrics!(results.filter((result) => result.modelRef === target.ref))]))
      : undefined;
  const stored: RunSummary = {
    outcome,
    spend: { runUsd, invocationUsd, capUsd: options.maxCostUsd ?? null, ...(estimatedCalls > 0 ? { estimatedCalls } : {}) },
    summary,
    thresholds,
    ...(metrics ? { metrics } : {}),
  };
  // an interrupted run stays `running`, to be resumed
  if (outcome.status !== 'aborted') await options.store.finishRun(runId, outcome.status === 'running' ? 'failed' : outcome.status, stored);
  return { runId, name: plan.name, ...stored, ...(options.withResults && results ? { results } : {}) };
}
