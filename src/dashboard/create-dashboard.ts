/**
 * `createDashboard(options)`: the web dashboard as routes and handlers for the gateway — the JSON API under
 * `/api/` and the built front-end (`web/dist`) at `/`.
 *
 *   const gateway = await createGateway(config, { store });
 *   const dashboard = createDashboard({ store });
 *   for (const route of dashboard.routes) gateway.route(route);
 *   for (const mount of dashboard.mounts) gateway.mount(mount.prefix, mount.handler);
 *
 * or `createGateway(config, { store, routes: dashboard.routes, mounts: dashboard.mounts })`. The API is read-only (GET and HEAD).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { loadCatalog, packageRoot, type Catalog } from '../catalog/index.js';
import { loadReference } from '../decide/index.js';
import { AuthError, NotFoundError, ParityError, ValidationError } from '../errors.js';
import { DEFAULT_TRACK_OPTIONS, type ApiHandler, type DashboardContext, type DashboardStore } from './context.js';
import { catalogModel, catalogModels, meta } from './handlers/catalog.js';
import { dataFreshness } from './handlers/data.js';
import { cost, license } from './handlers/decide.js';
import { gatewayRequests, gatewaySummary, routeSplit } from './handlers/gateway.js';
import { routeEvals } from './handlers/route.js';
import { getRun, listRuns, runCase, runMatrix } from './handlers/runs.js';
import { trackDomain, trackSummary } from './handlers/track.js';
import { createAccessCheck } from './http/access.js';
import { sendApiError, sendJson } from './http/respond.js';
import { createStaticHandler } from './http/static-files.js';
import { createTrackCache } from './track-cache.js';

/** The folder the dashboard reads route evaluations and policies from, relative to the working directory. */
export const DEFAULT_ROUTE_EVALS_DIR = '.parity/route-evals';

export interface DashboardOptions {
  /** Where runs and the request log are read from (usually the store the gateway writes). */
  store: DashboardStore;
  /** Default: the bundled catalog (`loadCatalog(dataDir)`). */
  catalog?: Catalog;
  /** Catalog and reference tables folder; default the package's `data/`. */
  dataDir?: string;
  /** Default `.parity/route-evals` under the working directory. */
  routeEvalsDir?: string;
  /** The built front-end; default `<package>/web/dist`. */
  staticDir?: string;
  /** For tests: the clock the log windows end at. */
  now?: () => Date;
  /** Called with errors that are not ParityErrors (bugs); the client gets a 500 without their message. */
  onError?: (error: unknown) => void;
  /**
   * When set, every API request must carry it as `Authorization: Bearer <token>` (401 otherwise); `parity serve`
   * passes the gateway's admin token when the gateway requires keys. Unset: the API is open to whoever reaches
   * the port (fine on 127.0.0.1, the default address).
   */
  accessToken?: string;
}

export type DashboardHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean> | boolean;

export interface Dashboard {
  /** The API's routes: give them to the gateway's route table (`GatewayOptions.routes`). */
  readonly routes: readonly DashboardRoute[];
  /**
   * Mount these, in order, on the gateway (`gateway.mount(prefix, handler)` or `GatewayOptions.mounts`): the
   * answer for `/api/` paths no route names (404, or 400 for a method other than GET/HEAD), and the front-end.
   */
  readonly mounts: ReadonlyArray<{ prefix: string; handler: DashboardHandler }>;
  readonly staticDir: string;
  readonly routeEvalsDir: string;
  /** Computes the default convergence report now, so the first page view does not wait for it. */
  warm(): void;
}

/** The API's routes, in find-my-way syntax (`:name` is a path parameter, URL-decoded, in declaration order). */
const API_ROUTES: ReadonlyArray<readonly [path: string, handler: ApiHandler]> = [
  ['/api/meta', meta],
  ['/api/track', trackSummary],
  ['/api/track/domain', trackDomain],
  ['/api/catalog/models', catalogModels],
  ['/api/catalog/model', catalogModel],
  ['/api/runs', listRuns],
  ['/api/runs/:id', getRun],
  ['/api/runs/:id/matrix', runMatrix],
  ['/api/runs/:id/case', runCase],
  ['/api/route/evals', routeEvals],
  ['/api/route/split', routeSplit],
  ['/api/gateway/summary', gatewaySummary],
  ['/api/gateway/requests', gatewayRequests],
  ['/api/cost', cost],
  ['/api/license', license],
  ['/api/data', dataFreshness],
];

/** A dashboard API route, for the gateway's one route table (`GatewayOptions.routes`). */
export interface DashboardRoute {
  readonly methods: readonly ['GET', 'HEAD'];
  readonly path: string;
  readonly handler: (call: { request: IncomingMessage; response: ServerResponse; params: Readonly<Record<string, string | undefined>> }) => Promise<boolean>;
}

function packageVersion(): string {
  try {
    const json = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function createDashboard(options: DashboardOptions): Dashboard {
  let catalog = options.catalog;
  const catalogOf = (): Catalog => (catalog ??= loadCatalog(options.dataDir));
  const routeEvalsDir = path.resolve(options.routeEvalsDir ?? DEFAULT_ROUTE_EVALS_DIR);
  const staticDir = path.resolve(options.staticDir ?? path.join(packageRoot(), 'web', 'dist'));
  const context: DashboardContext = {
    store: options.store,
    catalog: catalogOf,
    reference: () => (options.dataDir === undefined ? loadReference() : loadReference(options.dataDir)),
    track: createTrackCache(catalogOf),
    routeEvalsDir,
    version: packageVersion(),
    now: options.now ?? (() => new Date()),
  };

  const checkAccess = options.accessToken === undefined ? undefined : createAccessCheck(options.accessToken);

  /** Runs `work` with the access check, answering its result or its error in the API's shape. */
  const answer = async (request: IncomingMessage, response: ServerResponse, work: (url: URL) => unknown): Promise<boolean> => {
    try {
      checkAccess?.(request);
      const url = new URL(request.url ?? '/', 'http://localhost');
      sendJson(request, response, 200, await work(url));
    } catch (error) {
      if (error instanceof AuthError) response.setHeader('www-authenticate', 'Bearer realm="parity dashboard"');
      if (!(error instanceof ParityError)) options.onError?.(error);
      sendApiError(request, response, error);
    }
    return true;
  };

  const routes: DashboardRoute[] = API_ROUTES.map(([routePath, handler]) => ({
    methods: ['GET', 'HEAD'] as const,
    path: routePath,
    handler: ({ request, response, params }) =>
      answer(request, response, (url) => handler(context, { url, params: Object.values(params).map((value) => value ?? '') })),
  }));

  /** `/api/` paths no route names. */
  const unknownApi: DashboardHandler = (request, response) =>
    answer(request, response, (url) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('allow', 'GET, HEAD');
        throw new ValidationError(`the dashboard API is read-only: use GET, not ${request.method ?? '?'}`, 'method');
      }
      throw new NotFoundError(`no dashboard API at ${url.pathname}`);
    });

  return {
    routes,
    mounts: [
      { prefix: '/api/', handler: unknownApi },
      { prefix: '/', handler: createStaticHandler(staticDir) },
    ],
    staticDir,
    routeEvalsDir,
    warm() {
      setImmediate(() => {
        try {
          context.track.get(DEFAULT_TRACK_OPTIONS);
        } catch {
          // the first request reports the problem
        }
      });
    },
  };
}
