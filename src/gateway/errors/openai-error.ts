/**
 * The one place where errors become HTTP responses: every failure a client sees has the OpenAI error shape
 * `{error:{message,type,param,code}}` and the status the OpenAI SDKs expect. Nothing else in the gateway picks
 * a status code for an error.
 */
import {
  AuthError,
  BudgetExceededError,
  ConfigError,
  NotFoundError,
  ParityError,
  ProviderError,
  RateLimitedError,
  TimeoutError,
  ValidationError,
} from '../../errors.js';
import { SharedStateUnavailableError } from '../state/shared-state-error.js';

/** The requested model names no alias, group or target. */
export class ModelNotFoundError extends NotFoundError {
  readonly model: string;
  constructor(model: string) {
    super(`The model "${model}" does not exist or you do not have access to it.`);
    this.model = model;
  }
}

/** No such path (or method) on this server. */
export class RouteNotFoundError extends NotFoundError {
  constructor(method: string, path: string) {
    super(`Unknown request URL: ${method} ${path}.`);
  }
}

export const REFUSAL_REASONS = ['host_not_allowed', 'origin_not_allowed', 'unsupported_media_type', 'body_too_large'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

const REFUSAL_STATUS: Record<RefusalReason, 403 | 413 | 415> = {
  host_not_allowed: 403,
  origin_not_allowed: 403,
  unsupported_media_type: 415,
  body_too_large: 413,
};

/**
 * Refused by the server's guards before the request is worked on: a Host header naming no address of this
 * server (DNS rebinding) or an Origin not allowed (a cross-site page) is a 403, a body that is not
 * `application/json` a 415, a body over its limit a 413.
 */
export class RequestRefusedError extends ValidationError {
  readonly status: 403 | 413 | 415;
  readonly reason: RefusalReason;
  constructor(reason: RefusalReason, message: string, field: string) {
    super(message, field);
    this.reason = reason;
    this.status = REFUSAL_STATUS[reason];
  }
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface ErrorResponse {
  status: number;
  body: OpenAIErrorBody;
  /** Extra response headers (Retry-After). */
  headers: Record<string, string>;
}

function shape(status: number, type: string, message: string, param: string | null, code: string | null) {
  return { status, body: { error: { message, type, param, code } }, headers: {} as Record<string, string> };
}

function withRetryAfter(response: ErrorResponse, retryAfterMs: number | undefined): ErrorResponse {
  if (retryAfterMs !== undefined) response.headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return response;
}

/** Maps anything thrown to the response the client gets. Unknown errors never leak their message. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ParityError) {
    if (error instanceof RequestRefusedError) {
      const type = error.status === 403 ? 'permission_error' : 'invalid_request_error';
      return shape(error.status, type, error.message, error.field ?? null, error.reason);
    }
    if (error instanceof ValidationError) {
      return shape(400, 'invalid_request_error', error.message, error.field ?? null, 'invalid_request');
    }
    if (error instanceof ModelNotFoundError) {
      return shape(404, 'invalid_request_error', error.message, 'model', 'model_not_found');
    }
    if (error instanceof NotFoundError) return shape(404, 'invalid_request_error', error.message, null, 'not_found');
    if (error instanceof AuthError) return shape(401, 'authentication_error', error.message, null, 'invalid_api_key');
    if (error instanceof BudgetExceededError) {
      return shape(429, 'insufficient_quota', error.message, null, 'budget_exceeded');
    }
    if (error instanceof RateLimitedError) {
      return withRetryAfter(
        shape(429, 'rate_limit_error', error.message, null, 'rate_limit_exceeded'),
        error.retryAfterMs,
      );
    }
    if (error instanceof TimeoutError) return shape(504, 'api_error', error.message, null, 'upstream_timeout');
    if (error instanceof ProviderError) {
      const passed = upstreamClientError(error);
      if (passed !== undefined) return passed;
      if (error.status === 429) {
        return withRetryAfter(
          shape(429, 'rate_limit_error', error.message, null, 'upstream_rate_limited'),
          error.retryAfterMs,
        );
      }
      return shape(502, 'api_error', error.message, null, 'upstream_error');
    }
    if (error instanceof ConfigError) return shape(500, 'server_error', error.message, null, 'config_error');
    if (error instanceof SharedStateUnavailableError) {
      return shape(503, 'server_error', error.message, null, 'shared_state_unavailable');
    }
  }
  return shape(500, 'server_error', 'The gateway failed unexpectedly.', null, 'internal_error');
}

/**
 * An upstream's 4xx for a request it will never accept (a bad parameter, an unknown model there) is the
 * client's to fix: pass its status and its error fields on. 401/403 mean the gateway's own upstream
 * credentials are wrong, which is no fault of the client: those stay a 502.
 */
function upstreamClientError(error: ProviderError): ErrorResponse | undefined {
  const status = error.status;
  if (status === undefined || status < 400 || status >= 500 || error.isRetryable || status === 401 || status === 403) {
    return undefined;
  }
  let fields: Partial<OpenAIErrorBody['error']> = {};
  try {
    const parsed = JSON.parse(error.responseBody ?? '') as { error?: unknown };
    if (parsed.error !== null && typeof parsed.error === 'object') fields = parsed.error as Partial<OpenAIErrorBody['error']>;
  } catch {
    // not JSON: keep the ProviderError's message
  }
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return shape(
    status,
    text(fields.type) ?? 'invalid_request_error',
    text(fields.message) ?? error.message,
    text(fields.param),
    text(fields.code),
  );
}

/** The SSE event that ends a stream which failed after it started. */
export function errorEvent(error: unknown): string {
  return `data: ${JSON.stringify(toErrorResponse(error).body)}\n\n`;
}
