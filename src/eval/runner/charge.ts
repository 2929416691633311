/**
 * What a call is charged against the run's budget. An answer with its token counts: its cost at the model's
 * price. An answer without them (the provider sent no `usage`, or only part of it) has an unknown cost, yet it
 * was spent: it is charged an estimate, as the gateway does, so a budget is never undercounted — the prompt's
 * tokens counted from its text, the output's at the call's `maxTokens` (its bound, hidden reasoning included),
 * or the answer's text counted when that is more or there is no `maxTokens`. A model without a price is
 * charged nothing (a self-hosted one costs no API money); its cost stays unknown.
 */
import { tokenCounter } from '../token-count.js';
import type { CaseResult } from '../records/case-result.js';
import { costOf, type EvalMessage, type EvalTarget, type TargetResponse } from './ports.js';

export interface Charge {
  /** the answer's cost; null without a price or without its token counts */
  costUsd: number | null;
  /** what the budget is charged: the cost, else the estimate, else 0 without a price */
  chargedUsd: number;
  /** the charge is an estimate (the answer came without its token counts) */
  estimated: boolean;
}

function maxTokensOf(target: EvalTarget): number | undefined {
  const value = target.settings.maxTokens;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The cost of one answer and what the budget is charged for it. */
export async function chargeOf(target: EvalTarget, messages: readonly EvalMessage[], response: TargetResponse): Promise<Charge> {
  const costUsd = costOf(target, response);
  if (costUsd !== null) return { costUsd, chargedUsd: costUsd, estimated: false };
  if (target.price === null) return { costUsd: null, chargedUsd: 0, estimated: false };
  const counter = await tokenCounter();
  const answerText = response.toolCalls.length === 0 ? response.text : `${response.text}${JSON.stringify(response.toolCalls)}`;
  const estimate = {
    inputTokens: response.inputTokens ?? counter.chat(messages),
    // another tokenizer than the model's may count its answer above its maxTokens: the larger of the two
    outputTokens: response.outputTokens ?? Math.max(maxTokensOf(target) ?? 0, counter.text(answerText)),
  };
  return { costUsd: null, chargedUsd: costOf(target, estimate) ?? 0, estimated: true };
}

/**
 * Whether a stored result's model call was charged an estimate (for a runner that reads results back rather than
 * making the calls): a call really made (not from the cache) of a model with a price, that gave an answer (an
 * error of its grading or judge keeps the answer; a failed call has none) without both of its token counts.
 */
export function chargedAnEstimate(result: Pick<CaseResult, 'cached' | 'inputTokens' | 'outputTokens' | 'error'>, target: Pick<EvalTarget, 'price'>): boolean {
  const answered = result.error === null || result.error.kind === 'judge' || result.error.kind === 'grader';
  return answered && !result.cached && target.price !== null && (result.inputTokens === null || result.outputTokens === null);
}
