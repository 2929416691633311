/**
 * The response cache in Redis, shared by every gateway instance: `SET <prefix>cache:<hash> <body> PX <ttl>`.
 * Redis bounds it (its `maxmemory` policy), not `maxEntries`. A read that fails is a miss; a write that fails
 * is reported and dropped — the cache never fails a request.
 */
import type { Redis } from 'ioredis';
import type { ResponseCache } from './response-cache.js';

export interface RedisCacheOptions {
  redis: Redis;
  keyPrefix: string;
  ttlMs: number;
  /** Larger answers are not stored. */
  maxEntryBytes: number;
  onError?: (error: unknown) => void;
}

export function createRedisCache(options: RedisCacheOptions): ResponseCache {
  const { redis } = options;
  const writes = new Set<Promise<unknown>>();
  const keyOf = (key: string): string => `${options.keyPrefix}cache:${key}`;
  return {
    kind: 'redis',
    async get(key) {
      try {
        return (await redis.getBuffer(keyOf(key))) ?? undefined;
      } catch (error) {
        options.onError?.(error);
        return undefined;
      }
    },
    set(key, body) {
      if (body.length > options.maxEntryBytes) return;
      const write = redis.set(keyOf(key), body, 'PX', options.ttlMs).then(
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
