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
import { ANTHROPIC_VERSION, statusError } from '../../providers/index.js';
import type { UpstreamConfig } from '../config/schema.js';

export interface UpstreamClient {
  readonly name: string;
  readonly config: UpstreamConfig;
  /**
   * POSTs `body` to `<baseUrl><path>`, reporting to `handler` (undici's DispatchHandler); `traceparent` when
   * traced, `forward`: headers of the client's passed on (never the upstream's own key headers).
   */
  dispatch(path: string, body: string, handler: Dispatcher.DispatchHandler, traceparent?: string, forward?: Readonly<Record<string, string>>): void;
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

/**
 * How the upstream's own key is sent (never the client's): `Authorization: Bearer` for OpenAI-compatible
 * upstreams; `x-api-key` and `anthropic-version` for Anthropic ones (their `/v1/messages` is passed through).
 */
function authHeaders(config: UpstreamConfig, key: string | undefined): Record<string, string> {
  if (config.kind === 'anthropic') return { 'anthropic-version': ANTHROPIC_VERSION, ...(key === undefined ? {} : { 'x-api-key': key }) };
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
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
  const key = config.apiKeyEnv === undefined ? undefined : env[config.apiKeyEnv];
  const headers: Record<string, string> = { 'content-type': 'application/json', ...config.headers, ...authHeaders(config, key === '' ? undefined : key) };

  return {
    name,
    config,
    dispatch(path, body, handler, traceparent, forward) {
      const traced = traceparent !== undefined && traceparent !== '';
      pool.dispatch(
        {
          origin: base.origin,
          path: basePath + path,
          method: 'POST',
          headers: !traced && forward === undefined ? headers : { ...forward, ...headers, ...(traced ? { traceparent } : {}) },
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
