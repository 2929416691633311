/**
 * The dispatch stage of a request whose plan is a cascade (instead of the fallback walk): runs it, sends the
 * accepted answer in the client's API (Chat Completions as the upstream wrote it; Messages and Responses through
 * the surface's renderer), or the last step's failure in the surface's error shape. Sets what the finish stage
 * books: the answering target, its progress, the status and every call.
 */
import { rendererFor } from '../handlers/answer-renderers.js';
import type { ModelExchange } from '../handlers/exchange.js';
import type { GatewayContext } from '../context.js';
import { sendError, type ErrorShape } from '../http/io.js';
import { emptyProgress } from '../upstream/passthrough.js';
import type { GatewayCascade } from './build-cascades.js';
import { serveCascade } from './serve-cascade.js';
import type { ChatBody } from './step-caller.js';
import { deliverRendered } from './surface-answer.js';

/** True when an answer was sent. */
export async function dispatchCascade(context: GatewayContext, exchange: ModelExchange, cascade: GatewayCascade, errors: ErrorShape): Promise<boolean> {
  const { request: parsed, features } = exchange;
  if (parsed === undefined || features === undefined) throw new Error('dispatch before parse');
  if (parsed.surface === 'embeddings' || parsed.surface === 'count_tokens') throw new Error('a cascade serves chat requests only (checked by the route plan)');
  const stream = features.stream;
  const { response } = exchange;
  const bodyFor = exchange.plan?.privacy?.bodyFor;
  const outcome = await serveCascade(context, {
    cascade,
    body: (parsed.surface === 'chat' ? parsed.body : parsed.chat) as ChatBody,
    features,
    stream,
    includeUsage: parsed.surface === 'chat' && !parsed.stripUsage,
    response,
    abort: exchange.abort,
    headers: exchange.headers,
    ...(bodyFor === undefined ? {} : { bodyFor }),
    onAttempt: (target) => (exchange.target = target),
    ...(parsed.surface === 'chat' ? {} : { deliver: (answer, headers) => deliverRendered(rendererFor(parsed), answer, headers, response, stream) }),
  });
  exchange.cascaded = outcome;
  const result = outcome.result;
  exchange.target = result.ok ? result.answer.target : result.target;
  const progress = emptyProgress();
  exchange.progress = progress;
  if (result.ok) {
    exchange.status = result.answer.status;
    progress.status = result.answer.status;
    progress.firstByteAt = result.answer.firstByteAt;
    if (context.config.logging.bodies) progress.responseBody = result.answer.bytes.toString('utf8');
    return true;
  }
  if (exchange.abort.aborted) {
    exchange.status = 499;
    exchange.failure = new Error('the client closed the connection');
    return false;
  }
  exchange.failure = result.error;
  exchange.status = sendError(response, result.error, [...exchange.headers, 'x-parity-cascade', cascade.name, 'x-parity-cascade-path', outcome.path.join(',')], errors).status;
  return false;
}
