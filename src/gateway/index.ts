/** The OpenAI-compatible gateway (`parity serve`) as a library. */
export { createGateway, type Gateway, type GatewayEvent, type GatewayOptions, type MountedHandler } from './server.js';
export { configFromUpstreamFlags, loadGatewayConfig, parseGatewayConfig, type UpstreamFlagOptions } from './config/load.js';
export {
  gatewayConfigSchema,
  UPSTREAM_KINDS,
  type GatewayConfig,
  type GatewayConfigInput,
  type UpstreamConfig,
  type UpstreamKind,
  type RouteRule,
  type RouterConfig,
  type RedisConfig,
  type CacheConfig,
  type CorsConfig,
  type LimitsConfig,
  type ServerConfig,
} from './config/schema.js';
export { gatewayConfigJsonSchema } from './config/json-schema.js';
export {
  toErrorResponse,
  ModelNotFoundError,
  RequestRefusedError,
  REFUSAL_REASONS,
  type RefusalReason,
  type ErrorResponse,
  type OpenAIErrorBody,
} from './errors/openai-error.js';
export { ListenError, explainListenError, type ListenSettingNames } from './http/listen-error.js';
export { createVirtualKey, keyView, createKeyInputSchema, type CreateKeyInput, type CreatedKey, type KeyView } from './keys/manage.js';
export { hashKeySecret, KEY_PREFIX } from './keys/secret.js';
export type { GatewayStore } from './keys/gateway-store.js';
export type { GatewayState, KeyLimits, Admission, KeyUsage, CircuitState, MaybePromise } from './state/gateway-state.js';
export { createMemoryState, type MemoryGatewayState } from './state/memory-state.js';
export { createRedisState, type RedisGatewayState, type RedisStateOptions } from './state/redis-state.js';
export { SharedStateUnavailableError } from './state/shared-state-error.js';
export type { ResponseCache, CacheStatus } from './cache/response-cache.js';
export type { RoutePolicy, PolicyDecision } from './routing/policy.js';
export type { CatalogPrices, UnitPrice } from './cost/price-table.js';
export { bearerToken } from './keys/secret.js';
