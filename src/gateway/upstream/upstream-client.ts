/**
 * The gateway's byte-level transport to OpenAI-compatible upstreams: one keep-alive undici Pool per upstream,
 * driven through `dispatch` with a handler, so response bytes go from the upstream socket to the client socket
 * with no stream objects in between; per-call timeouts (time to headers, then time between body chunks) and
 * cancellation. providers/http.ts is the chokepoint for calls that parse their answers; this is its
 * pass-through sibling and reuses its error mapping (`statusError`), so an upstream's failures read the same
 * everywhere.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { ParityError, ProviderError, TimeoutError } from '../../errors.js';
import { statusError } from '../../providers/index.js';
import type { UpstreamConfig } from '../config/schema.js';

export interface UpstreamClient {
  readonly name: string;
  readonly config: UpstreamConfig;
  /** POSTs `body` to `<baseUrl><path>`, reporting to `handler` (undici's DispatchHandler). */
  dispatch(path: string, body: string, handler: Dispatcher.DispatchHandler): void;
  /** Turns a transport failure into a ParityError (TimeoutError or a retryable ProviderError). */
  failure(error: unknown, stage: string): ParityError;
  /** The ProviderError for an error status and its body text. */
  statusError(statusCode: number, headers: IncomingHttpHeaders, text: string): ProviderError;
  close(): Promise<void>;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

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

  return {
    name,
    config,
    dispatch(path, body, handler) {
      pool.dispatch(
        {
          origin: base.origin,
          path: basePath + path,
          method: 'POST',
          headers,
          body,
          headersTimeout: config.timeoutMs,
          bodyTimeout: config.timeoutMs,
        },
        handler,
      );
    },
    failure(error, stage) {
      if (error instanceof ParityError) return error;
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
        return new TimeoutError(`${name}: no answer within ${config.timeoutMs} ms (${stage})`, { cause: error });
      }
      const message = error instanceof Error ? error.message : String(error);
      return new ProviderError(name, `${stage}: ${message}${typeof code === 'string' ? ` (${code})` : ''}`, { isRetryable: true }, { cause: error });
    },
    statusError(statusCode, responseHeaders, text) {
      return statusError(name, statusCode, headerReader(responseHeaders), text);
    },
    close: () => pool.close(),
  };
}
