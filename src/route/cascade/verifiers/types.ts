/** What a verifier sees and what it answers. */
import type { LanguageModel, Usage } from '../../../providers/index.js';

export interface VerifierInput {
  /** The request's text (its user turns), for judges. */
  prompt: string;
  /** The cheaper model's answer. */
  answer: string;
  /** The upstream's `choices[0].logprobs` (OpenAI shape), when it returned one. */
  logprobs?: unknown;
  /** The request's `response_format`, when it had one. */
  responseFormat?: unknown;
}

/**
 * `accept`: return the answer; `reject`: escalate. `error`: the verifier could not decide (no logprobs, a judge
 * that failed or answered nonsense) — its own outcome, never read as a pass or a fail; the cascade decides what
 * to do with it (escalate, by default).
 */
export const VERDICT_OUTCOMES = ['accept', 'reject', 'error'] as const;
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number];

export interface Verdict {
  outcome: VerdictOutcome;
  reason: string;
  /** The verifier's score (0..1, or a log-probability for `logprobs`), when it has one. */
  score?: number;
  /** Tokens a judge call used, to be priced and counted against the key's budget. */
  usage?: Usage;
  /** The judge model that was called (`<provider>/<model>`). */
  model?: string;
  /** The model id the judge's provider says answered (the gateway's judges report `<upstream>/<model>`). */
  answeredBy?: string;
}

export interface Verifier {
  readonly kind: string;
  verify(input: VerifierInput, options?: { signal?: AbortSignal }): Promise<Verdict>;
}

export interface VerifierContext {
  /** Where a custom verifier's module path is resolved from (the config file's folder). */
  baseDir?: string;
  /** Builds the judge model of an `llm-judge` verifier (default: src/providers' resolveLanguageModel). */
  resolveModel?: (ref: string) => LanguageModel;
}

export function verdict(outcome: VerdictOutcome, reason: string, extra: Omit<Verdict, 'outcome' | 'reason'> = {}): Verdict {
  return { outcome, reason, ...extra };
}
