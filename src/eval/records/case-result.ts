/**
 * One case asked of one model (one repeat), graded: the eval's unit of result. The runner builds it, the store
 * keeps it (validating it with this schema at its edge), reports and the dashboard read it back — one shape,
 * declared here. The store adds only when it recorded the row.
 */
import { z } from 'zod';

/**
 * Why a call gave no answer to grade, after its retries: nothing listening or the connection broke, no progress
 * within the timeout, the provider's server failed (5xx), rate limits that outlasted the retries, a key the
 * provider refused, a request the provider's API refused (another 4xx), the judge that grades the answer
 * failed (its call, or a verdict that does not parse), or a grader could not grade the answer (a custom grader
 * threw, a latency or cost grader met an answer with none measured).
 */
export const ERROR_KINDS = ['connection', 'timeout', 'server', 'rate-limited', 'auth', 'refused', 'judge', 'grader', 'other'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const caseErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  /** What the run's errors are grouped by: "connection refused to 127.0.0.1:11434", "HTTP 503". */
  cause: z.string().min(1).max(500),
  /** The error as the provider or the transport gave it. */
  message: z.string(),
});
export type CaseError = z.infer<typeof caseErrorSchema>;

const id = z.string().min(1).max(512);
const count = z.number().int().nonnegative();
const amount = z.number().finite().nonnegative();

export const caseResultSchema = z.object({
  runId: id,
  caseId: id,
  modelRef: z.string().min(1),
  repeat: count,
  output: z.string(),
  toolCalls: z.array(z.unknown()),
  /** Graded only when `error` is null: an error is its own outcome, never a fail (pass false, score 0 then). */
  pass: z.boolean(),
  score: z.number().finite(),
  reason: z.string(),
  graderDetails: z.unknown(),
  /** As the provider reported them; null when it did not (no usage, a count missing, no answer): unknown, never 0. */
  inputTokens: count.nullable(),
  outputTokens: count.nullable(),
  /**
   * What the answer costs at the model's price (a cached answer: what it cost when it was made); null without a
   * price or without both token counts.
   */
  costUsd: amount.nullable(),
  /**
   * What this call spent in this run: the model call unless answered from the cache, plus the judge's calls. A
   * call without its token counts is charged an estimate of its cost (runner/charge.ts), never nothing.
   */
  spentUsd: amount,
  /** How long the call took; null when not measured (a replayed or recorded answer, an error): left out of latency figures. */
  latencyMs: z.number().finite().nonnegative().nullable(),
  cached: z.boolean(),
  error: caseErrorSchema.nullable(),
});
export type CaseResult = z.infer<typeof caseResultSchema>;

/** A result without its texts (output, reason, tool calls, grader details): what a run's summary reads. */
export type CaseFigures = Omit<CaseResult, 'runId' | 'output' | 'toolCalls' | 'reason' | 'graderDetails'>;

/** The identity of one unit of work: a case asked of a model, for one repeat. */
export function workKey(caseId: string, modelRef: string, repeat: number): string {
  return JSON.stringify([caseId, modelRef, repeat]);
}
