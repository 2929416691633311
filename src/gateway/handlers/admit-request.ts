/**
 * The admit stage: the route decision (header, key route, rules, learned policy, alias/group/target), the
 * balancer's pick for a balanced group (its other members follow as fallbacks), then the key's rate limits and
 * the privacy rule and a cascade's streaming mode (route-plan.ts), the budget reservation for the most the request
 * can cost (on its chain, or over every step and judge of its cascade), and whether the cache may answer.
 */
import { canonicalRequest, isCacheable } from '../cache/response-cache.js';
import type { GatewayContext } from '../context.js';
import { planReservation, planRoute } from '../cascade/route-plan.js';
import type { VirtualKey } from '../keys/gateway-store.js';
import { balancedOrder, type BalancedGroup } from '../routing/balanced-groups.js';
import type { RouteDecision } from '../routing/router.js';
import type { CircuitState, KeyLimits } from '../state/gateway-state.js';
import { header, type ModelExchange } from './exchange.js';
import { policyMessages, requestedModel, type ParsedRequest } from './parse-request.js';

function limitsOf(key: VirtualKey): KeyLimits {
  return {
    keyId: key.id,
    budgetUsdTotal: key.budgetUsdTotal,
    budgetUsdDaily: key.budgetUsdDaily,
    rpm: key.rpm,
    tpm: key.tpm,
    spentUsdTotal: key.spentUsdTotal,
    spentUsdDay: key.spentUsdDay,
    usageDay: key.usageDay,
  };
}

/** A balanced group's chain for this request: open circuits are read once per member (one await with Redis). */
async function balance(context: GatewayContext, group: BalancedGroup, decision: RouteDecision): Promise<RouteDecision> {
  const now = Date.now();
  const states = group.chain.map((target) => context.state.circuitState(target.ref, now));
  const known: readonly CircuitState[] = states.some((state) => state instanceof Promise) ? await Promise.all(states) : (states as CircuitState[]);
  return { ...decision, chain: balancedOrder(group, (index) => known[index] === 'open') };
}

/** What the privacy rule reads (and redacts): the Chat Completions request every upstream gets, or the body as sent. */
function privacyBody(parsed: ParsedRequest): Record<string, unknown> {
  switch (parsed.surface) {
    case 'chat':
    case 'embeddings':
      return parsed.body;
    case 'messages':
    case 'responses':
      return parsed.chat;
    case 'count_tokens':
      return parsed.request;
  }
}

/** The body the cache key covers, when the cache may answer this request. */
function cacheBody(parsed: ParsedRequest): Record<string, unknown> | undefined {
  switch (parsed.surface) {
    case 'chat':
    case 'embeddings':
      return parsed.body;
    case 'messages':
      return parsed.request;
    default:
      return undefined;
  }
}

export async function admitRequest(context: GatewayContext, exchange: ModelExchange): Promise<void> {
  const parsed = exchange.request;
  const features = exchange.features;
  if (parsed === undefined || features === undefined) throw new Error('admit before parse');
  const key = exchange.key;
  const routed = parsed.surface === 'chat' || parsed.surface === 'messages' || parsed.surface === 'responses';
  const decided = context.router.decide({
    model: requestedModel(parsed),
    features: routed ? features : undefined,
    messages: policyMessages(parsed),
    keyId: key?.id,
    keyName: key?.name,
    header: header(exchange.incoming, 'x-parity-route'),
  });
  let decision = decided instanceof Promise ? await decided : decided;
  const group = context.balancedGroups.get(decision.route);
  if (group !== undefined) decision = await balance(context, group, decision);
  exchange.decision = decision;
  context.metrics.routeDecisions.labels(decision.route, decision.reason).inc();
  exchange.trace.route(decision.route, decision.reason);
  exchange.headers.push('x-parity-route', decision.route, 'x-parity-route-reason', decision.reason);
  const plan = planRoute(context, decision, privacyBody(parsed), { stream: features.stream, chat: routed, redactable: parsed.surface !== 'count_tokens' });
  exchange.plan = plan;
  if (key !== undefined) {
    const admitted = context.state.admit(
      limitsOf(key),
      { reserveUsd: planReservation(context, plan, features), promptTokens: features.promptTokens },
      Date.now(),
    );
    exchange.admission = admitted instanceof Promise ? await admitted : admitted;
  }
  if (context.cache !== undefined) {
    const body = cacheBody(parsed);
    if (body !== undefined && isCacheable(exchange.surface, body, header(exchange.incoming, 'cache-control'))) {
      exchange.cacheable = canonicalRequest(body);
      exchange.cacheStatus = 'miss';
    } else exchange.cacheStatus = 'bypass';
  }
}
