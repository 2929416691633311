/**
 * Everything a request handler needs, built once by `createGateway` and shared by all requests.
 */
import type { Provider } from '../providers/index.js';
import type { ResponseCache } from './cache/response-cache.js';
import type { GatewayCascade } from './cascade/build-cascades.js';
import type { PersonalDataRule } from './privacy/personal-data-rule.js';
import type { GatewayConfig } from './config/schema.js';
import type { PriceTable } from './cost/price-table.js';
import type { BodyReader } from './http/body-reader.js';
import type { RequestGuard } from './http/request-guard.js';
import type { GatewayStore } from './keys/gateway-store.js';
import type { KeyResolver } from './keys/key-resolver.js';
import type { WriteBehind } from './log/write-behind.js';
import type { GatewayMetrics } from './metrics/gateway-metrics.js';
import type { BalancedGroup } from './routing/balanced-groups.js';
import type { RouteTable } from './routing/route-table.js';
import type { Router } from './routing/router.js';
import type { GatewayState } from './state/gateway-state.js';
import type { GatewayTelemetry } from './telemetry/telemetry.js';
import type { UpstreamClient } from './upstream/upstream-client.js';

export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly table: RouteTable;
  readonly router: Router;
  readonly state: GatewayState;
  /** The response cache, when `cache:` is configured. */
  readonly cache: ResponseCache | undefined;
  readonly metrics: GatewayMetrics;
  /** `cascades:` by name, built at start-up. */
  readonly cascades: ReadonlyMap<string, GatewayCascade>;
  /** The privacy rule, when `privacy:` is configured. */
  readonly privacy: PersonalDataRule | undefined;
  readonly prices: PriceTable;
  readonly store: GatewayStore;
  readonly keys: KeyResolver;
  /** Host, Origin and content-type checks, from the headers alone. */
  readonly guard: RequestGuard;
  /** Bounded body reads (per request and server-wide). */
  readonly bodies: BodyReader;
  /** `limits.keys` as a map: key id or name → body limit in bytes. */
  readonly keyBodyLimits: ReadonlyMap<string, number>;
  readonly log: WriteBehind;
  /** Upstreams spoken to byte for byte: OpenAI-compatible ones, and Anthropic ones for `/v1/messages`. */
  readonly clients: ReadonlyMap<string, UpstreamClient>;
  /** Anthropic and Gemini upstreams (through the providers' adapters). */
  readonly adapters: ReadonlyMap<string, Provider>;
  /** Where upstream API keys are read from. */
  readonly env: NodeJS.ProcessEnv;
  /** SHA-256 of the admin token; undefined when no admin token is set (the admin API is then closed). */
  readonly adminTokenHash: string | undefined;
  /** Balanced groups by name, each with its balancer (routing/balanced-groups.ts). */
  readonly balancedGroups: ReadonlyMap<string, BalancedGroup>;
  /** Tracing (the shared no-op when `telemetry:` is not configured). */
  readonly telemetry: GatewayTelemetry;
  /** Stored responses being written, by id (a continuing request waits for its previous one). */
  readonly responseWrites: Map<string, Promise<void>>;
  /** A failure off the request path (a stored response that could not be written). */
  reportError(error: unknown): void;
  /** Requests being served (for draining). */
  inFlight: number;
  draining: boolean;
}
