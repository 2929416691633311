/**
 * Between routing and dispatch: what a routed request will actually do — walk a chain, or run a cascade —
 * after the privacy rule (pin or redact) and a cascade's streaming mode had their say. Kept apart from the
 * handler so the dispatch stage only branches on the plan.
 */
import { ValidationError } from '../../errors.js';
import type { GatewayContext } from '../context.js';
import { costUsd } from '../cost/price-table.js';
import type { RequestFeatures } from '../request/chat-request.js';
import type { RouteDecision } from '../routing/router.js';
import type { Target } from '../routing/route-table.js';
import { applyPrivacy, type PrivacyDecision } from '../privacy/apply-privacy.js';
import { cascadeReservation, type GatewayCascade } from './build-cascades.js';
import type { CascadeOutcome } from './run-cascade.js';
import { directStep } from './serve-cascade.js';

export interface RoutePlan {
  /** The chain a plain dispatch walks (a cascade's: every step's targets). */
  chain: readonly Target[];
  /** Run this cascade instead of walking the chain. */
  cascade: GatewayCascade | undefined;
  privacy: PrivacyDecision | undefined;
  /** Added to the logged route reason: ` privacy=pin`, ` cascade=stream-first`. */
  note: string;
}

/**
 * `request.chat`: a chat-like request (cascades answer only those); `request.redactable`: false when the body
 * cannot be sent redacted (count_tokens would count the wrong text) — under `redact`, such a request with
 * personal data is pinned instead.
 */
export function planRoute(context: GatewayContext, decision: RouteDecision, body: Record<string, unknown>, request: { stream: boolean; chat: boolean; redactable?: boolean }): RoutePlan {
  const { stream } = request;
  let cascade = context.cascades.get(decision.route);
  if (cascade !== undefined && !request.chat) throw new ValidationError(`"${decision.route}" is a cascade; cascades answer chat requests only`, 'model');
  let chain = decision.chain;
  let note = '';
  const privacy = context.privacy === undefined ? undefined : applyPrivacy(context.privacy, body, decision.route, chain, cascade, request.redactable === false ? 'pin' : context.privacy.action);
  if (privacy !== undefined) {
    note += ` privacy=${privacy.record.action}`;
    if (privacy.chain !== undefined) {
      chain = privacy.chain;
      cascade = undefined;
    } else if (privacy.cascade !== undefined) cascade = privacy.cascade;
  }
  if (cascade !== undefined) {
    const direct = directStep(cascade, stream);
    if (direct !== undefined) {
      note += ` cascade=stream-${cascade.config.streaming}`;
      chain = direct.chain;
      cascade = undefined;
    }
  }
  return { chain, cascade, privacy, note };
}

/** The budget reservation of a plan: a cascade's every step and judge, else the chain's dearest target. */
export function planReservation(context: GatewayContext, plan: RoutePlan, features: RequestFeatures): number {
  if (plan.cascade !== undefined) return cascadeReservation(plan.cascade, context.config, context.prices, features);
  let most = 0;
  for (const target of plan.chain) {
    const upstream = context.config.upstreams[target.upstream];
    if (upstream === undefined) continue;
    most = Math.max(most, costUsd(context.prices.priceFor(target), features.promptTokensBound, features.maxOutputTokens ?? upstream.maxOutputTokens) ?? 0);
  }
  return most;
}

/**
 * What the finish stage books for a cascade: the cost (null when any call's is unknown) and what the budget is
 * charged (every known cost, and a bound for each call that answered without usage), the tokens of every call, and the calls as logged — a judge's free-text reason
 * only when bodies are logged (it may quote the request).
 */
export function cascadeBooking(outcome: CascadeOutcome, keepReasons: boolean) {
  const calls = outcome.calls.map((call) => {
    if (keepReasons || call.role === 'answer' || call.model === null) return call;
    const { reason: _reason, ...rest } = call;
    return rest;
  });
  return { costUsd: outcome.costUsd, chargedUsd: outcome.chargedUsd, usage: { promptTokens: outcome.inputTokens, completionTokens: outcome.outputTokens }, calls };
}
