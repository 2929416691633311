/**
 * Browser safety, decided from the headers alone before any other work (and before a body is read):
 *
 * 1. `Host` must name this server (host-allow-list.ts): the DNS-rebinding guard, on every route.
 * 2. A request carrying an `Origin` comes from a browser page: it passes when that page is this server itself
 *    (same origin: the dashboard) or its origin is in `cors.allowOrigins`; any other origin gets a 403 — so a
 *    page the user happens to visit cannot spend through a gateway with keys off, nor read the dashboard API.
 *    Allowed cross-origin requests get CORS headers; preflights (`OPTIONS` + `Access-Control-Request-Method`)
 *    are answered here.
 *    A browser request without an `Origin` (a no-cors `<img>`/`<script>` load, or a form in an old browser) still
 *    names where it comes from in `Sec-Fetch-Site`: another site's request is refused too, except a top-level
 *    navigation (`Sec-Fetch-Mode: navigate`: following a link to the dashboard).
 * 3. Routes that take a JSON body (`POST /v1/*`, `/admin/*`) accept only `application/json`: a form or a
 *    `text/plain` POST (which a browser sends cross-site without a preflight) is a 415.
 *
 * The checks are string compares on a few headers; nothing is allocated for a request that passes without an
 * Origin (what SDKs and servers send).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsConfig, ServerConfig } from '../config/schema.js';
import { RequestRefusedError } from '../errors/openai-error.js';
import { createHostAllowList } from './host-allow-list.js';
import { sendError } from './io.js';

export interface RequestGuard {
  /**
   * Checks Host, Origin and (for a route that takes a body) the content type. Undefined when the request may go
   * on — having set the CORS headers on `response` for an allowed cross-origin page; else the refusal to send.
   */
  check(request: IncomingMessage, response: ServerResponse, takesBody: boolean): RequestRefusedError | undefined;
  /** Answers a CORS preflight (204 or 403); false when `request` is no preflight. */
  preflight(request: IncomingMessage, response: ServerResponse): boolean;
}

const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
const DEFAULT_ALLOW_HEADERS = 'authorization, content-type, x-api-key, x-parity-route, cache-control';
const EXPOSE_HEADERS =
  'x-parity-request-id, x-parity-route, x-parity-route-reason, x-parity-upstream, x-parity-model, x-parity-cache, retry-after';
/** A requested header list echoed back in a preflight: header names only, bounded. */
const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `application/json`, any case, with or without parameters (`; charset=utf-8`). */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value === 'application/json') return true;
  const semicolon = value.indexOf(';');
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}

/** The page is served by this very server: `Origin` is `http(s)://` + the (already checked) Host. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  if (origin.length === host.length + 7 && origin.startsWith('http://')) return origin.endsWith(host);
  if (origin.length === host.length + 8 && origin.startsWith('https://')) return origin.endsWith(host);
  return false;
}

export function createRequestGuard(server: Pick<ServerConfig, 'host' | 'allowedHosts'>, cors: CorsConfig): RequestGuard {
  const hosts = createHostAllowList({ listenHost: server.host, allowedHosts: server.allowedHosts });
  const anyOrigin = cors.allowOrigins.includes('*');
  const origins = new Set(cors.allowOrigins.map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  const maxAge = String(cors.maxAgeSeconds);

  const hostRefusal = (host: string | undefined): RequestRefusedError =>
    new RequestRefusedError(
      'host_not_allowed',
      `The Host header "${String(host).slice(0, 100)}" names no address of this server. Add the name to server.allowedHosts (or --allow-host) to serve it.`,
      'host',
    );
  const originRefusal = (origin: string): RequestRefusedError =>
    new RequestRefusedError(
      'origin_not_allowed',
      `Requests from the web page at ${origin.slice(0, 200)} are not allowed. Add its origin to cors.allowOrigins to let browser pages there call this gateway.`,
      'origin',
    );

  const siteRefusal = (site: string): RequestRefusedError =>
    new RequestRefusedError(
      'origin_not_allowed',
      `A ${site} browser request without an Origin is not allowed (Sec-Fetch-Site: ${site}). Browser pages call this gateway with fetch from an origin in cors.allowOrigins.`,
      'sec-fetch-site',
    );
  const crossOriginAllowed = (origin: string): boolean => anyOrigin || origins.has(origin) || origins.has(origin.toLowerCase());

  return {
    check(request, response, takesBody) {
      const headers = request.headers;
      const host = headers.host;
      if (!hosts.allows(host)) return hostRefusal(host);
      const origin = first(headers.origin);
      if (origin !== undefined) {
        if (!sameOrigin(origin, host)) {
          if (origin === 'null' || !crossOriginAllowed(origin)) return originRefusal(origin);
          response.setHeader('access-control-allow-origin', origin);
          response.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
          response.setHeader('vary', 'origin');
        }
      } else if (headers['sec-fetch-site'] !== undefined) {
        const site = headers['sec-fetch-site'];
        if ((site === 'cross-site' || site === 'same-site') && headers['sec-fetch-mode'] !== 'navigate') return siteRefusal(site);
      }
      if (takesBody && !isJsonContentType(headers['content-type'])) {
        const given = headers['content-type'];
        return new RequestRefusedError(
          'unsupported_media_type',
          `This endpoint takes a JSON body: send "Content-Type: application/json"${given === undefined ? '' : ` (got "${given.slice(0, 100)}")`}.`,
          'content-type',
        );
      }
      return undefined;
    },

    preflight(request, response) {
      if (request.method !== 'OPTIONS') return false;
      const headers = request.headers;
      const origin = first(headers.origin);
      const method = first(headers['access-control-request-method']);
      if (origin === undefined || method === undefined) return false;
      const refusal = !hosts.allows(headers.host)
        ? hostRefusal(headers.host)
        : sameOrigin(origin, headers.host) || (origin !== 'null' && crossOriginAllowed(origin))
          ? undefined
          : originRefusal(origin);
      if (refusal !== undefined) {
        sendError(response, refusal);
        return true;
      }
      const asked = first(headers['access-control-request-headers']);
      response.writeHead(204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': ALLOW_METHODS,
        'access-control-allow-headers': asked !== undefined && asked.length <= 1024 && HEADER_LIST.test(asked) ? asked : DEFAULT_ALLOW_HEADERS,
        'access-control-max-age': maxAge,
        vary: 'origin, access-control-request-method, access-control-request-headers',
        'content-length': '0',
      });
      response.end();
      return true;
    },
  };
}
