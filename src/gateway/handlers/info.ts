/**
 * The small read-only endpoints: `GET /v1/models`, `GET /healthz`, `GET /metrics`.
 */
import type { ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { sendJson } from '../http/io.js';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/registry.js';
import type { Target } from '../routing/route-table.js';
import type { CircuitState } from '../state/gateway-state.js';

const CREATED = Math.floor(Date.now() / 1000);

/** Aliases and groups first, then every target they reach, in the OpenAI list shape. */
export function serveModels(context: GatewayContext, response: ServerResponse): void {
  const seen = new Set<string>();
  const data: Array<{ id: string; object: 'model'; created: number; owned_by: string }> = [];
  const add = (id: string, ownedBy: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    data.push({ id, object: 'model', created: CREATED, owned_by: ownedBy });
  };
  const names = context.table.publicNames();
  for (const name of names) add(name.name, name.kind === 'group' ? 'parity-group' : 'parity-alias');
  for (const model of context.config.router?.models ?? []) add(model, 'parity-router');
  for (const name of names) for (const target of name.chain) add(target.ref, target.upstream);
  sendJson(response, 200, { object: 'list', data });
}

/** How bad a circuit state is, to show an upstream by its worst configured target. */
const SEVERITY: Record<CircuitState | 'unknown', number> = { closed: 0, 'half-open': 1, open: 2, unknown: 3 };

/** Every target the config routes to (aliases, groups, rules, key routes, the router), each once. */
function configuredTargets(context: GatewayContext): Target[] {
  const { config, table } = context;
  const seen = new Map<string, Target>();
  const add = (chain: readonly Target[] | undefined): void => {
    for (const target of chain ?? []) seen.set(target.ref, target);
  };
  for (const name of table.publicNames()) add(name.chain);
  const router = config.router;
  const named = [...config.rules.map((rule) => rule.route), ...Object.values(config.keyRoutes)];
  if (router !== undefined) named.push(...[router.weak, router.strong, ...Object.values(router.routes ?? {})].filter((name) => name !== undefined));
  for (const name of named) add(table.resolve(name)?.chain);
  return [...seen.values()];
}

/**
 * Liveness for load balancers: 503 while draining, and 503 (`sharedState: "unavailable"`) when the shared
 * state cannot be read — this instance would refuse model requests then. Circuits are per (upstream, model):
 * `upstreams` shows each upstream by its worst configured target, `circuits` every configured target whose
 * circuit is not closed.
 */
export async function serveHealth(context: GatewayContext, response: ServerResponse): Promise<void> {
  const now = Date.now();
  const upstreams: Record<string, CircuitState | 'unknown'> = {};
  for (const name of Object.keys(context.config.upstreams)) upstreams[name] = 'closed';
  const circuits: Record<string, CircuitState | 'unknown'> = {};
  let sharedState: 'ok' | 'unavailable' | undefined = context.state.kind === 'memory' ? undefined : 'ok';
  for (const target of configuredTargets(context)) {
    const found = context.state.circuitState(target.ref, now);
    let state: CircuitState | 'unknown';
    try {
      state = found instanceof Promise ? await found : found;
    } catch {
      state = 'unknown';
      sharedState = 'unavailable';
    }
    if (state !== 'closed') circuits[target.ref] = state;
    const shown = upstreams[target.upstream] ?? 'closed';
    if (SEVERITY[state] > SEVERITY[shown]) upstreams[target.upstream] = state;
  }
  const healthy = !context.draining && sharedState !== 'unavailable';
  sendJson(response, healthy ? 200 : 503, {
    status: context.draining ? 'draining' : healthy ? 'ok' : 'degraded',
    inFlight: context.inFlight,
    upstreams,
    circuits,
    ...(sharedState === undefined ? {} : { sharedState }),
  });
}

export function serveMetrics(context: GatewayContext, response: ServerResponse): void {
  const body = context.metrics.registry.render();
  response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
