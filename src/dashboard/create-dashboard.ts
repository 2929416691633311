/**
 * `createDashboard(options)`: the web dashboard as two handlers to mount on the gateway — the JSON API under
 * `/api/` and the built front-end (`web/dist`) at `/`.
 *
 *   const gateway = await createGateway(config, { store });
 *   const dashboard = createDashboard({ store });
 *   for (const mount of dashboard.mounts) gateway.mount(mount.prefix, mount.handler);
 *
 * or `createGateway(config, { store, mounts: dashboard.mounts })`. The API is read-only (GET and HEAD).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { loadCatalog, packageRoot, type Catalog } from '../catalog/load.js';
import { loadReference } from '../decide/load-reference.js';
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
  /** Mount these, in order, on the gateway (`gateway.mount(prefix, handler)` or `GatewayOptions.mounts`). */
  readonly mounts: ReadonlyArray<{ prefix: string; handler: DashboardHandler }>;
  readonly staticDir: string;
  readonly routeEvalsDir: string;
  /** Computes the default convergence report now, so the first page view does not wait for it. */
  warm(): void;
}

interface Route {
  pattern: RegExp;
  handler: ApiHandler;
}

/** Path patterns under /api; a captured group is a path parameter (URL-decoded). */
const ROUTES: readonly Route[] = [
  { pattern: /^\/api\/meta$/, handler: meta },
  { pattern: /^\/api\/track$/, handler: trackSummary },
  { pattern: /^\/api\/track\/domain$/, handler: trackDomain },
  { pattern: /^\/api\/catalog\/models$/, handler: catalogModels },
  { pattern: /^\/api\/catalog\/model$/, handler: catalogModel },
  { pattern: /^\/api\/runs$/, handler: listRuns },
  { pattern: /^\/api\/runs\/([^/]+)$/, handler: getRun },
  { pattern: /^\/api\/runs\/([^/]+)\/matrix$/, handler: runMatrix },
  { pattern: /^\/api\/runs\/([^/]+)\/case$/, handler: runCase },
  { pattern: /^\/api\/route\/evals$/, handler: routeEvals },
  { pattern: /^\/api\/route\/split$/, handler: routeSplit },
  { pattern: /^\/api\/gateway\/summary$/, handler: gatewaySummary },
  { pattern: /^\/api\/gateway\/requests$/, handler: gatewayRequests },
  { pattern: /^\/api\/cost$/, handler: cost },
  { pattern: /^\/api\/license$/, handler: license },
  { pattern: /^\/api\/data$/, handler: dataFreshness },
];

function packageVersion(): string {
  try {
    const json = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ValidationError(`malformed path parameter "${value}"`, 'path');
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

  const api: DashboardHandler = async (request, response) => {
    try {
      checkAccess?.(request);
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('allow', 'GET, HEAD');
        throw new ValidationError(`the dashboard API is read-only: use GET, not ${request.method ?? '?'}`, 'method');
      }
      for (const route of ROUTES) {
        const match = route.pattern.exec(url.pathname);
        if (match === null) continue;
        const body = await route.handler(context, { url, params: match.slice(1).map((value) => decodeParam(value ?? '')) });
        sendJson(request, response, 200, body);
        return true;
      }
      throw new NotFoundError(`no dashboard API at ${url.pathname}`);
    } catch (error) {
      if (error instanceof AuthError) response.setHeader('www-authenticate', 'Bearer realm="parity dashboard"');
      if (!(error instanceof ParityError)) options.onError?.(error);
      sendApiError(request, response, error);
      return true;
    }
  };

  return {
    mounts: [
      { prefix: '/api/', handler: api },
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
