/**
 * The gateway's byte-level transport to OpenAI-compatible upstreams: one keep-alive undici Pool per upstream,
 * raw response bodies (so bytes can be piped, not re-encoded), per-call timeouts (time to headers, then time
 * between body chunks) and an AbortSignal. providers/http.ts is the chokepoint for calls that parse their
 * answers; this is its pass-through sibling and reuses its error mapping (`statusError`), so an upstream's
 * failures read the same everywhere.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { ParityError, ProviderError, TimeoutError } from '../../errors.js';
import { statusError } from '../../providers/http.js';
import type { UpstreamConfig } from '../config/schema.js';
import type { RequestAbort } from './request-abort.js';

export interface UpstreamResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
}

export interface UpstreamClient {
  readonly name: string;
  readonly config: UpstreamConfig;
  /** POSTs `body` to `<baseUrl><path>`; resolves on response headers, whatever the status. */
  post(path: string, body: string, signal: RequestAbort): Promise<UpstreamResponse>;
  /** Turns a transport failure into a ParityError (TimeoutError or a retryable ProviderError). */
  failure(error: unknown, stage: string): ParityError;
  /** Reads an error response (at most 64 KiB) into a ProviderError. */
  errorFrom(response: UpstreamResponse): Promise<ProviderError>;
  close(): Promise<void>;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const ERROR_BODY_LIMIT = 64 * 1024;

function headerReader(headers: IncomingHttpHeaders) {
  return {
    get(name: string): string | null {
      const value = headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? (value[0] ?? null) : value;
    },
  };
}

export function createUpstreamClient(name: string, config: UpstreamConfig, env: NodeJS.ProcessEnv): UpstreamClient {
  const base = new URL(config.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, {
    connections: config.connections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    pipelining: 1,
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', ...config.headers };
  if (config.apiKeyEnv !== undefined) {
    const key = env[config.apiKeyEnv];
    if (key !== undefined && key !== '') headers.authorization = `Bearer ${key}`;
  }

  const failure = (error: unknown, stage: string): ParityError => {
    if (error instanceof ParityError) return error;
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
      return new TimeoutError(`${name}: no answer within ${config.timeoutMs} ms (${stage})`, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderError(name, `${stage}: ${message}${typeof code === 'string' ? ` (${code})` : ''}`, { isRetryable: true }, { cause: error });
  };

  return {
    name,
    config,
    post(path, body, signal) {
      return pool.request({
        origin: base.origin,
        path: basePath + path,
        method: 'POST',
        headers,
        body,
        signal,
        headersTimeout: config.timeoutMs,
        bodyTimeout: config.timeoutMs,
      });
    },
    failure,
    async errorFrom(response) {
      let text = '';
      try {
        for await (const chunk of response.body) {
          if (text.length < ERROR_BODY_LIMIT) text += (chunk as Buffer).toString('utf8');
        }
      } catch {
        // a broken error body still yields the status
      }
      return statusError(name, response.statusCode, headerReader(response.headers), text.slice(0, ERROR_BODY_LIMIT));
    },
    close: () => pool.close(),
  };
}
