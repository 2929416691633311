/**
 * Everything the gateway shares through Redis, opened from one URL: the GatewayState and (when `cache:` is
 * configured) the response cache, on one client. Loaded with a dynamic import, so a gateway without Redis never
 * loads ioredis.
 */
import { createRedisCache } from '../cache/redis-cache.js';
import type { ResponseCache } from '../cache/response-cache.js';
import type { GatewayConfig } from '../config/schema.js';
import type { GatewayState } from './gateway-state.js';
import { connectSharedRedis } from './redis-connection.js';
import { createRedisState } from './redis-state.js';

export interface SharedGatewayState {
  state: GatewayState;
  cache: ResponseCache | undefined;
}

/** `where` names the URL's origin in a ConfigError (`redis.url` or `PARITY_REDIS_URL`). */
export async function openRedisState(
  url: string,
  where: string,
  config: GatewayConfig,
  onError: (error: unknown) => void,
): Promise<SharedGatewayState> {
  const redis = await connectSharedRedis(url, { where, commandTimeoutMs: config.redis.commandTimeoutMs, onError });
  const state = createRedisState({
    redis,
    keyPrefix: config.redis.keyPrefix,
    failureThreshold: config.circuitBreaker.failureThreshold,
    cooldownMs: config.circuitBreaker.cooldownMs,
    reservationTtlMs: config.redis.reservationTtlMs,
    commandTimeoutMs: config.redis.commandTimeoutMs,
    idleTtlMs: config.redis.keyIdleTtlMs,
    ownsConnection: true,
    onError,
  });
  const cache =
    config.cache === undefined
      ? undefined
      : createRedisCache({
          redis,
          keyPrefix: config.redis.keyPrefix,
          ttlMs: config.cache.ttlSeconds * 1000,
          maxEntryBytes: config.cache.maxEntryBytes,
          commandTimeoutMs: config.redis.commandTimeoutMs,
          onError,
        });
  return { state, cache };
}
