/**
 * Small helpers over node:http: send JSON, and the one error hook — every error a client gets goes through
 * `sendError`, in the OpenAI shape or (on the Anthropic Messages routes) the Anthropic one. The status and
 * headers come from the one mapping (`errors/openai-error.ts`) either way; only the body's words differ.
 */
import type { ServerResponse } from 'node:http';
import { toErrorResponse, type ErrorResponse } from '../errors/openai-error.js';
import { anthropicErrorBody } from '../surfaces/anthropic/anthropic-error.js';

/** The error body a route's clients understand. */
export const ERROR_SHAPES = ['openai', 'anthropic'] as const;
export type ErrorShape = (typeof ERROR_SHAPES)[number];

/** Sends a JSON body with a content-length. `headers` is a flat [name, value, …] list. */
export function sendJson(response: ServerResponse, status: number, value: unknown, headers: string[] = []): void {
  if (response.headersSent || response.destroyed) return;
  const body = JSON.stringify(value);
  response.writeHead(status, [
    ...headers,
    'content-type',
    'application/json',
    'content-length',
    String(Buffer.byteLength(body)),
  ]);
  response.end(body);
}

/**
 * Maps `error` and sends it in the route's shape; returns the OpenAI-shaped mapping (what logs and metrics
 * read, whatever shape the client got).
 */
export function sendError(response: ServerResponse, error: unknown, headers: string[] = [], shape: ErrorShape = 'openai'): ErrorResponse {
  const mapped = toErrorResponse(error);
  const extra = [...headers];
  for (const [name, value] of Object.entries(mapped.headers)) extra.push(name, value);
  sendJson(response, mapped.status, shape === 'anthropic' ? anthropicErrorBody(mapped) : mapped.body, extra);
  return mapped;
}
