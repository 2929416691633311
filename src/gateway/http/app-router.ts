/**
 * The one route table of the HTTP app, on find-my-way (measured against Hono and the old `if` chain in
 * bench/gateway/router.ts: ~2 µs a request). The gateway's routes, the admin API and the dashboard API are all
 * declared here (`server.ts` builds the list); paths the table does not name fall through to the mounted
 * handlers (the dashboard's static files), then to a 404.
 *
 * Each route says how its errors are shaped (`openai` or `anthropic`, rendered by the one error hook in
 * `io.ts`) and whether it runs the request guard itself (model requests do, so that a refusal is logged like
 * any other request).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { ErrorShape } from './io.js';

export type RouteParams = Readonly<Record<string, string | undefined>>;

export interface RouteCall {
  request: IncomingMessage;
  response: ServerResponse;
  params: RouteParams;
  /** The URL's query string without the `?` ('' when none). */
  query: string;
  path: string;
}

export interface AppRoute {
  readonly methods: readonly HTTPMethod[];
  /** find-my-way syntax: `/v1/responses/:id`. */
  readonly path: string;
  readonly handler: (call: RouteCall) => unknown;
  /** How errors of this route are rendered; default `openai`. */
  readonly errors?: ErrorShape;
  /** The handler checks Host/Origin/content type itself (model requests: their refusals are logged). */
  readonly guardsItself?: boolean;
}

export interface RouteMatch {
  route: AppRoute;
  params: RouteParams;
}

export interface AppRouter {
  /** The route for a method and path (no query string), or undefined. */
  find(method: string, path: string): RouteMatch | undefined;
  /** Adds a route (a path declared twice for one method is refused). */
  add(route: AppRoute): void;
}

const NO_SEARCH = Object.freeze({});

export function createAppRouter(routes: readonly AppRoute[]): AppRouter {
  // the query string is split off by the caller; find-my-way never parses one
  const router = FindMyWay({ ignoreTrailingSlash: false, querystringParser: () => NO_SEARCH });
  const handler = (): undefined => undefined; // routes are read from the store of the match
  const add = (route: AppRoute): void => router.on([...route.methods], route.path, handler, route);
  for (const route of routes) add(route);
  return {
    add,
    find(method, path) {
      const found = router.find(method as HTTPMethod, path);
      if (found === null) return undefined;
      return { route: found.store as AppRoute, params: found.params };
    },
  };
}
