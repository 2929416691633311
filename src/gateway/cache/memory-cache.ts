/**
 * The response cache in memory: an LRU (lru-cache) bounded by entry count and total bytes, each entry expiring
 * after the TTL; answers larger than `maxEntryBytes` are not stored.
 */
import { LRUCache } from 'lru-cache';
import type { ResponseCache } from './response-cache.js';

export interface MemoryCacheOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  /** Larger answers are not stored. */
  maxEntryBytes: number;
}

/** The in-memory cache answers synchronously. */
export interface MemoryResponseCache extends ResponseCache {
  get(key: string): Buffer | undefined;
}

export function createMemoryCache(options: MemoryCacheOptions, clock: () => number = performance.now.bind(performance)): MemoryResponseCache {
  const entries = new LRUCache<string, Buffer>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    maxEntrySize: Math.min(options.maxEntryBytes, options.maxBytes),
    sizeCalculation: (body) => Math.max(1, body.length),
    ttl: options.ttlMs,
    ttlResolution: 0,
    perf: { now: clock },
  });
  return {
    kind: 'memory',
    get: (key) => entries.get(key),
    set(key, body) {
      entries.set(key, body);
    },
  };
}
