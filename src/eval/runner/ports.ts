/**
 * The narrow views of the other layers that the runner needs. The CLI (or a worker) adapts the real
 * providers, graders and store to these, so the runner can be driven by anything of the same shape.
 */
import type { CaseResult } from '../records/case-result.js';

export { workKey } from '../records/case-result.js';

export interface EvalCase {
  id: string;
  vars: Record<string, unknown>;
  expected?: unknown;
}

/**
 * The cases of a run: an array, or cases read afresh from their file on each iteration (a suite's CSV or JSONL),
 * so that a run of any size never holds every case at once. Iterated more than once (to plan, to run).
 */
export interface CaseList<Case extends EvalCase = EvalCase> extends Iterable<Case> {
  readonly length: number;
}

export interface EvalMessage {
  role: 'system' | 'user';
  content: string;
}

export interface TargetResponse {
  text: string;
  toolCalls: unknown[];
  /** As the provider reported them; null when it did not (no `usage`, or a count missing from it): unknown, never 0. */
  inputTokens: number | null;
  outputTokens: number | null;
  /** How long the call took; null when it was not measured (a replayed or recorded answer): unknown, never 0. */
  latencyMs: number | null;
}

export interface EvalTarget {
  ref: string;
  label: string;
  /** true open weights, false proprietary, null unknown */
  openWeights: boolean | null;
  price: { inputPerMtok: number; outputPerMtok: number; source: string } | null;
  /** Settings that change the answer and so belong in the cache key (temperature, max tokens…). */
  settings: Record<string, unknown>;
  /** false for targets whose answers are already recorded (replay, gold): nothing to gain from caching them. */
  cacheable?: boolean;
  /** `caseId` lets a replay target answer from recorded outputs keyed by case. */
  generate(messages: EvalMessage[], options: { signal: AbortSignal; caseId: string }): Promise<TargetResponse>;
}

/** What an answer costs at the target's price; null without a price or without both token counts (unknown, never $0). */
export function costOf(target: EvalTarget, response: Pick<TargetResponse, 'inputTokens' | 'outputTokens'>): number | null {
  if (!target.price || response.inputTokens === null || response.outputTokens === null) return null;
  return (response.inputTokens * target.price.inputPerMtok + response.outputTokens * target.price.outputPerMtok) / 1e6;
}

export interface GradeOutcome {
  pass: boolean;
  score: number;
  reason: string;
  details: unknown;
  /** What grading spent (a judge model's calls). */
  spentUsd: number;
  /** Of the judge's calls, those that reported no token counts (charged an estimate); absent: none. */
  estimatedCalls?: number;
}

export interface CaseGrader {
  grade(input: {
    caseId: string;
    vars: Record<string, unknown>;
    expected: unknown;
    prompt: string;
    response: TargetResponse;
    costUsd: number | null;
    signal: AbortSignal;
  }): Promise<GradeOutcome>;
}

export interface ResultStore {
  completedKeys(runId: string): Promise<Set<string>>;
  recordResult(result: CaseResult): Promise<void>;
  /** Optional: several results in one write (one transaction); the runner batches through it when present. */
  recordResults?(results: readonly CaseResult[]): Promise<void>;
  cacheGet(key: string): Promise<unknown | undefined>;
  cacheSet(key: string, value: unknown): Promise<void>;
}
