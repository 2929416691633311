/**
 * The response cache in Redis, shared by every gateway instance: `SET <prefix>cache:<hash> <body> PX <ttl>`.
 * Redis bounds it (its `maxmemory` policy), not `maxEntries`. A read that fails is a miss; a write that fails
 * is reported and dropped — the cache never fails a request.
 */
import type { Redis } from 'ioredis';
import { DEFAULT_COMMAND_TIMEOUT_MS, withDeadline } from '../state/redis-connection.js';
import type { ResponseCache } from './response-cache.js';

export interface RedisCacheOptions {
  redis: Redis;
  keyPrefix: string;
  ttlMs: number;
  /** Larger answers are not stored. */
  maxEntryBytes: number;
  /** How long a command may go unanswered (`redis.commandTimeoutMs`); default 1 s. */
  commandTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

export function createRedisCache(options: RedisCacheOptions): ResponseCache {
  const { redis } = options;
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const writes = new Set<Promise<unknown>>();
  const keyOf = (key: string): string => `${options.keyPrefix}cache:${key}`;
  return {
    kind: 'redis',
    async get(key) {
      try {
        return (await withDeadline(redis.getBuffer(keyOf(key)), timeoutMs)) ?? undefined;
      } catch (error) {
        options.onError?.(error);
        return undefined;
      }
    },
    set(key, body) {
      if (body.length > options.maxEntryBytes) return;
      const write = withDeadline(redis.set(keyOf(key), body, 'PX', options.ttlMs), timeoutMs).then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      );
      writes.add(write);
      void write.finally(() => writes.delete(write));
    },
    async close() {
      while (writes.size > 0) await Promise.all([...writes]);
    },
  };
}
