/**
 * The gateway with the dashboard mounted, on the bundled data and the default SQLite store, with no upstream
 * to configure: what `npm start` (`parity start --serve`) runs. The gateway still answers `/v1/*`; with no
 * config its only upstream is a local OpenAI-compatible server (Ollama's default address), used only if one
 * is running and a client asks for `local/<model>`.
 */
import { loadCatalog, type Catalog } from '../catalog/index.js';
import { parseGatewayConfig } from '../gateway/index.js';
import { createGateway, type GatewayEvent } from '../gateway/index.js';
import { storeUrlFromEnv } from '../store/index.js';
import { openStore } from '../store/index.js';
import { createDashboard } from './create-dashboard.js';

export const DEFAULT_DASHBOARD_PORT = 8787;
/** The upstream a config-less start points at (the address Ollama listens on by default). */
export const LOCAL_UPSTREAM = { name: 'local', baseUrl: 'http://127.0.0.1:11434/v1' } as const;

export interface DashboardServerOptions {
  host?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default: $PARITY_DATABASE_URL, else `.parity/parity.db`. */
  storeUrl?: string;
  /** Where `storeUrl` came from (a flag), named when the store cannot be opened. */
  storeOrigin?: string;
  /** Host header names to accept besides the listening address, localhost and IP literals (`server.allowedHosts`). */
  allowedHosts?: readonly string[];
  routeEvalsDir?: string;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  onEvent?: (event: GatewayEvent) => void;
  onError?: (error: unknown) => void;
}

export interface DashboardServer {
  url: string;
  port: number;
  storeLocation: string;
  routeEvalsDir: string;
  staticDir: string;
  /** Drains the gateway, flushes the request log and closes the store. */
  close(): Promise<void>;
}

export async function startDashboardServer(options: DashboardServerOptions = {}): Promise<DashboardServer> {
  const env = options.env ?? process.env;
  const storeUrl = options.storeUrl ?? storeUrlFromEnv(env);
  const origin = options.storeUrl !== undefined ? options.storeOrigin : storeUrl === undefined ? undefined : 'PARITY_DATABASE_URL';
  const store = await openStore({ ...(storeUrl === undefined ? {} : { url: storeUrl }), ...(origin === undefined ? {} : { origin }) });
  try {
    const catalog: Catalog = loadCatalog(options.dataDir);
    const config = parseGatewayConfig(
      {
        server: { host: options.host ?? '127.0.0.1', port: options.port ?? DEFAULT_DASHBOARD_PORT, allowedHosts: [...(options.allowedHosts ?? [])] },
        auth: { required: false },
        upstreams: { [LOCAL_UPSTREAM.name]: { baseUrl: LOCAL_UPSTREAM.baseUrl } },
      },
      'parity start',
    );
    const dashboard = createDashboard({
      store,
      catalog,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.routeEvalsDir === undefined ? {} : { routeEvalsDir: options.routeEvalsDir }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
    const gateway = await createGateway(config, {
      store,
      catalog,
      env,
      mounts: dashboard.mounts,
      routes: dashboard.routes,
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    });
    let listening: { url: string; port: number };
    try {
      listening = await gateway.listen();
    } catch (error) {
      await gateway.close();
      throw error;
    }
    const { url, port } = listening;
    dashboard.warm();
    return {
      url,
      port,
      storeLocation: store.location,
      routeEvalsDir: dashboard.routeEvalsDir,
      staticDir: dashboard.staticDir,
      close: async () => {
        await gateway.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
