/**
 * The shapes every grader shares: what it is given (the model's answer plus the case), what it may use (the
 * context: a judge, a base directory, an abort signal) and what it returns.
 */

/** One tool call the model made, as the provider reported it. */
export interface GradeToolCall {
  name: string;
  /** Arguments as the model sent them (usually a JSON string). */
  arguments: string;
}

/** What a grader looks at: the model's answer and the case it answered. */
export interface GradeInput {
  /** The model's text output. */
  text: string;
  toolCalls?: readonly GradeToolCall[];
  latencyMs?: number;
  costUsd?: number;
  /** The prompt the model was given (pairwise judges and IFEval's repeat-the-prompt check use it). */
  prompt?: string;
  /** The case's variables. */
  vars?: Readonly<Record<string, unknown>>;
  /** The case's expected value (a reference answer, a number, a JSON value). */
  expected?: unknown;
}

/** The result of one grader on one output. `score` is in 0..1. */
export interface GradeResult {
  pass: boolean;
  score: number;
  reason: string;
  details?: Readonly<Record<string, unknown>>;
}

/** A model used as a judge; injected so the graders do not depend on a provider API. */
export interface Judge {
  generate(prompt: string, options?: { signal?: AbortSignal }): Promise<string>;
}

/** Runs `task` under a concurrency limit (see `sandbox/limiter.ts`). */
export interface TaskLimiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export interface GradeContext {
  /** Required by `llm-rubric` and `pairwise`; they throw a ConfigError without it. */
  judge?: Judge;
  /** Directory that relative paths in grader configs (custom modules) are resolved against. Default: cwd. */
  baseDir?: string;
  signal?: AbortSignal;
  /** Limits how many code-execution sandboxes run at once. Default: the shared sandbox limiter. */
  limiter?: TaskLimiter;
}

/** A grader for one config shape. */
export type Grader<Config> = (input: GradeInput, config: Config, context: GradeContext) => Promise<GradeResult>;

/** A pass/fail result with score 1 or 0. */
export function verdict(pass: boolean, reason: string, details?: Record<string, unknown>): GradeResult {
  return details === undefined ? { pass, score: pass ? 1 : 0, reason } : { pass, score: pass ? 1 : 0, reason, details };
}

/** Expected value as text, or undefined when the case has none. */
export function expectedText(expected: unknown): string | undefined {
  if (expected === undefined || expected === null) return undefined;
  if (typeof expected === 'string') return expected;
  if (typeof expected === 'number' || typeof expected === 'boolean' || typeof expected === 'bigint') return String(expected);
  return JSON.stringify(expected);
}
