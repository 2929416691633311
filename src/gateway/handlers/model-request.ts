/**
 * Every model route (`POST /v1/chat/completions`, `/v1/embeddings`, `/v1/messages`, `/v1/messages/count_tokens`,
 * `/v1/responses`) is the same four stages over one exchange:
 *
 *   parse    (parse-request.ts)  guard and key from the headers, then the body, validated and translated once
 *   admit    (admit-request.ts)  route decision, balancer pick, rate limits and budget reservation, cacheability
 *   dispatch (dispatch.ts)       one attempt at one target, called by the fallback walk per try
 *   finish   (finish-request.ts) settle, metrics, trace, exactly one request-log entry — in the `finally`
 *
 * Errors before the answer started are sent here, in the surface's error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cacheKey } from '../cache/response-cache.js';
import type { GatewayContext } from '../context.js';
import { ClientClosedError, closeUnlessDrained } from '../http/body-reader.js';
import { sendError } from '../http/io.js';
import type { Target } from '../routing/route-table.js';
import { NOOP_TELEMETRY } from '../telemetry/telemetry.js';
import { isRetryable, runWithFallback, type AttemptResult } from '../upstream/fallback.js';
import { dispatchCascade } from '../cascade/cascade-stage.js';
import { admitRequest } from './admit-request.js';
import { dispatch } from './dispatch.js';
import { header, openExchange, type ModelExchange } from './exchange.js';
import { finishRequest } from './finish-request.js';
import { parseRequest, requestedModel, type ResponsesParsed } from './parse-request.js';
import { keepResponse } from './response-store.js';
import { SURFACES, type SurfaceName } from './surfaces.js';

/**
 * A `store: true` response is written after its answer was sent; until the write is done, a request continuing
 * from it waits for it (`loadConversation`), so a client that asks again at once never gets a 404.
 */
function keep(context: GatewayContext, parsed: ResponsesParsed, keyId: string | null): void {
  const id = parsed.answer?.id;
  if (id === undefined) return;
  const write = keepResponse(context.store, parsed, keyId).catch((error: unknown) => context.reportError(error));
  context.responseWrites.set(id, write);
  void write.finally(() => context.responseWrites.delete(id));
}

const NOOP_TRACE = NOOP_TELEMETRY.startRequest('chat', 'chat', '', undefined);

/** GenAI provider names of the upstream kinds, for traces. */
const PROVIDER_NAMES = { 'openai-compatible': 'openai', anthropic: 'anthropic', google: 'gcp.gemini' } as const;

/** One try: dispatch, with the balancer told when it starts and ends and the trace given its span. */
async function attempt(context: GatewayContext, exchange: ModelExchange, target: Target, tries: { count: number }): Promise<AttemptResult<number>> {
  const group = exchange.decision === undefined ? undefined : context.balancedGroups.get(exchange.decision.route);
  const index = group === undefined ? -1 : group.indexOf(target.ref);
  if (index >= 0) group?.balancer.started(index);
  tries.count += 1;
  const kind = context.config.upstreams[target.upstream]?.kind ?? 'openai-compatible';
  const span = exchange.trace.attempt(target.upstream, PROVIDER_NAMES[kind], target.model, tries.count);
  if (context.telemetry.enabled) exchange.traceparent = span.traceparent();
  const startedAt = performance.now();
  let result: AttemptResult<number> | undefined;
  try {
    result = await dispatch(context, exchange, target);
    return result;
  } finally {
    const ok = result?.ok === true;
    if (index >= 0) group?.balancer.finished(index, (exchange.progress.firstByteAt ?? performance.now()) - startedAt, ok);
    if (ok) span.end('ok', exchange.progress.status);
    else if (result !== undefined && !result.ok) {
      span.end(exchange.abort.aborted ? 'aborted' : result.committed || !isRetryable(result.error) ? 'fail' : 'retry', exchange.progress.status, result.error.code);
    } else span.end('fail', undefined);
  }
}

export async function serveModelRequest(context: GatewayContext, surface: SurfaceName, incoming: IncomingMessage, response: ServerResponse): Promise<void> {
  const exchange = openExchange(surface, incoming, response, NOOP_TRACE);
  const { metrics, config } = context;
  context.inFlight++;
  metrics.inFlight.labels().inc();
  const onClose = (): void => {
    if (!response.writableFinished) exchange.abort.abort();
  };
  response.once('close', onClose);
  const errors = SURFACES[surface].errors;
  try {
    await parseRequest(context, exchange);
    if (context.telemetry.enabled && exchange.request !== undefined) {
      exchange.trace = context.telemetry.startRequest(SURFACES[surface].operation, surface, requestedModel(exchange.request), header(incoming, 'traceparent'));
    }
    await admitRequest(context, exchange);
    const decision = exchange.decision;
    if (decision === undefined) throw new Error('no route decision');
    const plan = exchange.plan;
    if (plan?.cascade !== undefined) {
      const answered = await dispatchCascade(context, exchange, plan.cascade, errors);
      const parsed = exchange.request;
      if (answered && parsed?.surface === 'responses' && parsed.request.store === true) keep(context, parsed, exchange.key?.id ?? null);
      return;
    }
    const tries = { count: 0 };
    const outcome = await runWithFallback(plan?.chain ?? decision.chain, (target) => attempt(context, exchange, target, tries), {
      retry: config.retry,
      state: context.state,
      metrics,
      signal: exchange.abort,
    });
    const cache = context.cache;
    const progress = exchange.progress;
    if (outcome.ok && cache !== undefined && exchange.cacheable !== undefined && exchange.cacheStatus === 'miss' && outcome.value === 200 && progress.captured !== undefined) {
      const scope = config.cache?.scope === 'shared' ? '' : (exchange.key?.id ?? '');
      cache.set(cacheKey({ endpoint: surface, upstream: outcome.target.upstream, model: outcome.target.model, scope, request: exchange.cacheable }), progress.captured);
    }
    if (outcome.ok) {
      exchange.status = outcome.value;
      const parsed = exchange.request;
      if (parsed?.surface === 'responses' && parsed.request.store === true) keep(context, parsed, exchange.key?.id ?? null);
    } else if (exchange.abort.aborted) {
      exchange.status = 499;
      exchange.failure = new Error('the client closed the connection');
    } else if (outcome.committed) {
      exchange.status = progress.status ?? 200;
      exchange.failure = outcome.error;
    } else {
      exchange.failure = outcome.error;
      exchange.status = sendError(response, outcome.error, exchange.headers, errors).status;
    }
  } catch (error) {
    exchange.failure = error;
    // refused before the model was known (Host, Origin, key, body): a span of its own all the same
    if (context.telemetry.enabled && exchange.trace === NOOP_TRACE) {
      exchange.trace = context.telemetry.startRequest(SURFACES[surface].operation, surface, undefined, header(incoming, 'traceparent'));
    }
    if (exchange.abort.aborted || error instanceof ClientClosedError) exchange.status = 499;
    else {
      closeUnlessDrained(incoming, response);
      exchange.status = sendError(response, error, exchange.headers, errors).status;
    }
  } finally {
    response.off('close', onClose);
    finishRequest(context, exchange);
  }
}
