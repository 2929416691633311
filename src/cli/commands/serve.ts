/** `parity serve` — run the OpenAI-compatible gateway. Thin wiring over src/gateway. */
import type { Command } from 'commander';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
// the gateway, the dashboard, the catalog and the store load when the server starts, not with every command
import type { Dashboard } from '../../dashboard/index.js';
import type { GatewayConfig } from '../../gateway/config/schema.js';
import type { CatalogPrices } from '../../gateway/cost/price-table.js';
import type { GatewayEvent } from '../../gateway/server.js';
import type { Store } from '../../store/index.js';
import { collect, parseFlags } from '../flags.js';
import { isLoopbackHost } from '../loopback-host.js';
import { printJson } from '../output.js';
import type { RegisterCommand } from './index.js';

const flagsSchema = z.object({
  config: z.string().min(1).optional(),
  upstream: z.array(z.string()).default([]),
  port: z.coerce.number().int().min(0).max(65_535).optional(),
  host: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
  requireKey: z.boolean().optional(),
  json: z.boolean().optional(),
  dashboard: z.boolean().default(true),
  routeEvals: z.string().min(1).optional(),
  allowHost: z.array(z.string().min(1)).default([]),
  allowOrigin: z.array(z.string().min(1)).default([]),
});


async function resolveConfig(flags: z.output<typeof flagsSchema>): Promise<GatewayConfig> {
  if (flags.config !== undefined && flags.upstream.length > 0) {
    throw new ValidationError('--config and --upstream: give one or the other', '--upstream');
  }
  const { configFromUpstreamFlags, loadGatewayConfig, parseGatewayConfig } = await import('../../gateway/config/load.js');
  if (flags.config === undefined) {
    return configFromUpstreamFlags(flags.upstream, {
      ...(flags.host === undefined ? {} : { host: flags.host }),
      ...(flags.port === undefined ? {} : { port: flags.port }),
      ...(flags.db === undefined ? {} : { storeUrl: flags.db }),
      ...(flags.requireKey === undefined ? {} : { requireKey: flags.requireKey }),
      allowedHosts: flags.allowHost,
      allowOrigins: flags.allowOrigin,
    });
  }
  const loaded = await loadGatewayConfig(flags.config);
  const unchanged =
    flags.port === undefined && flags.host === undefined && flags.db === undefined && flags.requireKey === undefined;
  if (unchanged && flags.allowHost.length === 0 && flags.allowOrigin.length === 0) return loaded;
  return parseGatewayConfig(
    {
      ...loaded,
      server: {
        ...loaded.server,
        ...(flags.port === undefined ? {} : { port: flags.port }),
        ...(flags.host === undefined ? {} : { host: flags.host }),
        allowedHosts: [...loaded.server.allowedHosts, ...flags.allowHost],
      },
      cors: { ...loaded.cors, allowOrigins: [...loaded.cors.allowOrigins, ...flags.allowOrigin] },
      store: flags.db === undefined ? loaded.store : { url: flags.db },
      auth: flags.requireKey === undefined ? loaded.auth : { ...loaded.auth, required: flags.requireKey },
    },
    flags.config,
  );
}

/** What to tell a user to change: the flag when one was given (or no config file), else the config field. */
function settingNames(flags: z.output<typeof flagsSchema>): { port: string; host: string; store: string | undefined } {
  const inFile = (field: string): string => `${field} in ${flags.config ?? ''}`;
  const fromFile = flags.config !== undefined;
  return {
    port: flags.port !== undefined || !fromFile ? '--port' : `--port (or ${inFile('server.port')})`,
    host: flags.host !== undefined || !fromFile ? '--host' : `--host (or ${inFile('server.host')})`,
    store: flags.db !== undefined ? '--db' : undefined,
  };
}

/**
 * The dashboard is as open as the gateway: with auth off it is open (on 127.0.0.1 by default); when the gateway
 * requires virtual keys, it asks for the admin token, and without one configured it is not mounted at all.
 */
export function dashboardAccess(
  config: Pick<GatewayConfig, 'auth'>,
  wanted: boolean,
  env: NodeJS.ProcessEnv = process.env,
): { mount: boolean; token?: string; note?: string } {
  if (!wanted) return { mount: false };
  if (!config.auth.required) return { mount: true };
  const token = env[config.auth.adminTokenEnv];
  if (token === undefined || token === '') {
    return {
      mount: false,
      note: `dashboard: off (this gateway requires virtual keys, so the dashboard needs the admin token: set $${config.auth.adminTokenEnv}; --no-dashboard silences this)`,
    };
  }
  return { mount: true, token };
}

/** The same line again within a minute (a Redis client retrying, say) is not printed again. */
const printedAt = new Map<string, number>();
function repeated(line: string, now = Date.now()): boolean {
  const last = printedAt.get(line);
  if (last !== undefined && now - last < 60_000) return true;
  if (printedAt.size > 100) printedAt.clear();
  printedAt.set(line, now);
  return false;
}

function describeEvent(event: GatewayEvent): string | undefined {
  switch (event.type) {
    case 'write-error':
    case 'handler-error':
      return `parity serve: ${event.type}: ${event.error instanceof Error ? event.error.message : String(event.error)}`;
    case 'revocation-feed':
      return event.live
        ? 'parity serve: key revocations arrive from the store as they happen (LISTEN/NOTIFY)'
        : `parity serve: key revocations are not pushed (${event.error instanceof Error ? event.error.message : String(event.error)}); keys are re-read every 500 ms`;
    case 'telemetry-error':
      return `parity serve: traces not exported (${event.error instanceof Error ? event.error.message : String(event.error)}); those spans are lost`;
    case 'shared-state-error':
      return `parity serve: Redis (shared state): ${event.error instanceof Error ? event.error.message : String(event.error)}; model requests get 503 until it answers`;
    case 'draining':
      return `parity serve: shutting down, draining ${event.inFlight} request(s)…`;
    case 'closed':
      return event.drained ? 'parity serve: stopped; request log flushed' : 'parity serve: stopped after the drain timeout; request log flushed';
  }
}

export const register: RegisterCommand = (program: Command) => {
  program
    .command('serve')
    .description(
      'Run the OpenAI-compatible gateway: point any OpenAI SDK at it and it routes each request to an open or a\n' +
        'frontier model, with fallbacks, virtual keys, budgets, rate limits, a request log and Prometheus metrics.',
    )
    .option('--config <file>', 'gateway config (YAML or JSON; schema: schemas/gateway-config.schema.json)')
    .option(
      '--upstream <name=url>',
      'zero-config: serve model/group NAME from an OpenAI-compatible base URL (repeatable; repeat a NAME for a ' +
        'fallback chain; NAME=URL#MODEL sends MODEL upstream instead of NAME)',
      collect,
    )
    .option('--port <port>', 'port to listen on (default 8787; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--db <url>', 'store for keys and the request log (default: $PARITY_DATABASE_URL, else .parity/parity.db)')
    .option('--require-key', 'require a virtual key even in zero-config mode (create one with `parity keys create`)')
    .option('--json', 'print the listening address as JSON')
    .option(
      '--no-dashboard',
      'serve only the gateway, not the web dashboard at / (when the gateway requires virtual keys, the dashboard ' +
        'asks for the admin token, $PARITY_ADMIN_TOKEN, and is off without one)',
    )
    .option('--route-evals <dir>', 'folder of `parity route eval --json` reports the dashboard shows (default .parity/route-evals)')
    .option(
      '--allow-host <name>',
      'accept this Host header name too (repeatable; default: IP addresses, localhost, this machine\'s name): the ' +
        'name a reverse proxy or a LAN uses to reach the gateway (server.allowedHosts)',
      collect,
    )
    .option(
      '--allow-origin <origin>',
      'let browser pages from this origin (https://app.example.com) call the gateway (repeatable; cors.allowOrigins)',
      collect,
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity serve --port 8787 --upstream qwen2.5:7b=http://127.0.0.1:11434/v1\n' +
        '  parity serve --upstream auto=http://127.0.0.1:11434/v1#qwen2.5:7b --upstream auto=http://127.0.0.1:8000/v1#llama\n' +
        '  parity serve --config gateway.yaml\n' +
        '  parity serve --config gateway.yaml --host 0.0.0.0 --allow-host gateway.internal\n' +
        '\nThen: new OpenAI({ baseURL: "http://127.0.0.1:8787/v1", apiKey: "<virtual key or anything>" }).\n' +
        'SIGTERM/SIGINT drain in-flight requests and flush the request log before exiting.',
    )
    .action(async (rawFlags: unknown) => {
      const flags = parseFlags(flagsSchema, rawFlags);
      const config = await resolveConfig(flags);
      const settings = settingNames(flags);
      const [{ defaultDataDir, loadCatalog, readCatalogFile }, { createGateway }, { openStore, storeUrlFromEnv }, { explainListenError }] = await Promise.all([
        import('../../catalog/load.js'),
        import('../../gateway/server.js'),
        import('../../store/index.js'),
        import('../../gateway/http/listen-error.js'),
      ]);
      const storeOrigin = settings.store ?? (config.store.url !== undefined ? `store.url in ${flags.config ?? ''}` : undefined);
      const access = dashboardAccess(config, flags.dashboard);
      let catalog: CatalogPrices | undefined;
      try {
        // prices for budgets and costs (upstream `prices` in the config win); the gateway alone needs only the
        // prices and aliases, not the whole catalog the dashboard reads (benchmark results, history: ~6 MB in memory)
        if (access.mount) catalog = loadCatalog();
        else {
          const dir = defaultDataDir();
          catalog = { prices: readCatalogFile(dir, 'prices'), aliases: readCatalogFile(dir, 'aliases') };
        }
      } catch (error) {
        process.stderr.write(`parity serve: no catalog prices (${error instanceof Error ? error.message : String(error)}); costs come from the config only\n`);
      }
      // the dashboard reads runs and the request log through its own connection to the gateway's store
      let dashboardStore: Store | undefined;
      let mounts: Dashboard['mounts'] = [];
      let routes: Dashboard['routes'] = [];
      if (access.mount) {
        // the dashboard (and the eval, track and decide code its API reads through) loads only when it is served
        const { createDashboard } = await import('../../dashboard/index.js');
        const url = config.store.url ?? storeUrlFromEnv();
        const origin = storeOrigin ?? (url === undefined ? undefined : 'PARITY_DATABASE_URL');
        dashboardStore = await openStore({ ...(url === undefined ? {} : { url }), ...(origin === undefined ? {} : { origin }) });
        const dashboard = createDashboard({
          store: dashboardStore,
          ...(catalog === undefined ? {} : { catalog: loadCatalog() }),
          ...(flags.routeEvals === undefined ? {} : { routeEvalsDir: flags.routeEvals }),
          ...(access.token === undefined ? {} : { accessToken: access.token }),
        });
        dashboard.warm();
        mounts = dashboard.mounts;
        routes = dashboard.routes;
      }
      let started = false; // a gateway that never listened closes without a word: the error says it all
      const gateway = await createGateway(config, {
        ...(catalog === undefined ? {} : { catalog }),
        ...(storeOrigin === undefined ? {} : { storeOrigin }),
        mounts,
        routes,
        onEvent: (event) => {
          if (!started && (event.type === 'draining' || event.type === 'closed')) return;
          const line = describeEvent(event);
          if (line !== undefined && !repeated(line)) process.stderr.write(`${line}\n`);
        },
      });
      let listening: { url: string; port: number };
      try {
        listening = await gateway.listen();
      } catch (error) {
        await gateway.close();
        await dashboardStore?.close();
        throw explainListenError(error, settings);
      }
      started = true;
      const { url, port } = listening;
      if (flags.json === true) printJson({ url, port, baseURL: `${url}/v1` });
      else {
        const names = Object.keys(config.models).concat(Object.keys(config.groups), config.router?.models ?? []);
        process.stdout.write(`parity gateway listening on ${url}  (OpenAI base URL: ${url}/v1)\n`);
        process.stdout.write(`models: ${names.join(', ') || '(targets only: <upstream>/<model>)'}\n`);
        if (!config.auth.required) process.stdout.write('auth: off (any API key is accepted; --require-key to enforce virtual keys)\n');
        if (access.note !== undefined) process.stdout.write(`${access.note}\n`);
        else if (dashboardStore !== undefined) process.stdout.write(`dashboard: ${url}/${access.token === undefined ? '' : `  (asks for the admin token, $${config.auth.adminTokenEnv})`}\n`);
        if (!config.auth.required && !isLoopbackHost(config.server.host)) {
          process.stderr.write(
            `parity serve: warning: listening on ${config.server.host} with auth off: anyone who can reach this port can spend on your upstreams` +
              `${dashboardStore === undefined ? '' : ' and read the dashboard'} (--require-key to enforce virtual keys)\n`,
          );
        }
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          void gateway
            .close()
            .then(() => dashboardStore?.close())
            .then(resolve, resolve);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
};
