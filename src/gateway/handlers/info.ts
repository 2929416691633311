/**
 * The small read-only endpoints: `GET /v1/models`, `GET /healthz`, `GET /metrics`.
 */
import type { ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { sendJson } from '../http/io.js';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/registry.js';

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

/**
 * Liveness for load balancers: 503 while draining, and 503 (`sharedState: "unavailable"`) when the shared
 * state cannot be read — this instance would refuse model requests then.
 */
export async function serveHealth(context: GatewayContext, response: ServerResponse): Promise<void> {
  const now = Date.now();
  const names = Object.keys(context.config.upstreams);
  const upstreams: Record<string, string> = {};
  let sharedState: 'ok' | 'unavailable' | undefined = context.state.kind === 'memory' ? undefined : 'ok';
  for (const name of names) {
    const found = context.state.circuitState(name, now);
    try {
      upstreams[name] = found instanceof Promise ? await found : found;
    } catch {
      upstreams[name] = 'unknown';
      sharedState = 'unavailable';
    }
  }
  const healthy = !context.draining && sharedState !== 'unavailable';
  sendJson(response, healthy ? 200 : 503, {
    status: context.draining ? 'draining' : healthy ? 'ok' : 'degraded',
    inFlight: context.inFlight,
    upstreams,
    ...(sharedState === undefined ? {} : { sharedState }),
  });
}

export function serveMetrics(context: GatewayContext, response: ServerResponse): void {
  const body = context.metrics.registry.render();
  response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
