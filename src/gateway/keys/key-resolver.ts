/**
 * Authentication by virtual key, from the `Authorization` (or `x-api-key`) header alone — the body is not read
 * until a key passed. The bearer secret is hashed and looked up in the store, and the answer cached so the hot
 * path does no I/O:
 *
 * - a string that cannot be a parity key (wrong prefix, length or alphabet) is refused at once, with no lookup
 *   and nothing remembered, so a flood of made-up tokens costs neither store queries nor memory;
 * - every cache here is an LRU bounded in entries (lru-cache). Found keys, and the secrets that named them, are
 *   kept apart from unknown hashes, which get a smaller LRU of their own: a flood of made-up key-shaped tokens
 *   neither pushes real keys out (each real request would then wait on the store) nor costs more than that
 *   small LRU's memory;
 * - a found key is re-read after `ttlMs`: 500 ms by default, so a key revoked in the store (by any process)
 *   stops working on every running gateway within about a second. A stale entry is still answered from while
 *   one background read refreshes it, but never more than one further TTL late. With a revocation feed (Postgres
 *   LISTEN/NOTIFY, see `usePushedRevocations`) revocations arrive at once and the TTL is only a safety net;
 * - unknown hashes are remembered briefly (`negativeTtlMs`); concurrent lookups of one hash share a query.
 */
import { LRUCache } from 'lru-cache';
import { AuthError } from '../../errors.js';
import type { GatewayStore, VirtualKey } from './gateway-store.js';
import { hashKeySecret, isKeyShaped } from './secret.js';

/** Re-read a key this often without a revocation feed: revocations reach the gateway within ~1 s. */
export const POLLED_TTL_MS = 500;
/** With a live revocation feed, the re-read is only a safety net. */
export const PUSHED_TTL_MS = 60_000;

export interface KeyResolverOptions {
  /** How long a found key is trusted before it is read again (default POLLED_TTL_MS). */
  ttlMs?: number;
  /** How long an unknown hash is remembered as unknown (default 2 s). */
  negativeTtlMs?: number;
  /** Found keys (and the secrets that named them) kept; default 10,000 each. */
  maxEntries?: number;
  /** Unknown hashes remembered; default 1,000. */
  maxUnknown?: number;
}

interface Entry {
  key: VirtualKey;
  /** Fresh until then. */
  expiresAt: number;
}

export interface KeyResolver {
  /** Resolves a bearer secret to its key; throws AuthError for a missing, malformed, unknown or revoked key. */
  authenticate(secret: string | undefined, now: number): VirtualKey | Promise<VirtualKey>;
  /** Forget a key (after a revoke or an update). */
  invalidate(hashedKey: string): void;
  /**
   * Revocations are pushed (true) — trust keys for PUSHED_TTL_MS — or no longer are (false: back to polling,
   * and everything cached is forgotten, since a revocation may have been missed meanwhile).
   */
  usePushedRevocations(pushed: boolean): void;
  /** Cached entries, found keys and unknown hashes (for tests and metrics). */
  readonly size: number;
}

const MISSING = 'You did not provide an API key. Send it as "Authorization: Bearer <key>".';
const INCORRECT = 'Incorrect API key provided.';

export function createKeyResolver(store: Pick<GatewayStore, 'findKeyByHash'>, options: KeyResolverOptions = {}): KeyResolver {
  const configuredTtl = options.ttlMs ?? POLLED_TTL_MS;
  let ttl = configuredTtl;
  const negativeTtl = options.negativeTtlMs ?? 2_000;
  const max = options.maxEntries ?? 10_000;
  const cache = new LRUCache<string, Entry>({ max });
  /** Hashes the store did not know, until when that answer is trusted. */
  const unknown = new LRUCache<string, number>({ max: options.maxUnknown ?? 1_000 });
  // secret → hash of a found key, so a hot key is hashed once (the secret never leaves this process's memory)
  const hashes = new LRUCache<string, string>({ max });
  const loading = new Map<string, Promise<VirtualKey | undefined>>();

  const check = (key: VirtualKey | undefined): VirtualKey => {
    if (key === undefined) throw new AuthError(INCORRECT);
    if (key.revokedAt !== null) throw new AuthError('This API key has been revoked.');
    return key;
  };

  const load = (hash: string, now: number): Promise<VirtualKey | undefined> => {
    let promise = loading.get(hash);
    if (promise === undefined) {
      promise = store.findKeyByHash(hash).then(
        (key) => {
          loading.delete(hash);
          if (key === undefined) {
            cache.delete(hash);
            unknown.set(hash, now + negativeTtl);
          } else {
            unknown.delete(hash);
            cache.set(hash, { key, expiresAt: now + ttl });
          }
          return key;
        },
        (error: unknown) => {
          loading.delete(hash);
          throw error;
        },
      );
      loading.set(hash, promise);
    }
    return promise;
  };

  return {
    authenticate(secret, now) {
      if (secret === undefined) throw new AuthError(MISSING);
      let hash = hashes.get(secret);
      const remembered = hash !== undefined;
      if (hash === undefined) {
        if (!isKeyShaped(secret)) throw new AuthError(INCORRECT);
        hash = hashKeySecret(secret);
      }
      const entry = cache.get(hash);
      if (entry !== undefined) {
        if (!remembered) hashes.set(secret, hash);
        if (entry.expiresAt > now) return check(entry.key);
        if (entry.expiresAt + ttl > now) {
          // stale by less than one TTL: answer from it while one background read refreshes it
          load(hash, now).catch(() => undefined);
          return check(entry.key);
        }
      }
      const unknownUntil = unknown.get(hash);
      if (unknownUntil !== undefined && unknownUntil > now) throw new AuthError(INCORRECT);
      if (remembered) return load(hash, now).then(check);
      // only a secret that names a key is remembered: made-up ones leave nothing behind but their hash, briefly
      const found = hash;
      return load(hash, now).then((key) => {
        if (key !== undefined) hashes.set(secret, found);
        return check(key);
      });
    },
    invalidate(hashedKey) {
      cache.delete(hashedKey);
      unknown.delete(hashedKey);
    },
    usePushedRevocations(pushed) {
      ttl = pushed ? Math.max(configuredTtl, PUSHED_TTL_MS) : configuredTtl;
      if (!pushed) cache.clear();
    },
    get size() {
      return cache.size + unknown.size;
    },
  };
}
