/**
 * The Redis connection behind shared gateway state. A bad URL or a Redis that does not answer at start is a
 * one-line ConfigError. After that the client reconnects in the background, but never queues commands while
 * disconnected and gives each one `commandTimeoutMs`: a request then fails at once with a 503 naming the shared
 * state instead of waiting, or silently running without limits.
 */
import { Redis } from 'ioredis';
import { reachRedis } from '../../store/redis/reach.js';
import { parseRedisUrl } from '../../store/redis/url.js';

const CONNECT_TIMEOUT_MS = 5_000;

export interface SharedRedisOptions {
  /** Names the URL's origin in errors (`redis.url`, `PARITY_REDIS_URL`). */
  where: string;
  commandTimeoutMs: number;
  /** Errors the client hits after start (it keeps reconnecting). */
  onError?: (error: unknown) => void;
}

/** Opens the client and waits until Redis answers a PING; throws a ConfigError naming `where` otherwise. */
export async function connectSharedRedis(url: string, options: SharedRedisOptions): Promise<Redis> {
  parseRedisUrl(url, options.where);
  let started = false;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: options.commandTimeoutMs,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    // at start: no retries (fail with a clear message); later: reconnect with backoff, for ever
    retryStrategy: (times) => (started ? Math.min(times * 100, 2_000) : null),
  });
  await reachRedis(client, url, options.where);
  client.on('error', (error: unknown) => options.onError?.(error));
  started = true;
  return client;
}
