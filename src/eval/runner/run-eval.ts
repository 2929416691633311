import { setMaxListeners } from 'node:events';
import { ParityError, ValidationError } from '../../errors.js';
import type { CaseError, CaseResult } from '../records/case-result.js';
import type { RunOutcome, RunStatus } from '../records/index.js';
import { GraderError } from '../graders/grader-error.js';
import { callError, graderError, judgeError } from './call-error.js';
import { responseCacheKey } from './cache-key.js';
import type { EvalEvent } from './events.js';
import { buildMessages, type PromptTemplate } from './messages.js';
import { chargeOf } from './charge.js';
import { workKey, type CaseGrader, type CaseList, type EvalCase, type EvalTarget, type ResultStore, type TargetResponse } from './ports.js';
import { ResultWriter } from './result-writer.js';

/** Above this share of calls ending in an error, a run is incomplete (overridable per run). */
export const DEFAULT_MAX_ERROR_SHARE = 0.05;

export interface RunEvalOptions {
  runId: string;
  prompt: PromptTemplate;
  /** Iterated lazily (and once more on resume, to count what is done): a file's cases are never all in memory. */
  cases: CaseList;
  targets: readonly EvalTarget[];
  /** Grader per case id (cases differ in graders); the same grader object may serve many cases. */
  graderFor: (testCase: EvalCase) => CaseGrader;
  store: ResultStore;
  repeats?: number;
  concurrency?: number;
  /** Skip work the store already holds for this run (answered calls; errored ones are made again). */
  resume?: boolean;
  /**
   * The run's spend cap across every invocation: no call is started that is expected (at this invocation's mean
   * spend per call) to take the run past it; calls in flight finish.
   */
  maxCostUsd?: number;
  /** What earlier invocations of this run spent (the store's sum); counts against `maxCostUsd`. */
  priorSpentUsd?: number;
  /** Above this share of calls ending in an error the run is `incomplete` (default 5%). */
  maxErrorShare?: number;
  useCache?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: EvalEvent) => void;
}

/** What a runner returns: the outcome, and what this invocation spent. */
export interface RunnerResult extends RunOutcome {
  runId: string;
  spentUsd: number;
  /** calls of this invocation (the models' and the judge's) that reported no token counts: charged an estimate */
  estimatedCalls: number;
}

/** A graded call, and how many of its calls (the model's, the judge's) were charged an estimate. */
interface CallOutcome {
  result: CaseResult;
  estimatedCalls: number;
}

interface WorkItem {
  testCase: EvalCase;
  target: EvalTarget;
  repeat: number;
}

function* workItems(options: RunEvalOptions, repeats: number): Generator<WorkItem> {
  for (const testCase of options.cases)
    for (const target of options.targets)
      for (let repeat = 0; repeat < repeats; repeat++) yield { testCase, target, repeat };
}

const responseShape = (value: unknown): value is TargetResponse =>
  typeof value === 'object' && value !== null && typeof (value as TargetResponse).text === 'string';

/**
 * The status of an invocation that made every call it set out to: incomplete when more than the allowed share of
 * the run's calls ended in an error, or when nothing was answered at all.
 */
export function finishedStatus(counts: { total: number; errors: number; maxErrorShare: number }): RunStatus {
  if (counts.total > 0 && (counts.errors === counts.total || counts.errors / counts.total > counts.maxErrorShare)) return 'incomplete';
  return 'completed';
}

/**
 * Runs every case against every target, grades each answer and records it in the store as soon as it is
 * graded, so an interrupted run can be resumed without calling anything that already finished. A call that
 * fails after its retries is recorded as an error (never as a fail), and a resume makes it again. Memory stays
 * flat in the number of cases: work is generated lazily and results are not kept here.
 */
export async function runEval(options: RunEvalOptions): Promise<RunnerResult> {
  const repeats = options.repeats ?? 1;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const emit = options.onEvent ?? (() => {});
  const useCache = options.useCache ?? true;
  const maxErrorShare = options.maxErrorShare ?? DEFAULT_MAX_ERROR_SHARE;
  const priorUsd = options.priorSpentUsd ?? 0;
  const completed = options.resume ? await options.store.completedKeys(options.runId) : new Set<string>();
  const total = options.cases.length * options.targets.length * repeats;
  const skipped = options.resume ? countSkipped(options, repeats, completed) : 0;
  emit({ type: 'start', runId: options.runId, total, skipped, resumed: Boolean(options.resume), priorUsd, maxCostUsd: options.maxCostUsd ?? null });

  const controller = new AbortController();
  // every call in flight listens on this signal (its deadline, a retry's wait): allow that many without a leak warning
  setMaxListeners(10 + concurrency * 4, controller.signal);
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let done = skipped;
  let spentUsd = 0;
  let estimatedCalls = 0;
  let calls = 0;
  let inFlight = 0;
  let failures = 0;
  let errors = 0;
  const state: { status: RunStatus } = { status: 'completed' };
  let fatal: unknown;
  const items = workItems(options, repeats);
  const writer = new ResultWriter(options.store);
  const cap = options.maxCostUsd;

  /**
   * Would starting one more call be expected to take the run past the cap? A call is expected to cost what the
   * run's calls so far cost on average (the earlier invocations' answered calls included); before any, nothing.
   */
  const overBudget = (): boolean => {
    if (cap === undefined) return false;
    const spent = priorUsd + spentUsd;
    const madeCalls = skipped + calls;
    const perCall = madeCalls === 0 ? 0 : spent / madeCalls;
    return spent >= cap || spent + (inFlight + 1) * perCall > cap;
  };

  const next = (): WorkItem | undefined => {
    if (state.status !== 'completed' || controller.signal.aborted) return undefined;
    for (;;) {
      const step = items.next();
      if (step.done) return undefined;
      if (completed.size !== 0 && completed.has(workKey(step.value.testCase.id, step.value.target.ref, step.value.repeat))) continue;
      if (overBudget()) {
        state.status = 'stopped-budget';
        emit({ type: 'budget-stop', spentUsd: priorUsd + spentUsd, maxCostUsd: cap! });
        return undefined;
      }
      return step.value;
    }
  };

  const worker = async () => {
    for (let item = next(); item; item = next()) {
      let outcome: CallOutcome;
      inFlight++;
      try {
        outcome = await runOne(item, options, controller.signal, useCache);
      } catch (error) {
        inFlight--;
        if (controller.signal.aborted) return;
        state.status = 'failed';
        fatal = error;
        controller.abort(error);
        return;
      }
      inFlight--;
      const result = outcome.result;
      if (controller.signal.aborted && result.error !== null) return; // an aborted call is not a result
      await writer.write(result); // a result is finished only once it is stored
      done++;
      calls++;
      spentUsd += result.spentUsd;
      estimatedCalls += outcome.estimatedCalls;
      if (result.error !== null) errors++;
      else if (!result.pass) failures++;
      emit({ type: 'result', result, done, total, spentUsd: priorUsd + spentUsd, failures, errors });
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (state.status === 'failed') throw fatal;
  if (state.status === 'completed') state.status = options.signal?.aborted ? 'aborted' : finishedStatus({ total, errors, maxErrorShare });
  emit({ type: 'finish', runId: options.runId, done, total, spentUsd: priorUsd + spentUsd, errors, status: state.status });
  return { runId: options.runId, status: state.status, done, total, skipped, errors, failures, maxErrorShare, spentUsd, estimatedCalls };
}

/**
 * A grading error that is a failed measurement, not a broken suite: a model call failed (only a judge makes
 * calls while grading), or the judge's verdict does not parse (askJudge's ValidationError on `verdict`).
 */
function isJudgeFailure(error: unknown): error is ParityError {
  if (error instanceof ValidationError) return error.field === 'verdict';
  return error instanceof ParityError && (error.code === 'provider' || error.code === 'timeout' || error.code === 'rate-limited' || error.code === 'auth');
}

function countSkipped(options: RunEvalOptions, repeats: number, completed: Set<string>): number {
  let count = 0;
  for (const item of workItems(options, repeats)) if (completed.has(workKey(item.testCase.id, item.target.ref, item.repeat))) count++;
  return count;
}

/** A call that gave nothing to grade: recorded with its error, pass false and score 0 (read only through `error`). */
function erroredResult(item: WorkItem, runId: string, error: CaseError, answer?: { response: TargetResponse; costUsd: number | null; spentUsd: number; cached: boolean }): CaseResult {
  // without an answer nothing was counted: its tokens are unknown
  return {
    runId,
    caseId: item.testCase.id,
    modelRef: item.target.ref,
    repeat: item.repeat,
    output: answer?.response.text ?? '',
    toolCalls: answer?.response.toolCalls ?? [],
    pass: false,
    score: 0,
    reason: error.kind === 'judge' ? 'the judge failed' : error.kind === 'grader' ? 'the grader failed' : 'the model call failed',
    graderDetails: null,
    inputTokens: answer?.response.inputTokens ?? null,
    outputTokens: answer?.response.outputTokens ?? null,
    costUsd: answer?.costUsd ?? null,
    spentUsd: answer?.spentUsd ?? 0,
    latencyMs: answer?.response.latencyMs ?? null,
    cached: answer?.cached ?? false,
    error,
  };
}

async function runOne(item: WorkItem, options: RunEvalOptions, signal: AbortSignal, useCache: boolean): Promise<CallOutcome> {
  const { testCase, target, repeat } = item;
  const messages = buildMessages(options.prompt, testCase.vars);
  const cacheable = useCache && target.cacheable !== false;
  const key = cacheable ? responseCacheKey({ ref: target.ref, messages, settings: target.settings, repeat }) : '';

  let response: TargetResponse | undefined;
  let cached = false;
  if (cacheable) {
    const hit = await options.store.cacheGet(key);
    if (responseShape(hit)) {
      response = hit;
      cached = true;
    }
  }
  if (!response) {
    try {
      response = await target.generate(messages, { signal, caseId: testCase.id });
    } catch (error) {
      if (!(error instanceof ParityError)) throw error; // a bug, not an upstream failure
      return { result: erroredResult(item, options.runId, callError(error)), estimatedCalls: 0 };
    }
    if (cacheable) await options.store.cacheSet(key, response);
  }
  // a cached answer costs nothing now; its recorded cost is what it cost when it was made. An answer without its
  // token counts has no cost, yet the budget is charged an estimate of it (charge.ts)
  const charge = await chargeOf(target, messages, response);
  const costUsd = charge.costUsd;
  const callSpend = cached ? 0 : charge.chargedUsd;
  const callEstimated = !cached && charge.estimated ? 1 : 0;
  const prompt = messages.map((message) => message.content).join('\n\n');
  let outcome;
  try {
    outcome = await options.graderFor(testCase).grade({
      caseId: testCase.id,
      vars: testCase.vars,
      expected: testCase.expected,
      prompt,
      response,
      costUsd,
      signal,
    });
  } catch (error) {
    // the judge's call failed, its verdict does not parse, or a grader could not grade this answer: no grade, and
    // an error of its own (a broken suite, a ConfigError, or a bug still ends the run)
    if (signal.aborted) throw error;
    const answer = { response, costUsd, spentUsd: callSpend, cached };
    if (error instanceof GraderError) return { result: erroredResult(item, options.runId, graderError(error, testCase.id), answer), estimatedCalls: callEstimated };
    if (!isJudgeFailure(error)) throw error;
    return { result: erroredResult(item, options.runId, judgeError(error), answer), estimatedCalls: callEstimated };
  }
  // Every field spelled out: built as `{ ...base, … }`, these results were promoted to V8's old generation
  // (about 3.7 KB per case in a sampling heap profile) and the heap grew with the number of cases.
  const result: CaseResult = {
    runId: options.runId,
    caseId: testCase.id,
    modelRef: target.ref,
    repeat,
    output: response.text,
    toolCalls: response.toolCalls,
    pass: outcome.pass,
    score: outcome.score,
    reason: outcome.reason,
    graderDetails: outcome.details,
    inputTokens: response.inputTokens,
    outputTokens: response.outputTokens,
    costUsd,
    spentUsd: callSpend + outcome.spentUsd,
    latencyMs: response.latencyMs,
    cached,
    error: null,
  };
  return { result, estimatedCalls: callEstimated + (outcome.estimatedCalls ?? 0) };
}
