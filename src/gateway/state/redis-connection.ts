/**
 * The Redis connection behind shared gateway state. A bad URL or a Redis that does not answer at start is a
 * one-line ConfigError. After that the client reconnects in the background, but never queues commands while
 * disconnected and gives each one `commandTimeoutMs`: a request then fails at once with a 503 naming the shared
 * state instead of waiting, or silently running without limits.
 *
 * (The eval queue has its own helper in src/eval/queue; the gateway may not import from src/eval.)
 */
import { Redis } from 'ioredis';
import { ConfigError } from '../../errors.js';
import { isRedisUrl, redactRedisUrl } from './redis-url.js';

const CONNECT_TIMEOUT_MS = 5_000;

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}

export interface SharedRedisOptions {
  /** Names the URL's origin in errors (`redis.url`, `PARITY_REDIS_URL`). */
  where: string;
  commandTimeoutMs: number;
  /** Errors the client hits after start (it keeps reconnecting). */
  onError?: (error: unknown) => void;
}

/** Opens the client and waits until Redis answers a PING; throws a ConfigError naming `where` otherwise. */
export async function connectSharedRedis(url: string, options: SharedRedisOptions): Promise<Redis> {
  if (!isRedisUrl(url)) {
    throw new ConfigError(options.where, `"${redactRedisUrl(url)}" is not a Redis URL; expected redis://HOST[:PORT][/DB] or rediss://…`);
  }
  let started = false;
  let firstError: unknown;
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
  client.on('error', (error: unknown) => {
    if (started) options.onError?.(error);
    else firstError ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const cause = firstError ?? error;
    throw new ConfigError(options.where, `cannot reach Redis at ${redactRedisUrl(url)}: ${messageOf(cause)}`, { cause });
  }
  started = true;
  return client;
}
