/**
 * Sending JSON from the dashboard API: gzip when the client accepts it and the body is large, never cached.
 * Errors go through the gateway's one mapping to the OpenAI error shape `{error:{message,type,param,code}}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { DataError } from '../../errors.js';
import { toErrorResponse } from '../../gateway/index.js';

const GZIP_FROM_BYTES = 8 * 1024;

export function acceptsGzip(request: IncomingMessage): boolean {
  const header = request.headers['accept-encoding'];
  return typeof header === 'string' && /\bgzip\b/.test(header);
}

export function sendBody(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  body: Buffer,
  headers: Record<string, string>,
): void {
  if (response.headersSent || response.destroyed) return;
  const compress = body.length >= GZIP_FROM_BYTES && acceptsGzip(request);
  const payload = compress ? gzipSync(body, { level: 6 }) : body;
  response.writeHead(status, {
    ...headers,
    ...(compress ? { 'content-encoding': 'gzip' } : {}),
    vary: 'accept-encoding',
    'content-length': String(payload.length),
    'x-content-type-options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : payload);
}

export function sendJson(request: IncomingMessage, response: ServerResponse, status: number, value: unknown): void {
  sendBody(request, response, status, Buffer.from(JSON.stringify(value)), {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
}

/** Maps anything thrown by a handler to a status and the OpenAI error body. */
export function sendApiError(request: IncomingMessage, response: ServerResponse, error: unknown): void {
  if (error instanceof DataError) {
    // the bundled data or a file in the route-evals folder is broken: say which, it is the operator's to fix
    sendJson(request, response, 500, { error: { message: error.message, type: 'server_error', param: null, code: 'data_error' } });
    return;
  }
  const mapped = toErrorResponse(error);
  sendJson(request, response, mapped.status, mapped.body);
}
