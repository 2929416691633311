/**
 * The single chokepoint for outbound HTTP. Every call carries an AbortSignal and a no-progress timeout, runs
 * on a keep-alive undici pool, and every failure becomes a ParityError:
 * - HTTP status ≥ 400 → ProviderError (retryable for 408/409/429/5xx, honouring `x-should-retry`), with the
 *   upstream's error message and its retry hint (Retry-After, retry-after-ms, Google RetryInfo);
 * - connection failures → retryable ProviderError; no progress within `timeoutMs` → TimeoutError;
 * - the caller's abort → the signal's reason, unchanged.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import { ParityError, ProviderError, TimeoutError } from '../errors.js';
import { excerpt, parseJsonWith, safeJsonParse } from './json.js';
import { type HeaderReader, retryAfterFromGoogleError, retryAfterFromHeaders } from './retry-after.js';
import { type ServerSentEvent, decodeServerSentEvents } from './sse.js';

export interface FetchRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}
export interface FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderReader;
  readonly body: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
}
/** A fetch-shaped function (the global `fetch` fits) for callers that bring their own transport. */
export type FetchFunction = (url: string, init: FetchRequestInit) => Promise<FetchResponse>;

export const DEFAULT_TIMEOUT_MS = 120_000;

let sharedAgent: Agent | undefined;

/** The shared keep-alive connection pool (one undici Pool per origin). */
export function httpAgent(): Agent {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 128,
    // our own per-call deadline replaces undici's fixed header/body timeouts
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  return sharedAgent;
}

/** Closes pooled connections (for a graceful shutdown); a later call opens a new pool. */
export async function closeHttpAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  if (agent !== undefined) await agent.close();
}

/** `origin` and `path` of a URL, parsed once per distinct URL (a model calls the same one every time). */
const urlParts = new Map<string, { origin: string; path: string }>();
function splitUrl(url: string): { origin: string; path: string } {
  let parts = urlParts.get(url);
  if (parts === undefined) {
    const parsed = new URL(url);
    parts = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (urlParts.size >= 256) urlParts.clear();
    urlParts.set(url, parts);
  }
  return parts;
}

/** Reads undici's lower-cased header record the way `Headers.get` does (repeated values joined). */
function headerReader(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The default transport: undici's `request` on the shared pool. It does what the chokepoint needs (status,
 * headers, a streamed body, abort) without WHATWG fetch's per-call Request/Headers/web-stream objects, which
 * dominated the profile of an eval run at thousands of calls per second.
 */
const defaultFetch: FetchFunction = async (url, init) => {
  const { origin, path } = splitUrl(url);
  const response = await httpAgent().request({
    origin,
    path,
    method: init.method as Dispatcher.HttpMethod,
    headers: init.headers,
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: init.signal,
  });
  const body = response.body;
  return {
    status: response.statusCode,
    statusText: response.statusText,
    headers: headerReader(response.headers),
    body,
    text: () => body.text(),
  };
};

export interface HttpCall {
  /** Provider name, for messages. */
  provider: string;
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body: unknown;
  signal?: AbortSignal;
  /** Abort when nothing arrives for this long (before headers, and between body chunks). */
  timeoutMs?: number;
  fetch?: FetchFunction;
}

/** One call's abort controller: follows the caller's signal and fires a TimeoutError when idle too long. */
class CallDeadline {
  readonly controller = new AbortController();
  timedOut = false;
  private disposed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly forward = (): void => this.controller.abort(this.outer?.reason);

  constructor(
    readonly timeoutMs: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    outer?.addEventListener('abort', this.forward, { once: true });
    this.touch();
  }

  /** Progress was made: restart the idle timer. */
  touch(): void {
    if (this.disposed) return;
    // refresh() re-arms the same timer: cheaper than a new one per body chunk
    if (this.timer !== undefined) this.timer.refresh();
    else {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        this.controller.abort(new TimeoutError(`no progress within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.forward);
  }

  /** Cancels the request (closes the connection) if it is still open. */
  cancel(): void {
    this.dispose();
    if (!this.controller.signal.aborted) this.controller.abort();
  }
}

function failureDetail(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.length === 0 ? String(error) : parts.join(': ');
}

function mapFailure(error: unknown, call: HttpCall, deadline: CallDeadline, stage: string): unknown {
  if (call.signal?.aborted) return call.signal.reason;
  if (deadline.timedOut) {
    return new TimeoutError(`${call.provider}: no progress within ${deadline.timeoutMs} ms ${stage} (${call.url})`, {
      cause: error,
    });
  }
  if (error instanceof ParityError) return error;
  return new ProviderError(call.provider, `${stage}: ${failureDetail(error)} (${call.url})`, { isRetryable: true }, {
    cause: error,
  });
}

const errorBodySchema = z.looseObject({
  error: z
    .union([z.string(), z.looseObject({ message: z.string().optional(), type: z.string().optional() })])
    .optional(),
  message: z.string().optional(),
  detail: z.unknown().optional(),
});

function errorMessage(body: unknown, text: string): string {
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { error, message, detail } = parsed.data;
    if (typeof error === 'string') return error;
    if (error?.message !== undefined) return error.type === undefined ? error.message : `${error.message} (${error.type})`;
    if (message !== undefined) return message;
    if (typeof detail === 'string') return detail;
    if (detail !== undefined) return JSON.stringify(detail);
  }
  return text.trim() === '' ? '(empty body)' : excerpt(text.trim());
}

/** Builds the ProviderError for an HTTP error status. */
export function statusError(provider: string, status: number, headers: HeaderReader, text: string): ProviderError {
  const json = safeJsonParse(text);
  const body = json.success ? json.value : undefined;
  const retryAfterMs = retryAfterFromHeaders(headers) ?? retryAfterFromGoogleError(body);
  const shouldRetry = headers.get('x-should-retry');
  return new ProviderError(provider, `HTTP ${status}: ${errorMessage(body, text)}`, {
    status,
    retryAfterMs,
    responseBody: text,
    ...(shouldRetry === 'true' ? { isRetryable: true } : shouldRetry === 'false' ? { isRetryable: false } : {}),
  });
}

async function open(call: HttpCall, accept: string): Promise<{ response: FetchResponse; deadline: CallDeadline }> {
  call.signal?.throwIfAborted();
  const deadline = new CallDeadline(call.timeoutMs ?? DEFAULT_TIMEOUT_MS, call.signal);
  const fetchFunction = call.fetch ?? defaultFetch;
  try {
    const response = await fetchFunction(call.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...call.headers },
      body: JSON.stringify(call.body),
      signal: deadline.controller.signal,
    });
    deadline.touch();
    return { response, deadline };
  } catch (error) {
    deadline.dispose();
    throw mapFailure(error, call, deadline, 'request failed');
  }
}

/** Reads the whole body, restarting the idle timer on every chunk. */
async function readText(response: FetchResponse, call: HttpCall, deadline: CallDeadline): Promise<string> {
  try {
    if (response.body === null) return await response.text();
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of response.body) {
      deadline.touch();
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    throw mapFailure(error, call, deadline, 'reading the response failed');
  }
}

export interface JsonResult<T> {
  value: T;
  status: number;
  headers: HeaderReader;
}

/** POSTs JSON and validates the JSON answer with `schema`. */
export async function postJson<T>(call: HttpCall, schema: z.ZodType<T>): Promise<JsonResult<T>> {
  const { response, deadline } = await open(call, 'application/json');
  try {
    const text = await readText(response, call, deadline);
    if (response.status >= 400) throw statusError(call.provider, response.status, response.headers, text);
    const parsed = parseJsonWith(call.provider, 'response body', text, schema, response.status);
    if (!parsed.success) throw parsed.error;
    return { value: parsed.value, status: response.status, headers: response.headers };
  } finally {
    deadline.dispose();
  }
}

export interface EventStream {
  status: number;
  headers: HeaderReader;
  /**
   * The events. Iteration throws a retryable ProviderError when the connection breaks, a TimeoutError when the
   * stream stalls, or the abort reason. Stopping early (break) cancels the upstream request.
   */
  events: AsyncIterable<ServerSentEvent>;
}

/** POSTs JSON and opens the server-sent event stream of the answer. */
export async function postEventStream(call: HttpCall): Promise<EventStream> {
  const { response, deadline } = await open(call, 'text/event-stream');
  if (response.status >= 400) {
    try {
      const text = await readText(response, call, deadline);
      throw statusError(call.provider, response.status, response.headers, text);
    } finally {
      deadline.dispose();
    }
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('application/json')) {
    // some hosts answer a stream request with a plain JSON error and status 200
    try {
      const text = await readText(response, call, deadline);
      throw new ProviderError(call.provider, `expected an event stream, got JSON: ${excerpt(text)}`, {
        status: response.status,
        isRetryable: false,
        responseBody: text,
      });
    } finally {
      deadline.dispose();
    }
  }
  const body = response.body;
  async function* events(): AsyncGenerator<ServerSentEvent> {
    if (body === null) throw new ProviderError(call.provider, 'the event stream has no body', { isRetryable: true });
    async function* touched(): AsyncGenerator<Uint8Array> {
      for await (const chunk of body ?? []) {
        deadline.touch();
        yield chunk;
      }
    }
    try {
      yield* decodeServerSentEvents(touched());
    } catch (error) {
      throw mapFailure(error, call, deadline, 'connection lost mid-stream');
    } finally {
      deadline.cancel();
    }
  }
  return { status: response.status, headers: response.headers, events: events() };
}

export interface FileCall {
  /** Who is fetching, for messages (a data source's name). */
  provider: string;
  url: string;
  /** E.g. the conditional-request headers If-None-Match / If-Modified-Since. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Abort when nothing arrives for this long (before headers, and between body chunks). */
  timeoutMs?: number;
  /** Refuse a body larger than this (default 512 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  fetch?: FetchFunction;
}

export interface FileResponse {
  /** 200 with the body, or 304 (Not Modified) with an empty one. */
  status: number;
  headers: HeaderReader;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function readBytes(response: FetchResponse, call: FileCall, deadline: CallDeadline, maxBytes: number): Promise<Buffer> {
  const httpCall = { provider: call.provider, url: call.url, body: undefined, ...(call.signal ? { signal: call.signal } : {}) };
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    if (response.body === null) return Buffer.from(await response.text());
    for await (const chunk of response.body) {
      deadline.touch();
      length += chunk.byteLength;
      if (length > maxBytes) throw new ProviderError(call.provider, `the file is larger than ${maxBytes} bytes (${call.url})`, { isRetryable: false });
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    throw mapFailure(error, httpCall, deadline, 'reading the file failed');
  }
  const body = Buffer.concat(chunks, length);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared !== body.byteLength) {
    throw new ProviderError(call.provider, `truncated download: ${body.byteLength} of ${declared} bytes (${call.url})`, { isRetryable: true });
  }
  return body;
}

/**
 * GETs a file: the whole body as bytes, a 304 answer to a conditional request, redirects followed. Errors as
 * everywhere in this module (HTTP status → ProviderError with its retry hint, no progress → TimeoutError); a
 * body shorter than its Content-Length is a retryable ProviderError.
 */
export async function fetchFile(call: FileCall): Promise<FileResponse> {
  const maxBytes = call.maxBytes ?? 512 * 1024 * 1024;
  const fetchFunction = call.fetch ?? defaultFetch;
  let url = call.url;
  for (let hop = 0; ; hop++) {
    call.signal?.throwIfAborted();
    const deadline = new CallDeadline(call.timeoutMs ?? DEFAULT_TIMEOUT_MS, call.signal);
    const httpCall = { provider: call.provider, url, body: undefined, ...(call.signal ? { signal: call.signal } : {}) };
    try {
      let response: FetchResponse;
      try {
        response = await fetchFunction(url, { method: 'GET', headers: { accept: '*/*', ...call.headers }, signal: deadline.controller.signal });
        deadline.touch();
      } catch (error) {
        throw mapFailure(error, httpCall, deadline, 'request failed');
      }
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location !== null) {
        await readBytes(response, { ...call, url }, deadline, maxBytes).catch(() => undefined);
        if (hop >= (call.maxRedirects ?? 5)) throw new ProviderError(call.provider, `too many redirects (${call.url})`, { isRetryable: false });
        const next = new URL(location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new ProviderError(call.provider, `redirected to ${next.protocol} (${url})`, { isRetryable: false });
        url = next.href;
        continue;
      }
      if (response.status === 304) {
        await readBytes(response, { ...call, url }, deadline, maxBytes).catch(() => undefined);
        return { status: 304, headers: response.headers, body: Buffer.alloc(0), url };
      }
      if (response.status >= 400) {
        const text = await readText(response, httpCall, deadline);
        throw statusError(call.provider, response.status, response.headers, text);
      }
      return { status: response.status, headers: response.headers, body: await readBytes(response, { ...call, url }, deadline, maxBytes), url };
    } finally {
      deadline.cancel();
    }
  }
}

/** POSTs JSON where only the status matters (a webhook): the reply's body is read and ignored. */
export async function postJsonForStatus(call: HttpCall): Promise<number> {
  const { response, deadline } = await open(call, 'application/json, text/plain;q=0.9, */*;q=0.8');
  try {
    const text = await readText(response, call, deadline);
    if (response.status >= 400) throw statusError(call.provider, response.status, response.headers, text);
    return response.status;
  } finally {
    deadline.dispose();
  }
}
