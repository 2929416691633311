/**
 * Small helpers over node:http: read a bounded body, send JSON, send an error through the one mapping.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError } from '../../errors.js';
import { toErrorResponse, type ErrorResponse } from '../errors/openai-error.js';

/** Reads the whole request body; refuses more than `limit` bytes. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    request.resume();
    return Promise.reject(new ValidationError(`The request body is larger than ${limit} bytes.`, 'body'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ValidationError(`The request body is larger than ${limit} bytes.`, 'body'));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}

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
