/**
 * A fake upstream HTTP server for integration tests: a real `node:http` server on 127.0.0.1, port 0, that
 * replays recorded wire-format fixtures and injects faults (hang, error statuses, 429 + Retry-After,
 * connection reset, malformed JSON, an SSE stream cut midway). It records every request it receives.
 *
 *   const upstream = await startFakeUpstream();
 *   upstream.on('POST /v1/chat/completions', reply.error(500, {...}), reply.json(body));  // then the last repeats
 *   ... point a client at upstream.url ...
 *   expect(upstream.count('POST /v1/chat/completions')).toBe(2);
 *   await upstream.close();
 */
import { readFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string including `?`, or ''. */
  search: string;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** `performance.now()` when the request's body was fully received. */
  receivedAt: number;
}

export type SseFormat =
  /** `data: <line>\n\n` per line (Gemini `alt=sse`). */
  | 'data'
  /** `data: <line>\n\n` per line, then `data: [DONE]\n\n` (OpenAI-compatible). */
  | 'openai'
  /** `event: <type>\ndata: <line>\n\n` where type is the line's JSON `type` field (Anthropic). */
  | 'anthropic';

export type Reply =
  | { kind: 'body'; status: number; headers: Record<string, string>; body: string; delayMs?: number }
  | {
      kind: 'sse';
      status: number;
      headers: Record<string, string>;
      /** Complete SSE frames, already formatted. */
      frames: string[];
      intervalMs?: number;
      delayMs?: number;
      /** Stop after this many frames: end the response cleanly, reset the socket, or reset mid-frame. */
      cut?: { after: number; how: 'end' | 'reset' | 'partial' };
    }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'handler'; handle: (request: RecordedRequest, response: ServerResponse) => void | Promise<void> };

export interface ReplyOptions {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

function frame(line: string, format: SseFormat): string {
  if (format !== 'anthropic') return `data: ${line}\n\n`;
  const type = (JSON.parse(line) as { type?: unknown }).type;
  return `event: ${typeof type === 'string' ? type : 'message'}\ndata: ${line}\n\n`;
}

/** Builders for replies. */
export const reply = {
  json(body: unknown, options: ReplyOptions = {}): Reply {
    return {
      kind: 'body',
      status: options.status ?? 200,
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
    };
  },
  text(body: string, options: ReplyOptions & { contentType?: string } = {}): Reply {
    return {
      kind: 'body',
      status: options.status ?? 200,
      headers: { 'content-type': options.contentType ?? 'text/plain', ...options.headers },
      body,
      ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
    };
  },
  /** An error status with a JSON body (an upstream's error object). */
  error(status: number, body: unknown = { error: { message: `status ${status}` } }, headers: Record<string, string> = {}): Reply {
    return reply.json(body, { status, headers });
  },
  /** 429 with `Retry-After: <seconds>` (or `retry-after-ms` when `retryAfterMs` is given). */
  rateLimited(options: { retryAfter?: string; retryAfterMs?: number; body?: unknown } = {}): Reply {
    const headers: Record<string, string> = {};
    if (options.retryAfter !== undefined) headers['retry-after'] = options.retryAfter;
    if (options.retryAfterMs !== undefined) headers['retry-after-ms'] = String(options.retryAfterMs);
    return reply.error(429, options.body ?? { error: { message: 'rate limited', type: 'rate_limit_error' } }, headers);
  },
  /** 200 with a JSON content type and a body that is not JSON. */
  malformedJson(body = '{"id": "chatcmpl-broken", "choices": [ {"mess'): Reply {
    return reply.text(body, { contentType: 'application/json' });
  },
  /** A server-sent event stream of recorded lines (see `readChunks`). */
  sse(
    lines: readonly string[],
    options: ReplyOptions & { format?: SseFormat; intervalMs?: number; cut?: { after: number; how: 'end' | 'reset' | 'partial' } } = {},
  ): Reply {
    const format = options.format ?? 'openai';
    const frames = lines.map((line) => frame(line, format));
    if (format === 'openai') frames.push('data: [DONE]\n\n');
    return {
      kind: 'sse',
      status: options.status ?? 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...options.headers },
      frames,
      ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
      ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
      ...(options.cut === undefined ? {} : { cut: options.cut }),
    };
  },
  /** Never answers (until the client gives up or the server closes). */
  hang(): Reply {
    return { kind: 'hang' };
  },
  /** Destroys the connection without an answer. */
  reset(): Reply {
    return { kind: 'reset' };
  },
  handler(handle: (request: RecordedRequest, response: ServerResponse) => void | Promise<void>): Reply {
    return { kind: 'handler', handle };
  },
};

/** Reads a recorded JSON body. */
export function readJson(file: URL | string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** Reads a recorded stream: one event payload per non-empty line. */
export function readChunks(file: URL | string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

export type RequestFilter = string | ((request: RecordedRequest) => boolean);

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Requests being answered right now, and the most at once so far. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Requests whose client went away before the answer was complete. */
  readonly clientAborts: number;
  /**
   * Routes `'METHOD /path'` (or `'/path'` for any method, `'*'` for everything) to replies taken in order;
   * the last reply answers every later request. Query strings are ignored for matching.
   */
  on(route: string, ...replies: Reply[]): FakeUpstream;
  /** Requests matching `'METHOD /path'`, `'/path'`, or a predicate; all when omitted. */
  count(filter?: RequestFilter): number;
  /** Forgets routes, requests and counters. */
  reset(): void;
  close(): Promise<void>;
}

interface Route {
  method: string | undefined;
  path: string;
  replies: Reply[];
}

function parseRoute(route: string): { method: string | undefined; path: string } {
  const space = route.indexOf(' ');
  if (space === -1) return { method: undefined, path: route };
  return { method: route.slice(0, space).toUpperCase(), path: route.slice(space + 1) };
}

function matches(filter: RequestFilter | undefined, request: RecordedRequest): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(request);
  const { method, path } = parseRoute(filter);
  return (method === undefined || method === request.method) && (path === '*' || path === request.path);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startFakeUpstream(): Promise<FakeUpstream> {
  let routes: Route[] = [];
  let requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let clientAborts = 0;
  const sockets = new Set<Socket>();

  function nextReply(request: RecordedRequest): Reply | undefined {
    const route = routes.find((candidate) => matches(`${candidate.method ?? ''} ${candidate.path}`.trim(), request));
    if (route === undefined) return undefined;
    return route.replies.length > 1 ? route.replies.shift() : route.replies[0];
  }

  async function answer(recorded: RecordedRequest, response: ServerResponse, socket: Socket): Promise<void> {
    const chosen = nextReply(recorded);
    if (chosen === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `fake upstream: no route for ${recorded.method} ${recorded.path}` } }));
      return;
    }
    switch (chosen.kind) {
      case 'hang':
        return;
      case 'reset':
        socket.destroy();
        return;
      case 'handler':
        await chosen.handle(recorded, response);
        return;
      case 'body':
        if (chosen.delayMs !== undefined) await sleep(chosen.delayMs);
        if (response.destroyed) return;
        response.writeHead(chosen.status, chosen.headers);
        response.end(chosen.body);
        return;
      case 'sse': {
        if (chosen.delayMs !== undefined) await sleep(chosen.delayMs);
        if (response.destroyed) return;
        response.writeHead(chosen.status, chosen.headers);
        response.flushHeaders();
        for (const [index, text] of chosen.frames.entries()) {
          if (chosen.cut !== undefined && index === chosen.cut.after) {
            if (chosen.cut.how === 'end') response.end();
            else {
              if (chosen.cut.how === 'partial') response.write(text.slice(0, Math.ceil(text.length / 2)));
              await sleep(5); // let the written bytes leave before the reset
              socket.destroy();
            }
            return;
          }
          if (response.destroyed) return;
          response.write(text);
          if (chosen.intervalMs !== undefined && index < chosen.frames.length - 1) await sleep(chosen.intervalMs);
        }
        response.end();
        return;
      }
    }
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => {
      inFlight--;
      if (!response.writableFinished) clientAborts++;
    });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = bodyText === '' ? undefined : (JSON.parse(bodyText) as unknown);
      } catch {
        json = undefined;
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        search: url.search,
        headers: request.headers,
        bodyText,
        json,
        receivedAt: performance.now(),
      };
      requests.push(recorded);
      answer(recorded, response, request.socket).catch(() => request.socket.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const upstream: FakeUpstream = {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get clientAborts() {
      return clientAborts;
    },
    on(route, ...replies) {
      if (replies.length === 0) throw new Error('fake upstream: give at least one reply');
      const { method, path } = parseRoute(route);
      routes = routes.filter((existing) => !(existing.method === method && existing.path === path));
      routes.push({ method, path, replies: [...replies] });
      return upstream;
    },
    count(filter) {
      return requests.filter((request) => matches(filter, request)).length;
    },
    reset() {
      routes = [];
      requests = [];
      maxInFlight = inFlight;
      clientAborts = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return upstream;
}
