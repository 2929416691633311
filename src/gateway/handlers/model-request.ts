/**
 * `POST /v1/chat/completions` and `POST /v1/embeddings`: check the headers (request guard: Host, Origin, content
 * type), authenticate from them, only then read the body (within the route's or the key's limit), validate it,
 * route, admit (rate limits + budget reservation), walk the fallback chain, then settle the reservation with the
 * real cost and queue exactly one request-log entry — whatever happened, in the `finally`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError, type ParityError } from '../../errors.js';
import type { GenerateRequest } from '../../providers/request.js';
import type { GatewayContext } from '../context.js';
import { cacheKey, canonicalRequest, isCacheable, type CacheStatus } from '../cache/response-cache.js';
import { costUsd, type UnitPrice } from '../cost/price-table.js';
import { toErrorResponse } from '../errors/openai-error.js';
import { ClientClosedError, closeUnlessDrained } from '../http/body-reader.js';
import { sendError } from '../http/io.js';
import type { VirtualKey } from '../keys/gateway-store.js';
import { bearerToken, KEY_PREFIX } from '../keys/secret.js';
import {
  chatFeatures,
  chatRequestSchema,
  embeddingsRequestSchema,
  parseJsonBody,
  validateBody,
  type ChatRequest,
  type RequestFeatures,
} from '../request/chat-request.js';
import { cascadeBooking, planReservation, planRoute, type RoutePlan } from '../cascade/route-plan.js';
import type { CascadeOutcome } from '../cascade/run-cascade.js';
import { serveCascade } from '../cascade/serve-cascade.js';
import type { RouteDecision } from '../routing/router.js';
import type { Target } from '../routing/route-table.js';
import type { Admission, KeyLimits } from '../state/gateway-state.js';
import { adapterJson, adapterStream } from '../upstream/adapter.js';
import { runWithFallback, type AttemptResult } from '../upstream/fallback.js';
import { toGenerateRequest } from '../upstream/openai-translate.js';
import { RequestAbort } from '../upstream/request-abort.js';
import { emptyProgress, forwardJson, forwardStream, type AttemptProgress } from '../upstream/passthrough.js';

/** Request ids: a random per-process prefix and a counter (unique across restarts and instances, and cheap). */
const ID_PREFIX = `req_${randomBytes(6).toString('hex')}`;
let idCounter = 0;

export type ModelEndpoint = 'chat' | 'embeddings';

const UPSTREAM_PATHS: Record<ModelEndpoint, string> = { chat: '/chat/completions', embeddings: '/embeddings' };

const checkChat = (value: unknown): string | undefined =>
  value !== null && typeof value === 'object' && Array.isArray((value as { choices?: unknown }).choices)
    ? undefined
    : 'no "choices" array';
const checkEmbeddings = (value: unknown): string | undefined =>
  value !== null && typeof value === 'object' && Array.isArray((value as { data?: unknown }).data)
    ? undefined
    : 'no "data" array';

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

function header(incoming: IncomingMessage, name: string): string | undefined {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body limit: the key's own (`limits.keys`, by id or name) when it has one, else the route's. */
function bodyLimit(context: GatewayContext, endpoint: ModelEndpoint, key: VirtualKey | undefined): number {
  const perKey = context.keyBodyLimits;
  if (key !== undefined && perKey.size > 0) {
    const own = perKey.get(key.id) ?? perKey.get(key.name);
    if (own !== undefined) return own;
  }
  return context.config.limits.body[endpoint];
}

/** Adapters translate the request later; keep the client's original (the pass-through body gets edited). */
function structuredCloneIfAdapters(context: GatewayContext, request: ChatRequest): ChatRequest | undefined {
  return context.adapters.size === 0 ? undefined : structuredClone(request);
}

const EMBEDDING_FEATURES = (bytes: number): RequestFeatures => ({
  promptTokens: Math.ceil(bytes / 4),
  promptTokensBound: bytes,
  maxOutputTokens: 0,
  hasImages: false,
  hasTools: false,
  jsonOutput: false,
  stream: false,
  clientWantsUsage: false,
});

export async function serveModelRequest(
  context: GatewayContext,
  endpoint: ModelEndpoint,
  incoming: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const startedAt = performance.now();
  const id = `${ID_PREFIX}${(idCounter++).toString(36).padStart(6, '0')}`;
  const baseHeaders = ['x-parity-request-id', id];
  const { metrics, config } = context;
  context.inFlight++;
  metrics.inFlight.labels().inc();
  const abort = new RequestAbort();
  const onClose = (): void => {
    if (!response.writableFinished) abort.abort();
  };
  response.once('close', onClose);

  let requestText: string | undefined;
  let key: VirtualKey | undefined;
  let decision: RouteDecision | undefined;
  let features: RequestFeatures | undefined;
  let admission: Admission | undefined;
  let target: Target | undefined;
  let progress: AttemptProgress = emptyProgress();
  let status = 0;
  let failure: ParityError | unknown;
  let cacheStatus: CacheStatus | undefined;
  let plan: RoutePlan | undefined;
  let cascaded: CascadeOutcome | undefined;

  try {
    const refused = context.guard.check(incoming, response, true);
    if (refused !== undefined) throw refused;
    // authenticate from the headers: an unauthenticated request never gets its body read
    const secret = bearerToken(header(incoming, 'authorization'), header(incoming, 'x-api-key'));
    if (config.auth.required || (secret !== undefined && secret.startsWith(KEY_PREFIX))) {
      const found = context.keys.authenticate(secret, Date.now());
      key = found instanceof Promise ? await found : found;
    }
    const bytes = await context.bodies.read(incoming, bodyLimit(context, endpoint, key));
    if (config.logging.bodies) requestText = bytes.toString('utf8');
    const value = parseJsonBody(bytes);
    let body: { model: string; messages?: unknown[]; stream_options?: unknown } & Record<string, unknown>;
    let chat: ChatRequest | undefined;
    let stripUsage = false;
    if (endpoint === 'chat') {
      const request = validateBody(chatRequestSchema, value);
      chat = structuredCloneIfAdapters(context, request);
      features = chatFeatures(request, bytes.length);
      if (features.stream && !features.clientWantsUsage) {
        request.stream_options = { ...request.stream_options, include_usage: true };
        stripUsage = true;
      }
      body = request;
    } else {
      body = validateBody(embeddingsRequestSchema, value);
      features = EMBEDDING_FEATURES(bytes.length);
    }

    const decided = context.router.decide({
      model: body.model,
      features: endpoint === 'chat' ? features : undefined,
      messages: endpoint === 'chat' ? (body.messages as { role: string }[]) : undefined,
      keyId: key?.id,
      keyName: key?.name,
      header: header(incoming, 'x-parity-route'),
    });
    decision = decided instanceof Promise ? await decided : decided;
    metrics.routeDecisions.labels(decision.route, decision.reason).inc();
    plan = planRoute(context, decision, body, { stream: features.stream, chat: endpoint === 'chat' });
    if (key !== undefined) {
      const admitted = context.state.admit(
        limitsOf(key),
        { reserveUsd: planReservation(context, plan, features), promptTokens: features.promptTokens },
        Date.now(),
      );
      admission = admitted instanceof Promise ? await admitted : admitted;
    }

    const routeHeaders = [...baseHeaders, 'x-parity-route', decision.route, 'x-parity-route-reason', decision.reason];
    const requestedModel = body.model;
    const stream = features.stream;
    const keepBody = config.logging.bodies;
    let generateRequest: GenerateRequest | undefined;
    const cache = context.cache;
    let cached: string | undefined; // the canonical request, when the cache may answer it
    if (cache !== undefined) {
      if (isCacheable(endpoint, body, header(incoming, 'cache-control'))) {
        cached = canonicalRequest(body);
        cacheStatus = 'miss';
      } else cacheStatus = 'bypass';
    }
    const cacheScope = config.cache?.scope === 'shared' ? '' : (key?.id ?? '');
    const keyFor = (candidate: Target, request: string): string =>
      cacheKey({ endpoint, upstream: candidate.upstream, model: candidate.model, scope: cacheScope, request });

    const bodyFor = plan.privacy?.bodyFor;
    const dispatch = (candidate: Target, headers: string[]): Promise<AttemptResult<number>> => {
      const provider = context.adapters.get(candidate.upstream);
      if (provider !== undefined) {
        if (chat === undefined) {
          const unsupported = new ValidationError(`upstream "${candidate.upstream}" does not serve ${endpoint}`, 'model');
          return Promise.resolve({ ok: false as const, error: unsupported, committed: false });
        }
        if (bodyFor !== undefined) generateRequest = toGenerateRequest(bodyFor(candidate, chat));
        generateRequest ??= toGenerateRequest(chat);
        const adapterCall = {
          provider,
          upstream: candidate.upstream,
          model: candidate.model,
          request: generateRequest,
          response,
          headers,
          abort,
          progress,
          keepBody,
          capture: cached !== undefined,
        };
        return stream ? adapterStream(adapterCall, !stripUsage) : adapterJson(adapterCall);
      }
      const client = context.clients.get(candidate.upstream);
      if (client === undefined) throw new Error(`no client for upstream ${candidate.upstream}`);
      body.model = candidate.model;
      const call = {
        client,
        path: UPSTREAM_PATHS[endpoint],
        body: JSON.stringify(bodyFor === undefined ? body : bodyFor(candidate, body)),
        response,
        headers,
        signal: abort,
        keepBody,
        capture: cached !== undefined,
        progress,
        check: endpoint === 'chat' ? checkChat : checkEmbeddings,
      };
      return stream ? forwardStream(call, stripUsage) : forwardJson(call);
    };

    /** Answers from the cache; the log books it at no cost and the upstream's circuit is not told. */
    const serveHit = (bytes: Buffer, headers: string[]): AttemptResult<number> => {
      cacheStatus = 'hit';
      headers[headers.length - 1] = 'hit'; // the x-parity-cache value, pushed last
      progress.status = 200;
      progress.firstByteAt = performance.now();
      if (keepBody) progress.responseBody = bytes.toString('utf8');
      if (!response.destroyed) {
        response.writeHead(200, [...headers, 'content-type', 'application/json', 'content-length', String(bytes.length)]);
        response.end(bytes);
      }
      return { ok: true, value: 200, cached: true };
    };

    if (plan.cascade !== undefined) {
      cascaded = await serveCascade(context, {
        cascade: plan.cascade,
        body: (chat ?? body) as Parameters<typeof serveCascade>[1]['body'],
        stream,
        includeUsage: !stripUsage,
        response,
        abort,
        headers: routeHeaders,
        ...(bodyFor === undefined ? {} : { bodyFor }),
        onAttempt: (candidate) => (target = candidate),
      });
      const result = cascaded.result;
      target = result.ok ? result.answer.target : result.target;
      progress = emptyProgress();
      if (result.ok) {
        status = result.answer.status;
        progress.status = status;
        progress.firstByteAt = result.answer.firstByteAt;
        if (keepBody) progress.responseBody = result.answer.bytes.toString('utf8');
      } else if (abort.aborted) {
        status = 499;
        failure = new Error('the client closed the connection');
      } else {
        failure = result.error;
        status = sendError(response, result.error, [...routeHeaders, 'x-parity-cascade', plan.cascade.name, 'x-parity-cascade-path', cascaded.path.join(',')]).status;
      }
      return;
    }
    const outcome = await runWithFallback(
      plan.chain,
      (candidate) => {
        target = candidate;
        progress = emptyProgress();
        const headers = [...routeHeaders, 'x-parity-upstream', candidate.upstream, 'x-parity-model', candidate.model];
        if (cacheStatus !== undefined) headers.push('x-parity-cache', cacheStatus);
        if (cache === undefined || cached === undefined) return dispatch(candidate, headers);
        const found = cache.get(keyFor(candidate, cached));
        if (found instanceof Promise) {
          return found.then((bytes) => (bytes === undefined ? dispatch(candidate, headers) : serveHit(bytes, headers)));
        }
        return found === undefined ? dispatch(candidate, headers) : Promise.resolve(serveHit(found, headers));
      },
      { retry: config.retry, state: context.state, metrics, signal: abort },
    );
    body.model = requestedModel;
    if (outcome.ok && cache !== undefined && cached !== undefined && cacheStatus === 'miss' && outcome.value === 200 && progress.captured !== undefined) {
      cache.set(keyFor(outcome.target, cached), progress.captured);
    }
    if (outcome.ok) status = outcome.value;
    else if (abort.aborted) {
      status = 499;
      failure = new Error('the client closed the connection');
    } else if (outcome.committed) {
      status = progress.status ?? 200;
      failure = outcome.error;
    } else {
      failure = outcome.error;
      status = sendError(response, outcome.error, routeHeaders).status;
    }
  } catch (error) {
    failure = error;
    if (abort.aborted || error instanceof ClientClosedError) status = 499;
    else {
      closeUnlessDrained(incoming, response);
      const headers = decision === undefined ? baseHeaders : [...baseHeaders, 'x-parity-route', decision.route, 'x-parity-route-reason', decision.reason];
      status = sendError(response, error, headers).status;
    }
  } finally {
    response.off('close', onClose);
    finishRequest(context, {
      id,
      endpoint,
      startedAt,
      key,
      decision,
      features,
      admission,
      target,
      progress,
      status,
      failure,
      requestText,
      cacheStatus,
      plan,
      cascaded,
    });
  }
}

interface Finished {
  id: string;
  endpoint: ModelEndpoint;
  startedAt: number;
  key: VirtualKey | undefined;
  decision: RouteDecision | undefined;
  features: RequestFeatures | undefined;
  admission: Admission | undefined;
  target: Target | undefined;
  progress: AttemptProgress;
  status: number;
  failure: unknown;
  requestText: string | undefined;
  cacheStatus: CacheStatus | undefined;
  plan: RoutePlan | undefined;
  /** The cascade's outcome, when the request ran one: every call is booked. */
  cascaded: CascadeOutcome | undefined;
}

/** The decision's reason as logged: ` score=…` for a policy's score, ` cache=hit` for an answer from the cache. */
function routeReasonOf(decision: RouteDecision | undefined, hit: boolean, plan: RoutePlan | undefined): string | null {
  if (decision === undefined) return null;
  const reason = (decision.score === undefined ? decision.reason : `${decision.reason} score=${decision.score.toFixed(3)}`) + (plan?.note ?? '');
  return hit ? `${reason} cache=hit` : reason;
}

/** Settles the reservation, records metrics and queues the log entry. Runs exactly once per request. */
function finishRequest(context: GatewayContext, finished: Finished): void {
  const { metrics } = context;
  const now = performance.now();
  const { target, progress, features } = finished;
  const price: UnitPrice | undefined = target === undefined ? undefined : context.prices.priceFor(target);
  const hit = finished.cacheStatus === 'hit';
  const booking = finished.cascaded === undefined ? undefined : cascadeBooking(finished.cascaded, context.config.logging.bodies);
  const usage = hit ? undefined : (booking?.usage ?? progress.usage);
  let cost: number | undefined;
  if (hit) cost = 0;
  else if (booking !== undefined) cost = booking.costUsd ?? undefined;
  else if (usage !== undefined) cost = costUsd(price, usage.promptTokens, usage.completionTokens);
  else if (progress.status !== undefined && features !== undefined) {
    // answered without usage (or cut midway): charge an estimate rather than nothing
    cost = costUsd(price, features.promptTokens, Math.max(0, progress.events - 1));
  }
  if (finished.admission !== undefined) {
    const tokens = usage === undefined ? 0 : usage.promptTokens + usage.completionTokens;
    void context.state.settle(finished.admission, booking?.chargedUsd ?? cost ?? 0, tokens, Date.now());
  }
  if (finished.cacheStatus !== undefined) metrics.cache.labels(finished.cacheStatus).inc();

  const upstreamLabel = target?.upstream ?? 'none';
  const endpoint = finished.endpoint;
  metrics.requests.labels(endpoint, upstreamLabel, String(finished.status)).inc();
  metrics.latency.labels(endpoint, upstreamLabel).observe((now - finished.startedAt) / 1000);
  const ttftMs = progress.firstByteAt === undefined ? undefined : progress.firstByteAt - finished.startedAt;
  if (ttftMs !== undefined && features?.stream === true) metrics.timeToFirstToken.labels(upstreamLabel).observe(ttftMs / 1000);
  if (usage !== undefined) {
    metrics.tokens.labels(upstreamLabel, 'prompt').inc(usage.promptTokens);
    metrics.tokens.labels(upstreamLabel, 'completion').inc(usage.completionTokens);
  }
  if (cost !== undefined && cost > 0) metrics.cost.labels(upstreamLabel).inc(cost);
  let errorText: string | undefined;
  if (finished.failure !== undefined) {
    const mapped = finished.status === 499 ? undefined : toErrorResponse(finished.failure);
    metrics.errors.labels(mapped?.body.error.code ?? 'client_closed').inc();
    errorText = mapped?.body.error.message ?? 'the client closed the connection';
  }

  context.log.append({
    id: finished.id,
    ts: new Date(Date.now() - (now - finished.startedAt)).toISOString(),
    keyId: finished.key?.id ?? null,
    routeDecision: finished.decision?.route ?? null,
    routeReason: routeReasonOf(finished.decision, hit, finished.plan),
    upstream: target?.upstream ?? null,
    model: target?.model ?? null,
    status: finished.status,
    inputTokens: usage?.promptTokens ?? null,
    outputTokens: usage?.completionTokens ?? null,
    costUsd: cost ?? null,
    latencyMs: now - finished.startedAt,
    ttftMs: ttftMs ?? null,
    requestBody: finished.requestText ?? null,
    responseBody: progress.responseBody ?? null,
    error: errorText ?? null,
    calls: booking?.calls ?? null,
    privacy: finished.plan?.privacy?.record ?? null,
  });
  context.inFlight--;
  metrics.inFlight.labels().dec();
}
