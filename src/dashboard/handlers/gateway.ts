/**
 * The gateway's request log: `GET /api/gateway/summary` (requests, errors, latency and spend in total, per key
 * and per upstream), `GET /api/gateway/requests` (the newest requests, without their bodies) and
 * `GET /api/route/split` (how the router split the traffic). Each over a window ending now; the page polls.
 */
import type { RequestLogEntry } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { gatewayRequestsQuerySchema, gatewaySummaryQuerySchema, routeSplitQuerySchema, type LogWindow } from '../api/query-schemas.js';
import type { GatewayRequestItem, GatewayRequestsResponse, GatewaySummaryResponse, RouteSplitResponse } from '../api/types.js';
import type { ApiHandler } from '../context.js';
import { parseQuery } from '../http/query.js';

const WINDOW_MS: Record<LogWindow, number | null> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  all: null,
};

function windowStart(window: LogWindow, now: Date): string | null {
  const span = WINDOW_MS[window];
  return span === null ? null : new Date(now.getTime() - span).toISOString();
}

/** What the dashboard shows of a logged request: never its request or response body. */
function withoutBodies(entry: RequestLogEntry): GatewayRequestItem {
  return {
    id: entry.id,
    ts: entry.ts,
    keyId: entry.keyId,
    routeDecision: entry.routeDecision,
    upstream: entry.upstream,
    model: entry.model,
    status: entry.status,
    inputTokens: entry.inputTokens,
    outputTokens: entry.outputTokens,
    costUsd: entry.costUsd,
    latencyMs: entry.latencyMs,
    ttftMs: entry.ttftMs,
    error: entry.error,
  };
}

/**
 * The names of the virtual keys among `keyIds` (revoked ones too): the log records a key's id, a person knows
 * it by its name. Ids without a key in the store (deleted, or written by another tool) are left out.
 */
async function keyNames(store: Pick<Store, 'listKeys'>, keyIds: Iterable<string | null>): Promise<Record<string, string>> {
  const wanted = new Set([...keyIds].filter((id): id is string => id !== null));
  if (wanted.size === 0) return {};
  const names: Record<string, string> = {};
  for (const key of await store.listKeys({ includeRevoked: true })) if (wanted.has(key.id)) names[key.id] = key.name;
  return names;
}

export const gatewaySummary: ApiHandler = async (context, { url }): Promise<GatewaySummaryResponse> => {
  const query = parseQuery(gatewaySummaryQuerySchema, url.searchParams);
  const now = context.now();
  const since = windowStart(query.window, now);
  const summary = await context.store.summarizeRequestLogs(since === null ? {} : { since });
  const names = await keyNames(context.store, summary.byKey.map((row) => row.keyId));
  return { window: query.window, since, until: now.toISOString(), summary, keyNames: names };
};

export const gatewayRequests: ApiHandler = async (context, { url }): Promise<GatewayRequestsResponse> => {
  const query = parseQuery(gatewayRequestsQuerySchema, url.searchParams);
  const since = windowStart(query.window, context.now());
  const entries = await context.store.queryRequestLogs(
    {
      ...(since === null ? {} : { since }),
      ...(query.errorsOnly ? { errorsOnly: true } : {}),
      ...(query.keyId === undefined ? {} : { keyId: query.keyId }),
      ...(query.upstream === undefined ? {} : { upstream: query.upstream }),
      ...(query.model === undefined ? {} : { model: query.model }),
    },
    query.limit,
  );
  return { window: query.window, since, requests: entries.map(withoutBodies), keyNames: await keyNames(context.store, entries.map((entry) => entry.keyId)) };
};

const SPLIT_LIMIT = 5000;

export const routeSplit: ApiHandler = async (context, { url }): Promise<RouteSplitResponse> => {
  const query = parseQuery(routeSplitQuerySchema, url.searchParams);
  const since = windowStart(query.window, context.now());
  const entries = await context.store.queryRequestLogs(since === null ? {} : { since }, SPLIT_LIMIT);
  const routes = new Map<string, { requests: number; reasons: Map<string, number> }>();
  const models = new Map<string, { model: string; route: string; requests: number }>();
  for (const entry of entries) {
    const route = entry.routeDecision ?? 'not routed';
    const bucket = routes.get(route) ?? { requests: 0, reasons: new Map<string, number>() };
    bucket.requests += 1;
    const reason = entry.routeReason ?? '—';
    bucket.reasons.set(reason, (bucket.reasons.get(reason) ?? 0) + 1);
    routes.set(route, bucket);
    const model = entry.model ?? 'unknown';
    const key = JSON.stringify([route, model]);
    const byModel = models.get(key) ?? { model, route, requests: 0 };
    byModel.requests += 1;
    models.set(key, byModel);
  }
  return {
    window: query.window,
    since,
    sampled: entries.length,
    limit: SPLIT_LIMIT,
    byRoute: [...routes]
      .map(([route, bucket]) => ({
        route,
        requests: bucket.requests,
        share: bucket.requests / Math.max(1, entries.length),
        reasons: [...bucket.reasons].map(([reason, requests]) => ({ reason, requests })).sort((a, b) => b.requests - a.requests),
      }))
      .sort((a, b) => b.requests - a.requests),
    byModel: [...models.values()].sort((a, b) => b.requests - a.requests),
  };
};
