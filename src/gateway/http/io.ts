/**
 * Small helpers over node:http: send JSON, send an error through the one mapping (bodies: body-reader.ts).
 */
import type { ServerResponse } from 'node:http';
import { toErrorResponse, type ErrorResponse } from '../errors/openai-error.js';

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

/** Maps `error` to the OpenAI error shape and sends it; returns the mapped response (for logs and metrics). */
export function sendError(response: ServerResponse, error: unknown, headers: string[] = []): ErrorResponse {
  const mapped = toErrorResponse(error);
  const extra = [...headers];
  for (const [name, value] of Object.entries(mapped.headers)) extra.push(name, value);
  sendJson(response, mapped.status, mapped.body, extra);
  return mapped;
}
