/**
 * Connecting to the Redis that carries a distributed eval's queue: one probe that turns "nothing answers" into a
 * one-line ConfigError (instead of ioredis retrying forever), then long-lived clients for BullMQ.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '../../errors.js';

const PROBE_TIMEOUT_MS = 5_000;

/** Checks the URL's shape: `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS). */
export function parseRedisUrl(url: string, where = '--queue'): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError(where, `"${url}" is not a URL; expected redis://HOST[:PORT][/DB]`, { cause: error });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(where, `unsupported scheme "${parsed.protocol}" (use redis://HOST[:PORT][/DB] or rediss:// for TLS)`);
  }
  if (parsed.hostname === '') throw new ConfigError(where, `"${url}" names no host`);
  return parsed;
}

/** The URL with its password replaced, safe to print. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'redis://(unparsable URL)';
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens a client and waits for Redis to answer a PING, failing fast with a clear message. `role: 'worker'` makes
 * a client BullMQ's Worker accepts (commands wait through reconnects instead of failing after a few retries).
 */
export async function connectRedis(url: string, role: 'producer' | 'worker', where = '--queue'): Promise<Redis> {
  parseRedisUrl(url, where);
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: PROBE_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: unknown;
  probe.on('error', (error: unknown) => {
    cause ??= error; // the socket's own error (ECONNREFUSED, ENOTFOUND…) says more than "Connection is closed"
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    cause ??= error;
    throw new ConfigError(where, `cannot reach Redis at ${redactRedisUrl(url)}: ${messageOf(cause)}`, { cause });
  } finally {
    probe.disconnect();
  }
  const options: RedisOptions = {
    connectTimeout: PROBE_TIMEOUT_MS,
    // BullMQ's Worker requires null (wait through reconnects); a producer gives up after a few retries instead
    maxRetriesPerRequest: role === 'worker' ? null : 20,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  };
  return new Redis(url, options);
}
