/**
 * The Redis connection behind shared gateway state. A bad URL or a Redis that does not answer at start is a
 * one-line ConfigError. After that the client reconnects in the background, but never queues commands while
 * disconnected, and the state bounds each command it waits on (`withDeadline`, `redis.commandTimeoutMs`): a
 * request then fails at once with a 503 naming the shared state instead of waiting, or silently running without
 * limits.
 */
import { Redis } from 'ioredis';
import { ConfigError } from '../../errors.js';
import { reachRedis } from '../../store/redis/reach.js';
import { parseRedisUrl, redactRedisUrl } from '../../store/redis/url.js';

const CONNECT_TIMEOUT_MS = 5_000;
/** `redis.commandTimeoutMs`'s default. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;

/** What a command that did not answer in time rejects with. */
export class CommandTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Bounds `command` by `timeoutMs`, judged only after this process has read what Redis already sent: when the
 * timer fires, the verdict waits for the check phase of the event loop, which comes after the poll phase has
 * read the sockets. A timer that fires late because this process was busy or starved of CPU — when the answer is
 * already waiting in the socket — is then not taken for a Redis that does not answer. (ioredis's own
 * `commandTimeout` rejects from the timer alone: under load, gateways refused requests with 503s while Redis
 * answered in a millisecond.)
 */
export function withDeadline<T>(command: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (!settled) reject(new CommandTimeoutError(timeoutMs));
      });
    }, timeoutMs);
    command.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export interface SharedRedisOptions {
  /** Names the URL's origin in errors (`redis.url`, `PARITY_REDIS_URL`). */
  where: string;
  /** How long the first PING may take once connected. */
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
    enableOfflineQueue: false,
    // no auto-pipelining: it holds every command issued while a batch is out until that batch's answers are in,
    // so under load a command waited a whole round trip before it was even sent, and that wait counted against
    // its deadline (two loaded gateways sharing a key answered 503s while no command took Redis 10 ms: its
    // slowlog was empty); each command is written at once instead
    enableAutoPipelining: false,
    maxRetriesPerRequest: 0,
    // at start: no retries (fail with a clear message); later: reconnect with backoff, for ever
    retryStrategy: (times) => (started ? Math.min(times * 100, 2_000) : null),
  });
  try {
    await withDeadline(reachRedis(client, url, options.where), CONNECT_TIMEOUT_MS + options.commandTimeoutMs);
  } catch (error) {
    if (!(error instanceof CommandTimeoutError)) throw error;
    client.disconnect();
    throw new ConfigError(options.where, `cannot reach Redis at ${redactRedisUrl(url)}: no answer to PING (${error.message})`, {
      cause: error,
    });
  }
  client.on('error', (error: unknown) => options.onError?.(error));
  started = true;
  return client;
}
