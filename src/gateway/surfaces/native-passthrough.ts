/**
 * When a translated surface's request goes to an upstream that speaks the surface's API itself, it is passed
 * through rather than translated (a branch of the dispatch stage):
 *
 *   /v1/messages  → an upstream of `kind: anthropic`   POST <baseUrl>/messages   (anthropic-passthrough.ts)
 *   /v1/responses → an upstream with `responses: true`  POST <baseUrl>/responses  (responses-passthrough.ts)
 *
 * The client's `anthropic-beta` header goes with its request; its key never does (the upstream's own is sent).
 * Not passed through (translated as before): a request the privacy rule redacts for this target (the
 * redaction is of the translated request), and a Responses request continuing a stored response
 * (`previous_response_id`: the conversation is in the gateway's store, not the upstream's).
 */
import type { GatewayContext } from '../context.js';
import { header, type ModelExchange } from '../handlers/exchange.js';
import type { MessagesParsed, ResponsesParsed } from '../handlers/parse-request.js';
import type { Target } from '../routing/route-table.js';
import { checkMessage, anthropicUsage, MessagesEventReader } from '../upstream/anthropic-passthrough.js';
import { forwardEventStream } from '../upstream/event-stream-passthrough.js';
import type { AttemptResult } from '../upstream/fallback.js';
import { forwardJson, type PassthroughCall } from '../upstream/passthrough.js';
import { checkResponse, responseUsage, ResponsesEventReader } from '../upstream/responses-passthrough.js';
import type { ResponseObject } from './responses/responses-response.js';

/** The attempt when `target` serves the request's own API; undefined when the request is to be translated. */
export function nativeAttempt(
  context: GatewayContext,
  exchange: ModelExchange,
  parsed: MessagesParsed | ResponsesParsed,
  target: Target,
  headers: string[],
): Promise<AttemptResult<number>> | undefined {
  const upstream = context.config.upstreams[target.upstream];
  const client = context.clients.get(target.upstream);
  if (upstream === undefined || client === undefined || exchange.plan?.privacy?.bodyFor !== undefined) return undefined;
  const stream = exchange.features?.stream === true;
  const base = {
    client,
    response: exchange.response,
    headers,
    signal: exchange.abort,
    keepBody: context.config.logging.bodies,
    capture: exchange.cacheable !== undefined,
    progress: exchange.progress,
    traceparent: exchange.traceparent,
  };
  if (parsed.surface === 'messages') {
    if (upstream.kind !== 'anthropic') return undefined;
    // the beta features the client asked for (Claude Code sends several) go with its request
    const beta = header(exchange.incoming, 'anthropic-beta');
    const call: PassthroughCall = {
      ...base,
      path: '/messages',
      body: JSON.stringify({ ...parsed.request, model: target.model }),
      check: checkMessage,
      usage: anthropicUsage,
      ...(beta === undefined ? {} : { forward: { 'anthropic-beta': beta } }),
    };
    return stream ? forwardEventStream(call, new MessagesEventReader()) : forwardJson(call);
  }
  if (!upstream.responses || upstream.kind !== 'openai-compatible' || parsed.request.previous_response_id != null) return undefined;
  // what a `store: true` request keeps: the upstream's response object, as the client got it
  const keep = (value: unknown): void => {
    if (parsed.request.store === true) parsed.answer = value as ResponseObject;
  };
  const body = JSON.stringify({ ...parsed.request, model: target.model, store: false });
  const call: PassthroughCall = { ...base, path: '/responses', body, check: checkResponse, usage: responseUsage, answered: keep };
  return stream ? forwardEventStream(call, new ResponsesEventReader(keep)) : forwardJson(call);
}
