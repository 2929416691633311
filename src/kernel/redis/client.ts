/**
 * The one way parity opens a Redis client (the gateway's shared state and cache, the eval queue): the URL checked
 * first (a ConfigError naming the setting), then ioredis loaded — only now, so a process that has no Redis
 * configured never loads it — and, for `connectRedisClient`, a first PING that fails fast with one line.
 */
import type { Redis, RedisOptions } from 'ioredis';
import { reachRedis } from './reach.js';
import { parseRedisUrl } from './url.js';

/** A client for `url` with `options`, not yet asked anything. `where` names the URL's setting in errors. */
export async function createRedisClient(url: string, where: string, options: RedisOptions): Promise<Redis> {
  parseRedisUrl(url, where);
  const { Redis: RedisClient } = await import('ioredis');
  return new RedisClient(url, options);
}

/** A client that has answered a PING; a ConfigError naming `where` and what the socket said otherwise. */
export async function connectRedisClient(url: string, where: string, options: RedisOptions): Promise<Redis> {
  const client = await createRedisClient(url, where, { ...options, lazyConnect: true });
  await reachRedis(client, url, where);
  return client;
}
