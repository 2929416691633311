/**
 * The first contact with a Redis server: connect a client created with `lazyConnect` and have it answer a PING,
 * or fail with one ConfigError line that names the setting and what the socket said (ECONNREFUSED, ENOTFOUND…),
 * instead of ioredis retrying for ever in the background.
 */
import type { Redis } from 'ioredis';
import { ConfigError } from '../../errors.js';
import { redactRedisUrl } from './url.js';

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}

/** Connects and pings `client`; on failure disconnects it and throws a ConfigError naming `where`. */
export async function reachRedis(client: Redis, url: string, where: string): Promise<void> {
  let firstError: unknown;
  const remember = (error: unknown): void => {
    firstError ??= error; // the socket's own error says more than "Connection is closed"
  };
  client.on('error', remember);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const cause = firstError ?? error;
    throw new ConfigError(where, `cannot reach Redis at ${redactRedisUrl(url)}: ${messageOf(cause)}`, { cause });
  } finally {
    client.off('error', remember);
  }
}
