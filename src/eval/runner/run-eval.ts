import { setMaxListeners } from 'node:events';
import { ParityError } from '../../errors.js';
import { responseCacheKey } from './cache-key.js';
import type { EvalEvent, RunStatus } from './events.js';
import { buildMessages, type PromptTemplate } from './messages.js';
import { workKey, type CaseGrader, type CaseList, type EvalCase, type EvalTarget, type ResultStore, type TargetResponse } from './ports.js';
import { ResultWriter } from './result-writer.js';
import type { CaseResult } from './types.js';

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
  /** Skip work the store already holds for this run. */
  resume?: boolean;
  /** Stop scheduling new work once the spend reaches this. */
  maxCostUsd?: number;
  useCache?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: EvalEvent) => void;
}

export interface RunOutcome {
  runId: string;
  status: RunStatus;
  done: number;
  total: number;
  skipped: number;
  costUsd: number;
  failures: number;
}

interface WorkItem {
  testCase: EvalCase;
  target: EvalTarget;
  repeat: number;
}

function costOf(target: EvalTarget, response: TargetResponse): number | null {
  if (!target.price) return null;
  return (response.inputTokens * target.price.inputPerMtok + response.outputTokens * target.price.outputPerMtok) / 1e6;
}

function* workItems(options: RunEvalOptions, repeats: number): Generator<WorkItem> {
  for (const testCase of options.cases)
    for (const target of options.targets)
      for (let repeat = 0; repeat < repeats; repeat++) yield { testCase, target, repeat };
}

const responseShape = (value: unknown): value is TargetResponse =>
  typeof value === 'object' && value !== null && typeof (value as TargetResponse).text === 'string';

/**
 * Runs every case against every target, grades each answer and records it in the store as soon as it is
 * graded, so an interrupted run can be resumed without calling anything that already finished. Memory stays
 * flat in the number of cases: work is generated lazily and results are not kept here.
 */
export async function runEval(options: RunEvalOptions): Promise<RunOutcome> {
  const repeats = options.repeats ?? 1;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const emit = options.onEvent ?? (() => {});
  const useCache = options.useCache ?? true;
  const completed = options.resume ? await options.store.completedKeys(options.runId) : new Set<string>();
  const total = options.cases.length * options.targets.length * repeats;
  const skipped = options.resume ? countSkipped(options, repeats, completed) : 0;
  emit({ type: 'start', runId: options.runId, total, skipped, resumed: Boolean(options.resume) });

  const controller = new AbortController();
  // every call in flight listens on this signal (its deadline, a retry's wait): allow that many without a leak warning
  setMaxListeners(10 + concurrency * 4, controller.signal);
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let done = skipped;
  let costUsd = 0;
  let failures = 0;
  const state: { status: RunStatus } = { status: 'completed' };
  let fatal: unknown;
  const items = workItems(options, repeats);
  const writer = new ResultWriter(options.store);

  const next = (): WorkItem | undefined => {
    if (state.status !== 'completed' || controller.signal.aborted) return undefined;
    for (;;) {
      const step = items.next();
      if (step.done) return undefined;
      if (completed.size === 0 || !completed.has(workKey(step.value.testCase.id, step.value.target.ref, step.value.repeat))) return step.value;
    }
  };

  const worker = async () => {
    for (let item = next(); item; item = next()) {
      let result: CaseResult;
      try {
        result = await runOne(item, options, controller.signal, useCache);
      } catch (error) {
        if (controller.signal.aborted) return;
        state.status = 'failed';
        fatal = error;
        controller.abort(error);
        return;
      }
      if (controller.signal.aborted && result.error !== null) return; // an aborted call is not a result
      await writer.write(result); // a result is finished only once it is stored
      done++;
      costUsd += result.costUsd ?? 0;
      if (!result.pass) failures++;
      emit({ type: 'result', result, done, total, costUsd, failures });
      if (options.maxCostUsd !== undefined && costUsd >= options.maxCostUsd && state.status === 'completed') {
        state.status = 'stopped-budget';
        emit({ type: 'budget-stop', costUsd, maxCostUsd: options.maxCostUsd });
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (state.status === 'failed') throw fatal;
  if (state.status === 'completed' && options.signal?.aborted) state.status = 'aborted';
  emit({ type: 'finish', runId: options.runId, done, total, costUsd, status: state.status });
  return { runId: options.runId, status: state.status, done, total, skipped, costUsd, failures };
}

function countSkipped(options: RunEvalOptions, repeats: number, completed: Set<string>): number {
  let count = 0;
  for (const item of workItems(options, repeats)) if (completed.has(workKey(item.testCase.id, item.target.ref, item.repeat))) count++;
  return count;
}

async function runOne(item: WorkItem, options: RunEvalOptions, signal: AbortSignal, useCache: boolean): Promise<CaseResult> {
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
      return {
        runId: options.runId,
        caseId: testCase.id,
        modelRef: target.ref,
        repeat,
        output: '',
        toolCalls: [],
        pass: false,
        score: 0,
        reason: 'the model call failed',
        graderDetails: null,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        latencyMs: 0,
        cached: false,
        error: error.message,
      };
    }
    if (cacheable) await options.store.cacheSet(key, response);
  }
  // a cached answer costs nothing now; its recorded cost is what it cost when it was made
  const costUsd = costOf(target, response);
  const prompt = messages.map((message) => message.content).join('\n\n');
  const outcome = await options.graderFor(testCase).grade({
    caseId: testCase.id,
    vars: testCase.vars,
    expected: testCase.expected,
    prompt,
    response,
    costUsd,
    signal,
  });
  // Every field spelled out: built as `{ ...base, … }`, these results were promoted to V8's old generation
  // (about 3.7 KB per case in a sampling heap profile) and the heap grew with the number of cases.
  return {
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
    latencyMs: response.latencyMs,
    cached,
    error: null,
  };
}
