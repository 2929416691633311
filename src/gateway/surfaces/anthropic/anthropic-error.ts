/**
 * Errors as Anthropic clients expect them: `{type: "error", error: {type, message}}`, with the status and
 * headers (Retry-After) the gateway's one mapping (`errors/openai-error.ts`) chose — only the body's words
 * differ, so the two surfaces can never disagree on what an error is.
 */
import { toErrorResponse, type ErrorResponse } from '../../errors/openai-error.js';

export const ANTHROPIC_ERROR_TYPES = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'timeout_error',
  'overloaded_error',
] as const;
export type AnthropicErrorType = (typeof ANTHROPIC_ERROR_TYPES)[number];

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}

export interface AnthropicErrorResponse {
  status: number;
  body: AnthropicErrorBody;
  headers: Record<string, string>;
}

/** Anthropic's error type for an HTTP status (its documented table; 5xx other than 529 is `api_error`). */
export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error';
  }
}

/** The Anthropic body of an error the gateway's one mapping has mapped. */
export function anthropicErrorBody(mapped: ErrorResponse): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(mapped.status), message: mapped.body.error.message } };
}

/** Anything thrown → the Anthropic error response (status and headers from the gateway's one mapping). */
export function toAnthropicError(error: unknown): AnthropicErrorResponse {
  const mapped = toErrorResponse(error);
  return { status: mapped.status, headers: mapped.headers, body: anthropicErrorBody(mapped) };
}

/** The `error` event that ends a Messages stream which failed after it started. */
export function anthropicErrorEvent(error: unknown): string {
  return `event: error\ndata: ${JSON.stringify(toAnthropicError(error).body)}\n\n`;
}
