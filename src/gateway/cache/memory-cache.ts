/**
 * The response cache in memory: a Map in least-recently-used order, bounded by entry count and total bytes,
 * each entry expiring after the TTL.
 */
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

interface Entry {
  body: Buffer;
  expiresAt: number;
}

export function createMemoryCache(options: MemoryCacheOptions, clock: () => number = Date.now): MemoryResponseCache {
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string, entry: Entry): void => {
    entries.delete(key);
    bytes -= entry.body.length;
  };

  return {
    kind: 'memory',
    get(key): Buffer | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= clock()) {
        remove(key, entry);
        return undefined;
      }
      entries.delete(key); // re-insert: most recently used last
      entries.set(key, entry);
      return entry.body;
    },
    set(key, body) {
      if (body.length > options.maxEntryBytes || body.length > options.maxBytes) return;
      const old = entries.get(key);
      if (old !== undefined) remove(key, old);
      entries.set(key, { body, expiresAt: clock() + options.ttlMs });
      bytes += body.length;
      for (const [oldest, entry] of entries) {
        if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
        remove(oldest, entry);
      }
    },
  };
}
