/**
 * `createGateway(config)`: the OpenAI-compatible HTTP server on bare node:http. Built-in routes are matched
 * first (`/v1/*`, `/healthz`, `/metrics`, `/admin/*`); anything else goes to mounted handlers (the dashboard's
 * `/api/*` and static files), in mount order; then 404 in the OpenAI error shape.
 *
 *   const gateway = await createGateway(config, { store });
 *   const { url } = await gateway.listen();            // port 0 → a free port
 *   gateway.route({ methods: ['GET'], path: '/api/runs/:id', handler: ({ request, response, params }) => … });
 *   gateway.mount('/', (request, response) => …);      // paths no route names; return false to pass on
 *   await gateway.close();                             // drain in-flight requests, flush logs
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAnthropic } from '../providers/index.js';
import { createGoogle } from '../providers/index.js';
import type { Provider } from '../providers/index.js';
import { storeUrlFromEnv } from '../store/index.js';
import { openStore } from '../store/index.js';
import { createMemoryCache } from './cache/memory-cache.js';
import type { ResponseCache } from './cache/response-cache.js';
import type { CacheConfig, GatewayConfig } from './config/schema.js';
import type { GatewayContext } from './context.js';
import { createPriceTable, type CatalogPrices } from './cost/price-table.js';
import { ParityError } from '../errors.js';
import { RouteNotFoundError } from './errors/openai-error.js';
import { appRoutes } from './handlers/app-routes.js';
import { createAppRouter, type AppRoute } from './http/app-router.js';
import { closeUnlessDrained, createBodyReader } from './http/body-reader.js';
import { sendError } from './http/io.js';
import { listenError } from './http/listen-error.js';
import { createRequestGuard } from './http/request-guard.js';
import type { GatewayStore } from './keys/gateway-store.js';
import { createKeyResolver } from './keys/key-resolver.js';
import { hashKeySecret } from './keys/secret.js';
import { createWorkerWriter } from './log/worker-writer.js';
import { createWriteBehind, type WriteBehind } from './log/write-behind.js';
import { buildCascades } from './cascade/build-cascades.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/gateway-metrics.js';
import { loadRoutePolicy, type RoutePolicy } from './routing/policy.js';
import { buildBalancedGroups } from './routing/balanced-groups.js';
import { buildRouteTable } from './routing/route-table.js';
import { createRouter } from './routing/router.js';
import type { GatewayState } from './state/gateway-state.js';
import { createMemoryState } from './state/memory-state.js';
import type { SharedGatewayState } from './state/open-redis-state.js';
import { createTelemetry } from './telemetry/telemetry.js';
import { createUpstreamClient, type UpstreamClient } from './upstream/upstream-client.js';

/**
 * A mounted handler. Return `false` (or a promise of it) to let the next handler or the 404 answer;
 * anything else means the handler took the request.
 */
export type MountedHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

/** Something that happened off the request path (the library never prints; the CLI decides what to show). */
export type GatewayEvent =
  | { type: 'write-error'; error: unknown }
  | { type: 'handler-error'; error: unknown }
  /** Redis (shared state or cache) failed; model requests get 503s until it answers again. */
  | { type: 'shared-state-error'; error: unknown }
  /** Revocations pushed by the store (Postgres LISTEN/NOTIFY) started or stopped arriving; keys are polled meanwhile. */
  | { type: 'revocation-feed'; live: boolean; error: unknown }
  /** A trace export failed (the collector refused or was unreachable): those spans are lost. */
  | { type: 'telemetry-error'; error: unknown }
  | { type: 'draining'; inFlight: number }
  | { type: 'closed'; drained: boolean };

export interface GatewayOptions {
  /** The store for keys, budgets and the request log; default: `config.store.url`, else $PARITY_DATABASE_URL, else .parity/parity.db. */
  store?: GatewayStore;
  /** Catalog prices (src/catalog); upstream `prices` in the config win over them. */
  catalog?: CatalogPrices;
  /** The learned route policy; default: loaded from `config.router.policy` when a router is configured. */
  policy?: RoutePolicy;
  /**
   * Budget/rate-limit/circuit state; default: in Redis when `config.redis.url` or $PARITY_REDIS_URL is set
   * (shared by every instance), else in memory (exact within one process). An injected state is not closed.
   */
  state?: GatewayState;
  /** The response cache (used only when `config.cache` is set); default: in Redis with Redis, else in memory. */
  cache?: ResponseCache;
  /** Where upstream API keys and the admin token are read from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Where the store URL came from, named when the store cannot be opened (`--db`); default `store.url` or
   * `PARITY_DATABASE_URL`, whichever gave it.
   */
  storeOrigin?: string;
  /**
   * Write the request log from a worker thread with its own store connection (default true when the gateway
   * opens the store itself; an injected store is always written in-process).
   */
  logInWorker?: boolean;
  /** More routes for the one route table (the dashboard's API), in find-my-way syntax. */
  routes?: readonly AppRoute[];
  /** Handlers to mount at start (see `Gateway.mount`). */
  mounts?: ReadonlyArray<{ prefix: string; handler: MountedHandler }>;
  onEvent?: (event: GatewayEvent) => void;
}

export interface Gateway {
  readonly server: Server;
  readonly config: GatewayConfig;
  readonly store: GatewayStore;
  readonly state: GatewayState;
  /** The response cache; undefined unless `config.cache` is set. */
  readonly cache: ResponseCache | undefined;
  readonly metrics: GatewayMetrics;
  /** Starts listening; defaults to the config's host and port. Resolves with the bound URL. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Adds a route to the route table (the dashboard's API: `for (const route of dashboard.routes) gateway.route(route)`). */
  route(route: AppRoute): void;
  /** Adds a handler for paths no route names, starting with `prefix` (e.g. `/` for static files). */
  mount(prefix: string, handler: MountedHandler): void;
  /** Writes queued log entries and spend now. */
  flush(): Promise<void>;
  /**
   * Stops accepting requests, waits for in-flight ones (up to `server.drainTimeoutMs`), flushes the request
   * log and spend, closes upstream pools, and closes the store if the gateway opened it. Idempotent.
   */
  close(): Promise<void>;
}

/** `config.redis.url`, else $PARITY_REDIS_URL: Redis-backed state and cache, or undefined (in memory). */
async function openSharedState(
  config: GatewayConfig,
  env: NodeJS.ProcessEnv,
  emit: (event: GatewayEvent) => void,
): Promise<SharedGatewayState | undefined> {
  const fromEnv = env.PARITY_REDIS_URL?.trim();
  const url = config.redis.url ?? (fromEnv === '' ? undefined : fromEnv);
  if (url === undefined) return undefined;
  const where = config.redis.url === undefined ? 'PARITY_REDIS_URL' : 'redis.url';
  const { openRedisState } = await import('./state/open-redis-state.js');
  return openRedisState(url, where, config, (error) => emit({ type: 'shared-state-error', error }));
}

function memoryCacheFor(cache: CacheConfig): ResponseCache {
  return createMemoryCache({
    ttlMs: cache.ttlSeconds * 1000,
    maxEntries: cache.maxEntries,
    maxBytes: cache.maxBytes,
    maxEntryBytes: cache.maxEntryBytes,
  });
}

/**
 * SQLite's page cache of the gateway's own connection, in MB. It reads keys (cached in the key resolver), budget
 * leases and stored responses by id, and writes stored responses: better-sqlite3's 16 MB default fills with the
 * growing file and stays resident, while the operating system caches the file anyway.
 */
const GATEWAY_SQLITE_CACHE_MB = 4;

export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const env = options.env ?? process.env;
  const emit = options.onEvent ?? (() => undefined);
  const table = buildRouteTable(config);
  const policy =
    options.policy ??
    (config.router === undefined ? undefined : await loadRoutePolicy(config.router.policy, config.router.threshold));
  const router = createRouter(config, table, policy);
  const cascades = await buildCascades(config, table);
  // the personal-data detector (libphonenumber-js) loads only for a config with a privacy rule
  const privacy =
    config.privacy === undefined
      ? undefined
      : (await import('./privacy/personal-data-rule.js')).createPersonalDataRule(config, config.privacy, table);
  // Redis first: a bad URL or an unreachable Redis fails before anything else is opened
  const shared = options.state === undefined ? await openSharedState(config, env, emit) : undefined;
  const cache = config.cache === undefined ? undefined : (options.cache ?? shared?.cache ?? memoryCacheFor(config.cache));
  const ownsStore = options.store === undefined;
  const storeUrl = config.store.url ?? storeUrlFromEnv(env);
  let store: GatewayStore;
  try {
    const origin = options.storeOrigin ?? (config.store.url !== undefined ? 'store.url' : storeUrl === undefined ? undefined : 'PARITY_DATABASE_URL');
    store =
      options.store ??
      (await openStore({
        ...(storeUrl === undefined ? {} : { url: storeUrl }),
        ...(origin === undefined ? {} : { origin }),
        sqliteCacheMb: GATEWAY_SQLITE_CACHE_MB,
      }));
  } catch (error) {
    await shared?.state.close?.();
    throw error;
  }
  // without Redis, budgets are leased from the store: they hold across restarts and instances sharing it
  const ownsMemoryState = options.state === undefined && shared === undefined;
  const state: GatewayState =
    options.state ??
    shared?.state ??
    createMemoryState({
      failureThreshold: config.circuitBreaker.failureThreshold,
      cooldownMs: config.circuitBreaker.cooldownMs,
      ledger: store,
    });
  const metrics = createGatewayMetrics();
  const clients = new Map<string, UpstreamClient>();
  const adapters = new Map<string, Provider>();
  for (const [name, upstream] of Object.entries(config.upstreams)) {
    if (upstream.kind !== 'google') clients.set(name, createUpstreamClient(name, upstream, env)); // Anthropic: /v1/messages passed through
    if (upstream.kind === 'openai-compatible') continue;
    const apiKey = upstream.apiKeyEnv === undefined ? undefined : env[upstream.apiKeyEnv];
    const settings = {
      name,
      baseURL: upstream.baseUrl,
      headers: upstream.headers,
      timeoutMs: upstream.timeoutMs,
      ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }),
    };
    adapters.set(name, upstream.kind === 'anthropic' ? createAnthropic(settings) : createGoogle(settings));
  }
  const adminToken = env[config.auth.adminTokenEnv];
  const writerOptions = {
    takePendingSpend: () => state.takePendingSpend(),
    batchSize: config.logging.batchSize,
    flushIntervalMs: config.logging.flushIntervalMs,
    onError: (error: unknown) => emit({ type: 'write-error', error }),
  };
  // a store the gateway opened itself from a URL is written from a worker thread (off the event loop)
  const useWorker = ownsStore && options.logInWorker !== false && storeUrl !== 'sqlite::memory:';
  const log: WriteBehind = useWorker
    ? createWorkerWriter({ ...writerOptions, storeUrl, cwd: process.cwd(), fallbackStore: store })
    : createWriteBehind({ ...writerOptions, store });

  const keys = createKeyResolver(store);
  const telemetry = await createTelemetry(config.telemetry, { env, onEvent: (event) => emit({ type: 'telemetry-error', error: event.error }) });
  // with a store that pushes revocations (Postgres LISTEN/NOTIFY), keys are trusted longer and dropped on notice
  let revocations: { close(): Promise<void> } | undefined;
  try {
    revocations = await store.watchKeyRevocations?.({
      revoked: (hashedKey) => keys.invalidate(hashedKey),
      live: (pushed, error) => {
        keys.usePushedRevocations(pushed);
        emit({ type: 'revocation-feed', live: pushed, error });
      },
    });
  } catch (error) {
    emit({ type: 'revocation-feed', live: false, error }); // keys are then re-read every 500 ms instead
  }

  const context: GatewayContext = {
    config,
    table,
    router,
    state,
    cache,
    metrics,
    prices: createPriceTable(config, options.catalog),
    store,
    keys,
    guard: createRequestGuard(config.server, config.cors),
    bodies: createBodyReader({ maxInFlightBytes: config.limits.bodyBytesInFlight }),
    cascades,
    privacy,
    keyBodyLimits: new Map(Object.entries(config.limits.keys).map(([name, limits]) => [name, limits.bodyBytes])),
    log,
    clients,
    adapters,
    adminTokenHash: adminToken === undefined || adminToken === '' ? undefined : hashKeySecret(adminToken),
    env,
    balancedGroups: buildBalancedGroups(config, table),
    telemetry,
    responseWrites: new Map(),
    reportError: (error) => emit({ type: 'write-error', error }),
    inFlight: 0,
    draining: false,
  };

  const mounts: Array<{ prefix: string; handler: MountedHandler }> = [...(options.mounts ?? [])];
  const routes = createAppRouter(appRoutes(context, options.routes ?? []));

  const fallThrough = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    for (const mount of mounts) {
      if (!path.startsWith(mount.prefix)) continue;
      if ((await mount.handler(request, response)) !== false) return;
    }
    sendError(response, new RouteNotFoundError(request.method ?? 'GET', path));
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const method = request.method ?? 'GET';
    if (context.draining) response.setHeader('connection', 'close');
    if (method === 'OPTIONS' && context.guard.preflight(request, response)) return;
    const match = routes.find(method, path);
    const route = match?.route;
    if (route?.guardsItself !== true) {
      const refused = context.guard.check(request, response, method === 'POST' && (path.startsWith('/v1/') || path.startsWith('/admin/')));
      if (refused !== undefined) {
        closeUnlessDrained(request, response);
        sendError(response, refused, [], route?.errors);
        return;
      }
    }
    let done: unknown;
    try {
      done =
        match === undefined
          ? fallThrough(request, response, path)
          : match.route.handler({ request, response, params: match.params, query: queryAt === -1 ? '' : url.slice(queryAt + 1), path });
    } catch (error) {
      done = Promise.reject(error);
    }
    if (done instanceof Promise) {
      done.catch((error: unknown) => {
        if (!(error instanceof ParityError)) emit({ type: 'handler-error', error });
        closeUnlessDrained(request, response);
        sendError(response, error, [], route?.errors);
      });
    }
  };

  // a request (headers and body) must arrive within 5 minutes, its headers within 1; answers may stream longer
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 60_000, requestTimeout: 300_000 }, handle);
  let closing: Promise<void> | undefined;

  const close = async (): Promise<void> => {
    context.draining = true;
    emit({ type: 'draining', inFlight: context.inFlight });
    const stopped = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    const deadline = Date.now() + config.server.drainTimeoutMs;
    while (context.inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const drained = context.inFlight === 0;
    server.closeAllConnections();
    await stopped;
    if (ownsMemoryState) await state.close?.(); // gives budget leases back; the log's last flush writes them
    await log.close();
    if (shared !== undefined) {
      await shared.cache?.close?.();
      await shared.state.close?.();
    }
    await revocations?.close();
    await telemetry.shutdown();
    await Promise.all([...clients.values()].map((client) => client.close()));
    if (ownsStore) await store.close();
    emit({ type: 'closed', drained });
  };

  return {
    server,
    config,
    store,
    state,
    cache,
    metrics,
    listen(port = config.server.port, host = config.server.host) {
      return new Promise((resolve, reject) => {
        const failed = (error: Error): void => reject(listenError(error, host, port));
        server.once('error', failed);
        server.listen(port, host, () => {
          server.off('error', failed);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
        });
      });
    },
    route(route) {
      routes.add(route);
    },
    mount(prefix, handler) {
      mounts.push({ prefix, handler });
    },
    flush: () => log.flush(),
    close() {
      closing ??= close();
      return closing;
    },
  };
}
