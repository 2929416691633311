/**
 * Redis URLs as every part of parity takes them (the eval queue's `--queue`, the gateway's `redis.url`), checked
 * without loading a Redis client: `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS.
 */
import { ConfigError } from '../../errors.js';

/** Checks the URL's shape; throws a ConfigError naming `where` (a flag or config field). */
export function parseRedisUrl(url: string, where: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError(where, `"${redactRedisUrl(url)}" is not a Redis URL: expected redis://HOST[:PORT][/DB]`, { cause: error });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(where, `"${redactRedisUrl(url)}" is not a Redis URL: expected redis://HOST[:PORT][/DB] or rediss:// for TLS`);
  }
  if (parsed.hostname === '') throw new ConfigError(where, `"${redactRedisUrl(url)}" is not a Redis URL: it names no host`);
  return parsed;
}

export function isRedisUrl(url: string): boolean {
  try {
    parseRedisUrl(url, 'url');
    return true;
  } catch {
    return false;
  }
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
