/**
 * Runs one request through a cascade: step 1 answers (a non-streaming call through the port, never written to
 * the client), the verifiers check the answer, and the answer is returned when they accept; otherwise — a
 * reject, a verifier that could not decide (unless `onVerifierError: accept`), or a step whose upstreams all
 * failed — the next step answers. The last step's answer is returned unchecked. Every call (answers and judge
 * calls) is recorded with its tokens and cost, so the caller can log, price and book all of them.
 *
 * The port (`AnswerStep`) is the only way out: the gateway implements it over its fallback chains and upstream
 * clients; tests implement it with a function.
 */
import type { ParityError } from '../../errors.js';
import type { Verdict, Verifier } from '../../route/cascade/verifiers/types.js';
import type { RequestLogCall } from '../../store/records.js';
import type { Target } from '../routing/route-table.js';
import type { TokenUsage } from '../stream/usage.js';
import { answerText, type ChatCompletion } from './chat-completion.js';

export interface CascadeStep {
  /** The group, alias or target the step was configured as. */
  readonly name: string;
  readonly chain: readonly Target[];
}

export interface StepAnswer {
  /** The target of the step's chain that answered. */
  target: Target;
  status: number;
  completion: ChatCompletion;
  /** The completion's bytes as the upstream (or adapter) produced them. */
  bytes: Buffer;
  usage: TokenUsage | undefined;
  /** performance.now() when its first byte arrived. */
  firstByteAt: number | undefined;
}

export type StepResult = { ok: true; answer: StepAnswer } | { ok: false; error: ParityError; target: Target | undefined };

/** The port: one non-streaming call of one step (over its fallback chain), not written to the client. */
export type AnswerStep = (step: CascadeStep, signal: AbortSignal) => Promise<StepResult>;

/** One call the cascade made: the request log's record of it (store/records.ts owns the shape). */
export type CascadeCall = RequestLogCall;

export interface CascadePlan {
  readonly name: string;
  readonly steps: readonly CascadeStep[];
  readonly verifiers: readonly Verifier[];
  readonly onVerifierError: 'escalate' | 'accept';
}

export interface CascadeRequest {
  /** The request's text (its user turns), for judges. */
  prompt: string;
  responseFormat: unknown;
}

export interface CascadeHooks {
  answer: AnswerStep;
  /** The cost of a call to `target` (undefined: no price). */
  cost(target: Target, usage: TokenUsage): number | undefined;
  /** The target a judge call went to, from the verdict's `answeredBy` (`<upstream>/<model>`). */
  judgeTarget(answeredBy: string | undefined): Target | undefined;
  /**
   * What the budget is charged for a call to `target` that answered without reporting its usage (its cost is
   * unknown): a conservative estimate, e.g. the most the call could cost; undefined when there is none (no price).
   */
  unmeteredCharge(target: Target, role: 'answer' | 'verifier'): number | undefined;
  now?: () => number;
}

export interface CascadeOutcome {
  /** The answer returned, or the last step's failure. */
  result: StepResult;
  /** 1-based step that answered (or failed last). */
  step: number;
  /** Per step, what happened: `json=accept`, `json=reject`, `llm-judge=error`, `upstream-error`, `last`. */
  path: string[];
  calls: CascadeCall[];
  /** The sum of every call's cost; null when any call's cost is unknown. */
  costUsd: number | null;
  /**
   * What the budget is charged: the known costs, plus for each call that answered without usage its
   * `unmeteredCharge` — an unknown cost is never free.
   */
  chargedUsd: number;
  /** Tokens over every call. */
  inputTokens: number;
  outputTokens: number;
}

/** A call as logged, and what the budget is charged for it (its cost, else an estimate when it reported no usage, else 0). */
interface BookedCall {
  call: CascadeCall;
  chargedUsd: number;
}

function answerCall(step: number, result: StepResult, latencyMs: number, hooks: CascadeHooks): BookedCall {
  if (!result.ok) {
    // a call that failed reported no usage, and nothing known was spent
    return { call: { role: 'answer', step, upstream: result.target?.upstream ?? null, model: result.target?.model ?? null, inputTokens: null, outputTokens: null, costUsd: null, latencyMs, outcome: 'error', reason: result.error.message }, chargedUsd: 0 };
  }
  const { target, usage } = result.answer;
  const cost = usage === undefined ? undefined : hooks.cost(target, usage);
  const call: CascadeCall = { role: 'answer', step, upstream: target.upstream, model: target.model, inputTokens: usage?.promptTokens ?? null, outputTokens: usage?.completionTokens ?? null, costUsd: cost ?? null, latencyMs, outcome: 'ok' };
  // no usage: the cost stays unknown in the log, and the budget is charged what the call could have cost
  return { call, chargedUsd: cost ?? (usage === undefined ? (hooks.unmeteredCharge(target, 'answer') ?? 0) : 0) };
}

function verifierCall(step: number, kind: string, verdict: Verdict, latencyMs: number, hooks: CascadeHooks): BookedCall {
  const call: CascadeCall = { role: 'verifier', step, verifier: kind, upstream: null, model: null, inputTokens: null, outputTokens: null, costUsd: null, latencyMs, outcome: verdict.outcome, reason: verdict.reason };
  if (verdict.score !== undefined) call.score = verdict.score;
  if (verdict.model === undefined) {
    call.costUsd = 0; // a local check: no model called
    return { call, chargedUsd: 0 };
  }
  const target = hooks.judgeTarget(verdict.answeredBy);
  call.upstream = target?.upstream ?? null;
  call.model = target?.model ?? verdict.model;
  const usage = verdict.usage;
  if (usage?.inputTokens === undefined) {
    // the judge answered without usage: unknown in the log, its bound charged to the budget
    return { call, chargedUsd: target === undefined ? 0 : (hooks.unmeteredCharge(target, 'verifier') ?? 0) };
  }
  const tokens = { promptTokens: usage.inputTokens, completionTokens: usage.outputTokens ?? 0 };
  call.inputTokens = tokens.promptTokens;
  call.outputTokens = tokens.completionTokens;
  call.costUsd = target === undefined ? null : (hooks.cost(target, tokens) ?? null);
  return { call, chargedUsd: call.costUsd ?? 0 };
}

export async function runCascade(plan: CascadePlan, request: CascadeRequest, hooks: CascadeHooks, signal: AbortSignal): Promise<CascadeOutcome> {
  const now = hooks.now ?? (() => performance.now());
  const calls: CascadeCall[] = [];
  let chargedUsd = 0;
  const book = (booked: BookedCall) => {
    calls.push(booked.call);
    chargedUsd += booked.chargedUsd;
  };
  const path: string[] = [];
  let result: StepResult | undefined;
  let index = 0;
  for (; index < plan.steps.length; index++) {
    const step = plan.steps[index] as CascadeStep;
    const last = index === plan.steps.length - 1;
    const started = now();
    result = await hooks.answer(step, signal);
    book(answerCall(index + 1, result, now() - started, hooks));
    if (!result.ok) {
      path.push('upstream-error');
      if (last || signal.aborted) break;
      continue;
    }
    if (last) {
      path.push('last');
      break;
    }
    const { text, logprobs } = answerText(result.answer.completion);
    let decided: 'accept' | 'escalate' = 'accept';
    for (const verifier of plan.verifiers) {
      const checkStarted = now();
      const verdict = await verifier.verify({ prompt: request.prompt, answer: text, logprobs, responseFormat: request.responseFormat }, { signal });
      book(verifierCall(index + 1, verifier.kind, verdict, now() - checkStarted, hooks));
      path.push(`${verifier.kind}=${verdict.outcome}`);
      if (verdict.outcome === 'reject' || (verdict.outcome === 'error' && plan.onVerifierError === 'escalate')) {
        decided = 'escalate';
        break;
      }
    }
    if (decided === 'accept' || signal.aborted) break;
  }
  let known = 0;
  let unknown = false;
  let inputTokens = 0;
  let outputTokens = 0;
  for (const call of calls) {
    inputTokens += call.inputTokens ?? 0;
    outputTokens += call.outputTokens ?? 0;
    if (call.costUsd === null) {
      // a call that failed reported no usage (nothing known was spent); one that answered without a price or usage is unknown
      if (call.outcome !== 'error') unknown = true;
    } else known += call.costUsd;
  }
  return {
    result: result as StepResult,
    step: Math.min(index, plan.steps.length - 1) + 1,
    path,
    calls,
    costUsd: unknown ? null : known,
    chargedUsd,
    inputTokens,
    outputTokens,
  };
}
