/**
 * The finish stage, run exactly once per model request whatever happened: settles the budget reservation with
 * the real cost, records metrics, ends the trace and queues the one request-log entry.
 */
import type { GatewayContext } from '../context.js';
import { costUsd, type UnitPrice } from '../cost/price-table.js';
import { toErrorResponse } from '../errors/openai-error.js';
import { cascadeBooking } from '../cascade/route-plan.js';
import type { RouteDecision } from '../routing/router.js';
import type { ModelExchange } from './exchange.js';

/** The decision's reason as logged: ` score=…` for a policy's score, ` cache=hit` for an answer from the cache. */
function routeReasonOf(decision: RouteDecision | undefined, hit: boolean, note: string): string | null {
  if (decision === undefined) return null;
  const reason = (decision.score === undefined ? decision.reason : `${decision.reason} score=${decision.score.toFixed(3)}`) + note;
  return hit ? `${reason} cache=hit` : reason;
}

export function finishRequest(context: GatewayContext, exchange: ModelExchange): void {
  const { metrics } = context;
  const now = performance.now();
  const { target, progress, features } = exchange;
  const price: UnitPrice | undefined = target === undefined ? undefined : context.prices.priceFor(target);
  const hit = exchange.cacheStatus === 'hit';
  // a cascade: every call's tokens and cost (cascade/route-plan.ts)
  const booking = exchange.cascaded === undefined ? undefined : cascadeBooking(exchange.cascaded, context.config.logging.bodies);
  const usage = hit ? undefined : (booking?.usage ?? progress.usage);
  let cost: number | undefined;
  if (hit || exchange.surface === 'count_tokens') cost = 0; // counting tokens generates none and is not billed
  else if (booking !== undefined) cost = booking.costUsd ?? undefined;
  else if (usage !== undefined) cost = costUsd(price, usage.promptTokens, usage.completionTokens);
  else if (progress.status !== undefined && features !== undefined) {
    // answered without usage (or cut midway): charge an estimate rather than nothing
    cost = costUsd(price, features.promptTokens, Math.max(0, progress.events - 1));
  }
  if (exchange.admission !== undefined) {
    const tokens = usage === undefined ? 0 : usage.promptTokens + usage.completionTokens;
    void context.state.settle(exchange.admission, booking?.chargedUsd ?? cost ?? 0, tokens, Date.now());
  }
  if (exchange.cacheStatus !== undefined) metrics.cache.labels(exchange.cacheStatus).inc();

  const upstreamLabel = target?.upstream ?? 'none';
  const surface = exchange.surface;
  metrics.requests.labels(surface, upstreamLabel, String(exchange.status)).inc();
  metrics.latency.labels(surface, upstreamLabel).observe((now - exchange.startedAt) / 1000);
  const ttftMs = progress.firstByteAt === undefined ? undefined : progress.firstByteAt - exchange.startedAt;
  if (ttftMs !== undefined && features?.stream === true) metrics.timeToFirstToken.labels(upstreamLabel).observe(ttftMs / 1000);
  if (usage !== undefined) {
    metrics.tokens.labels(upstreamLabel, 'prompt').inc(usage.promptTokens);
    metrics.tokens.labels(upstreamLabel, 'completion').inc(usage.completionTokens);
  }
  if (cost !== undefined && cost > 0) metrics.cost.labels(upstreamLabel).inc(cost);
  let errorText: string | undefined;
  if (exchange.failure !== undefined) {
    const mapped = exchange.status === 499 ? undefined : toErrorResponse(exchange.failure);
    metrics.errors.labels(mapped?.body.error.code ?? 'client_closed').inc();
    errorText = mapped?.body.error.message ?? 'the client closed the connection';
  }

  const entry = {
    id: exchange.id,
    ts: new Date(Date.now() - (now - exchange.startedAt)).toISOString(),
    keyId: exchange.key?.id ?? null,
    routeDecision: exchange.decision?.route ?? null,
    routeReason: routeReasonOf(exchange.decision, hit, exchange.plan?.note ?? ''),
    upstream: target?.upstream ?? null,
    model: target?.model ?? null,
    status: exchange.status,
    inputTokens: usage?.promptTokens ?? null,
    outputTokens: usage?.completionTokens ?? null,
    costUsd: cost ?? null,
    latencyMs: now - exchange.startedAt,
    ttftMs: ttftMs ?? null,
    requestBody: exchange.requestText ?? null,
    responseBody: progress.responseBody ?? null,
    error: errorText ?? null,
    calls: booking?.calls ?? null,
    privacy: exchange.plan?.privacy?.record ?? null,
  };
  context.log.append(entry);
  exchange.trace.end(entry);
  context.inFlight--;
  metrics.inFlight.labels().dec();
}
