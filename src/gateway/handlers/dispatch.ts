/**
 * The dispatch stage: ONE attempt of a parsed, admitted request at ONE target — the response cache first, then
 * the upstream in the way its kind and the client's surface call for:
 *
 *   surface \ upstream   openai-compatible              anthropic / google
 *   chat, embeddings     the client's bytes both ways   adapters (chat only), answer as a chat completion
 *   messages, responses  translated Chat Completions    adapters, answer rendered in the surface
 *                        (responses: true — passed      (messages to anthropic — passed through,
 *                        through, native-passthrough)   native-passthrough.ts)
 *   count_tokens         vLLM /tokenize                 Anthropic's own count_tokens (google: 404)
 *
 * The fallback walk (`runWithFallback`) calls it once per try; a cascade would call it per step. It writes to
 * the client only when the attempt answers (see passthrough.ts for when an attempt is committed).
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../errors.js';
import { ANTHROPIC_VERSION } from '../../providers/index.js';
import { postJson } from '../../providers/index.js';
import { cacheKey } from '../cache/response-cache.js';
import type { GatewayContext } from '../context.js';
import type { Target } from '../routing/route-table.js';
import { countTokensByTokenize } from '../surfaces/anthropic/count-tokens.js';
import { nativeAttempt } from '../surfaces/native-passthrough.js';
import { adapterJson, adapterStream, asParityError, signalFor } from '../upstream/adapter.js';
import type { AttemptResult } from '../upstream/fallback.js';
import { toGenerateRequest } from '../upstream/openai-translate.js';
import { embeddingsUsageOf, usageOf } from '../stream/usage.js';
import { emptyProgress, forwardJson, forwardStream } from '../upstream/passthrough.js';
import { translatedJson, translatedStream } from '../upstream/translated.js';
import { rendererFor } from './answer-renderers.js';
import type { ModelExchange } from './exchange.js';
import type { CountTokensParsed } from './parse-request.js';

const checkChat = (value: unknown): string | undefined =>
  value !== null && typeof value === 'object' && Array.isArray((value as { choices?: unknown }).choices) ? undefined : 'no "choices" array';
const checkEmbeddings = (value: unknown): string | undefined =>
  value !== null && typeof value === 'object' && Array.isArray((value as { data?: unknown }).data) ? undefined : 'no "data" array';

/** Answers from the cache; the log books it at no cost and the upstream's circuit is not told. */
function serveHit(exchange: ModelExchange, bytes: Buffer, headers: string[], keepBody: boolean): AttemptResult<number> {
  exchange.cacheStatus = 'hit';
  headers[headers.length - 1] = 'hit'; // the x-parity-cache value, pushed last
  const progress = exchange.progress;
  progress.status = 200;
  progress.firstByteAt = performance.now();
  if (keepBody) progress.responseBody = bytes.toString('utf8');
  const response = exchange.response;
  if (!response.destroyed) {
    response.writeHead(200, [...headers, 'content-type', 'application/json', 'content-length', String(bytes.length)]);
    response.end(bytes);
  }
  return { ok: true, value: 200, cached: true };
}

function sendJsonAnswer(exchange: ModelExchange, headers: string[], value: unknown): AttemptResult<number> {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  exchange.progress.status = 200;
  exchange.progress.firstByteAt = performance.now();
  if (!exchange.response.destroyed) {
    exchange.response.writeHead(200, [...headers, 'content-type', 'application/json', 'content-length', String(bytes.length)]);
    exchange.response.end(bytes);
  }
  return { ok: true, value: 200 };
}

/** `POST /v1/messages/count_tokens` at one target: counted where the upstream can count exactly, else a 404. */
async function countTokens(context: GatewayContext, exchange: ModelExchange, parsed: CountTokensParsed, target: Target, headers: string[]): Promise<AttemptResult<number>> {
  const upstream = context.config.upstreams[target.upstream];
  if (upstream === undefined) throw new Error(`no upstream ${target.upstream}`);
  const signal = signalFor(exchange.abort);
  try {
    if (upstream.kind === 'anthropic') {
      const apiKey = upstream.apiKeyEnv === undefined ? undefined : context.env[upstream.apiKeyEnv];
      const { value } = await postJson(
        {
          provider: target.upstream,
          url: `${upstream.baseUrl.replace(/\/+$/, '')}/messages/count_tokens`,
          headers: { ...upstream.headers, 'anthropic-version': ANTHROPIC_VERSION, ...(apiKey === undefined || apiKey === '' ? {} : { 'x-api-key': apiKey }) },
          body: { ...parsed.request, model: target.model },
          signal,
          timeoutMs: upstream.timeoutMs,
        },
        countAnswerSchema,
      );
      return sendJsonAnswer(exchange, headers, { input_tokens: value.input_tokens });
    }
    if (upstream.kind === 'google') {
      throw new NotFoundError(`upstream "${target.upstream}" cannot count tokens for ${target.model} (Gemini upstreams are not counted through this route)`);
    }
    const counted = await countTokensByTokenize(parsed.request, {
      name: target.upstream,
      baseUrl: upstream.baseUrl,
      model: target.model,
      headers: upstream.headers,
      timeoutMs: upstream.timeoutMs,
      signal,
    });
    return sendJsonAnswer(exchange, headers, counted);
  } catch (error) {
    return { ok: false, error: asParityError(error, target.upstream), committed: false };
  }
}

/** Anthropic's count_tokens answer. */
const countAnswerSchema = z.looseObject({ input_tokens: z.number().int().nonnegative() });

function sendUpstream(context: GatewayContext, exchange: ModelExchange, target: Target, headers: string[]): Promise<AttemptResult<number>> {
  const parsed = exchange.request;
  if (parsed === undefined) throw new Error('dispatch before parse');
  const keepBody = context.config.logging.bodies;
  const capture = exchange.cacheable !== undefined;
  const { response, abort, progress } = exchange;
  const bodyFor = exchange.plan?.privacy?.bodyFor;
  if (parsed.surface === 'count_tokens') return countTokens(context, exchange, parsed, target, headers);
  if (parsed.surface === 'messages' || parsed.surface === 'responses') {
    const native = nativeAttempt(context, exchange, parsed, target, headers); // an upstream speaking the surface's API
    if (native !== undefined) return native;
  }

  const provider = context.adapters.get(target.upstream);
  if (provider !== undefined) {
    const chat = parsed.surface === 'embeddings' ? undefined : parsed.chat;
    if (parsed.surface === 'embeddings' || chat === undefined) {
      const unsupported = new ValidationError(`upstream "${target.upstream}" does not serve ${parsed.surface}`, 'model');
      return Promise.resolve({ ok: false, error: unsupported, committed: false });
    }
    // the privacy rule's redaction is per target: a redacted request is translated for each third-party one
    const request = bodyFor === undefined ? (exchange.generateRequest ??= toGenerateRequest(chat)) : toGenerateRequest(bodyFor(target, chat));
    exchange.renderer ??= rendererFor(parsed);
    const call = { provider, target, renderer: exchange.renderer, request, response, headers, abort, progress, keepBody, capture };
    return exchange.features?.stream === true ? adapterStream(call) : adapterJson(call);
  }

  const client = context.clients.get(target.upstream);
  if (client === undefined) throw new Error(`no client for upstream ${target.upstream}`);
  if (parsed.surface === 'chat' || parsed.surface === 'embeddings') {
    const body = parsed.body;
    const requested = body.model;
    body.model = target.model;
    const text = JSON.stringify(bodyFor === undefined ? body : bodyFor(target, body));
    body.model = requested;
    const call = { client, path: parsed.surface === 'chat' ? '/chat/completions' : '/embeddings', body: text, response, headers, signal: abort, keepBody, capture, progress, check: parsed.surface === 'chat' ? checkChat : checkEmbeddings, usage: parsed.surface === 'chat' ? usageOf : embeddingsUsageOf, traceparent: exchange.traceparent };
    return parsed.surface === 'chat' && exchange.features?.stream === true ? forwardStream(call, parsed.stripUsage) : forwardJson(call);
  }
  const chat = parsed.chat;
  const requested = chat.model;
  chat.model = target.model;
  const text = JSON.stringify(bodyFor === undefined ? chat : bodyFor(target, chat));
  chat.model = requested;
  exchange.renderer ??= rendererFor(parsed);
  const call = { client, path: '/chat/completions', body: text, response, headers, signal: abort, keepBody, capture, progress, target, renderer: exchange.renderer, traceparent: exchange.traceparent };
  return exchange.features?.stream === true ? translatedStream(call) : translatedJson(call);
}

/**
 * One attempt at `target`: the response cache when it may answer, else the upstream. Records the target and
 * a fresh progress on the exchange (what the finish stage logs is the last attempt's).
 */
export function dispatch(context: GatewayContext, exchange: ModelExchange, target: Target): Promise<AttemptResult<number>> {
  exchange.target = target;
  exchange.progress = emptyProgress();
  const headers = [...exchange.headers, 'x-parity-upstream', target.upstream, 'x-parity-model', target.model];
  if (exchange.cacheStatus !== undefined) headers.push('x-parity-cache', exchange.cacheStatus);
  const cache = context.cache;
  const cacheable = exchange.cacheable;
  if (cache === undefined || cacheable === undefined) return sendUpstream(context, exchange, target, headers);
  const scope = context.config.cache?.scope === 'shared' ? '' : (exchange.key?.id ?? '');
  const key = cacheKey({ endpoint: exchange.surface, upstream: target.upstream, model: target.model, scope, request: cacheable });
  const keepBody = context.config.logging.bodies;
  const found = cache.get(key);
  if (found instanceof Promise) {
    return found.then((bytes) => (bytes === undefined ? sendUpstream(context, exchange, target, headers) : serveHit(exchange, bytes, headers, keepBody)));
  }
  return found === undefined ? sendUpstream(context, exchange, target, headers) : Promise.resolve(serveHit(exchange, found, headers, keepBody));
}
