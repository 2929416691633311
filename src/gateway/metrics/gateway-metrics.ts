/**
 * The gateway's metrics. Labels name routes, upstreams and outcomes — never a key or its id (unbounded and
 * sensitive). Latency is in seconds, as Prometheus expects.
 */
import { Registry } from './registry.js';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createGatewayMetrics() {
  const registry = new Registry();
  // the process's memory, read at each scrape; the names are prom-client's default metrics, so the usual Node.js
  // dashboards and alerts apply (heap: the main thread's V8 heap; the request-log worker has its own, inside RSS)
  registry.sampled('process_resident_memory_bytes', 'Resident memory size in bytes (all threads).', () => process.memoryUsage.rss());
  registry.sampled('nodejs_heap_size_total_bytes', 'Main thread V8 heap size in bytes.', () => process.memoryUsage().heapTotal);
  registry.sampled('nodejs_heap_size_used_bytes', 'Main thread V8 heap used in bytes.', () => process.memoryUsage().heapUsed);
  registry.sampled('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript objects (buffers included), in bytes.', () => process.memoryUsage().external);
  return {
    registry,
    requests: registry.counter('parity_requests_total', 'Requests answered, by endpoint, upstream and status.', [
      'endpoint',
      'upstream',
      'status',
    ]),
    errors: registry.counter('parity_errors_total', 'Requests that ended in an error, by error code.', ['code']),
    upstreamAttempts: registry.counter(
      'parity_upstream_attempts_total',
      'Calls to upstreams, by upstream and outcome (ok, retry, fallback, fail, circuit-open).',
      ['upstream', 'outcome'],
    ),
    latency: registry.histogram(
      'parity_request_duration_seconds',
      'Time from request to the last response byte.',
      LATENCY_BUCKETS,
      ['endpoint', 'upstream'],
    ),
    timeToFirstToken: registry.histogram(
      'parity_time_to_first_token_seconds',
      'Time from request to the first streamed content event.',
      LATENCY_BUCKETS,
      ['upstream'],
    ),
    tokens: registry.counter('parity_tokens_total', 'Tokens reported by upstreams, by kind (prompt, completion).', [
      'upstream',
      'kind',
    ]),
    cost: registry.counter('parity_cost_usd_total', 'Cost in US dollars from catalog or configured prices.', [
      'upstream',
    ]),
    routeDecisions: registry.counter('parity_route_decisions_total', 'Routing decisions, by route and reason.', [
      'route',
      'reason',
    ]),
    cache: registry.counter(
      'parity_cache_requests_total',
      'Requests the response cache saw, by result (hit, miss, bypass: not cacheable).',
      ['result'],
    ),
    inFlight: registry.gauge('parity_in_flight_requests', 'Requests being served now.'),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
