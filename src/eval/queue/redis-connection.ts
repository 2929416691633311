/**
 * Connecting to the Redis that carries a distributed eval's queue: one probe that turns "nothing answers" into a
 * one-line ConfigError (instead of ioredis retrying forever), then long-lived clients for BullMQ.
 */
import type { Redis, RedisOptions } from 'ioredis';
import { connectRedisClient, createRedisClient } from '../../kernel/index.js';

export { parseRedisUrl, redactRedisUrl } from '../../kernel/index.js';

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Opens a client and waits for Redis to answer a PING, failing fast with a clear message. `role: 'worker'` makes
 * a client BullMQ's Worker accepts (commands wait through reconnects instead of failing after a few retries).
 */
export async function connectRedis(url: string, role: 'producer' | 'worker', where = '--queue'): Promise<Redis> {
  const probe = await connectRedisClient(url, where, { connectTimeout: PROBE_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.disconnect();
  const options: RedisOptions = {
    connectTimeout: PROBE_TIMEOUT_MS,
    // BullMQ's Worker requires null (wait through reconnects); a producer gives up after a few retries instead
    maxRetriesPerRequest: role === 'worker' ? null : 20,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  };
  return createRedisClient(url, where, options);
}
