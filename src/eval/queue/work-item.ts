/**
 * Runs one work item of a plan (a case, a model, a repeat) through the same runner as a local run — prompt
 * rendering, cache, model call, grading, cost, recording — by handing `runEval` a one-case, one-target slice of
 * the plan and a store view that reports every other repeat as already done.
 */
import { NotFoundError } from '../../errors.js';
import type { EvalPlan } from '../evaluate.js';
import { runEval } from '../runner/run-eval.js';
import { workKey, type EvalCase, type EvalTarget, type ResultStore } from '../runner/ports.js';
import type { CaseResult } from '../records/case-result.js';
import type { WorkJob } from './queue-names.js';

/** A plan with its cases and targets indexed, built once per run on a worker. */
export interface IndexedPlan {
  plan: EvalPlan;
  cases: ReadonlyMap<string, EvalCase>;
  targets: ReadonlyMap<string, EvalTarget>;
}

export function indexPlan(plan: EvalPlan): IndexedPlan {
  return {
    plan,
    cases: new Map(Array.from(plan.cases, (testCase) => [testCase.id, testCase])),
    targets: new Map(plan.targets.map((target) => [target.ref, target])),
  };
}

/**
 * Runs the item and records its result in `store`; returns the recorded result. Throws what the runner throws
 * (a bug or a store failure), so the queue retries the job.
 */
export async function runWorkItem(indexed: IndexedPlan, item: WorkJob, store: ResultStore, useCache: boolean): Promise<CaseResult> {
  const testCase = indexed.cases.get(item.caseId);
  const target = indexed.targets.get(item.modelRef);
  if (!testCase) throw new NotFoundError(`run ${item.runId} has no case "${item.caseId}"`);
  if (!target) throw new NotFoundError(`run ${item.runId} has no model "${item.modelRef}"`);
  const repeats = indexed.plan.repeats;
  if (item.repeat >= repeats) throw new NotFoundError(`run ${item.runId} has ${repeats} repeat(s); there is no repeat ${item.repeat}`);
  const others = new Set<string>();
  for (let repeat = 0; repeat < repeats; repeat++) if (repeat !== item.repeat) others.add(workKey(testCase.id, target.ref, repeat));

  let recorded: CaseResult | undefined;
  const slice: ResultStore = {
    completedKeys: async () => others,
    recordResult: async (result) => {
      await store.recordResult(result);
      recorded = result;
    },
    cacheGet: (key) => store.cacheGet(key),
    cacheSet: (key, value) => store.cacheSet(key, value),
  };
  await runEval({
    runId: item.runId,
    prompt: indexed.plan.prompt,
    cases: [testCase],
    targets: [target],
    graderFor: indexed.plan.graderFor,
    store: slice,
    repeats,
    concurrency: 1,
    resume: true,
    useCache,
  });
  if (!recorded) throw new Error(`the runner recorded no result for ${workKey(item.caseId, item.modelRef, item.repeat)}`);
  return recorded;
}
