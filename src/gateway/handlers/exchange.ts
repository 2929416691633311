/**
 * One model request as it goes through the stages (parse → admit → dispatch → finish): what each stage
 * learned, in one object, so every stage has the same small signature `(context, exchange)` and the finish
 * stage can log whatever happened.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GenerateRequest } from '../../providers/index.js';
import type { CacheStatus } from '../cache/response-cache.js';
import type { RoutePlan } from '../cascade/route-plan.js';
import type { CascadeOutcome } from '../cascade/run-cascade.js';
import type { VirtualKey } from '../keys/gateway-store.js';
import type { RequestFeatures } from '../request/chat-request.js';
import type { RouteDecision } from '../routing/router.js';
import type { Target } from '../routing/route-table.js';
import type { Admission } from '../state/gateway-state.js';
import type { RequestTrace } from '../telemetry/telemetry.js';
import type { AnswerRenderer } from '../upstream/answer-writer.js';
import { emptyProgress, type AttemptProgress } from '../upstream/passthrough.js';
import { RequestAbort } from '../upstream/request-abort.js';
import type { ParsedRequest } from './parse-request.js';
import type { SurfaceName } from './surfaces.js';

/** Request ids: a random per-process prefix and a counter (unique across restarts and instances, and cheap). */
const ID_PREFIX = `req_${randomBytes(6).toString('hex')}`;
let idCounter = 0;

export interface ModelExchange {
  readonly id: string;
  readonly surface: SurfaceName;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  readonly incoming: IncomingMessage;
  readonly response: ServerResponse;
  readonly abort: RequestAbort;
  /** The request's trace (the no-op one until the parse stage knows the model, and when tracing is off). */
  trace: RequestTrace;
  /** `x-parity-request-id` (and, once routed, the route headers) for every answer. */
  headers: string[];
  key: VirtualKey | undefined;
  /** The request body's text, when bodies are logged. */
  requestText: string | undefined;
  /** Set by the parse stage. */
  request: ParsedRequest | undefined;
  features: RequestFeatures | undefined;
  /** Set by the admit stage. */
  decision: RouteDecision | undefined;
  admission: Admission | undefined;
  /** What the request will do after the privacy rule: walk `plan.chain`, or run `plan.cascade`. */
  plan: RoutePlan | undefined;
  /** Set when the request ran a cascade: every call it made, booked by the finish stage. */
  cascaded: CascadeOutcome | undefined;
  /** The canonical request when the response cache may answer it. */
  cacheable: string | undefined;
  cacheStatus: CacheStatus | undefined;
  /** Set by each attempt of the dispatch stage (`traceparent`: its span's, '' when not traced). */
  target: Target | undefined;
  traceparent: string;
  progress: AttemptProgress;
  /** Computed by the first attempt that needs them, kept for the next (adapters, translated surfaces). */
  renderer: AnswerRenderer | undefined;
  generateRequest: GenerateRequest | undefined;
  /** Set by the finish stage's caller. */
  status: number;
  failure: unknown;
}

export function openExchange(surface: SurfaceName, incoming: IncomingMessage, response: ServerResponse, trace: RequestTrace): ModelExchange {
  const id = `${ID_PREFIX}${(idCounter++).toString(36).padStart(6, '0')}`;
  return {
    id,
    surface,
    startedAt: performance.now(),
    incoming,
    response,
    abort: new RequestAbort(),
    trace,
    headers: ['x-parity-request-id', id],
    key: undefined,
    requestText: undefined,
    request: undefined,
    features: undefined,
    decision: undefined,
    admission: undefined,
    plan: undefined,
    cascaded: undefined,
    cacheable: undefined,
    cacheStatus: undefined,
    target: undefined,
    traceparent: '',
    progress: emptyProgress(),
    renderer: undefined,
    generateRequest: undefined,
    status: 0,
    failure: undefined,
  };
}

export function header(incoming: IncomingMessage, name: string): string | undefined {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
