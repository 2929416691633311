/**
 * Authentication by virtual key: the bearer secret is hashed and looked up in the store, with the answer cached
 * in memory (hits for `positiveTtlMs`, misses briefly) so the hot path does no I/O. Concurrent lookups of the
 * same hash share one store query. Revoking through the gateway drops the cache entry at once.
 */
import { AuthError } from '../../errors.js';
import type { GatewayStore, VirtualKey } from './gateway-store.js';
import { hashKeySecret } from './secret.js';

export interface KeyResolverOptions {
  positiveTtlMs?: number;
  negativeTtlMs?: number;
  maxEntries?: number;
}

interface Entry {
  key: VirtualKey | undefined;
  expiresAt: number;
}

export interface KeyResolver {
  /** Resolves a bearer secret to its key; throws AuthError for a missing, unknown or revoked key. */
  authenticate(secret: string | undefined, now: number): VirtualKey | Promise<VirtualKey>;
  /** Forget a key (after a revoke or an update). */
  invalidate(hashedKey: string): void;
}

export function createKeyResolver(store: GatewayStore, options: KeyResolverOptions = {}): KeyResolver {
  const positiveTtl = options.positiveTtlMs ?? 10_000;
  const negativeTtl = options.negativeTtlMs ?? 2_000;
  const maxEntries = options.maxEntries ?? 50_000;
  const cache = new Map<string, Entry>();
  const loading = new Map<string, Promise<VirtualKey | undefined>>();
  // secret → hash, so a hot key is hashed once (the secret never leaves this process's memory)
  const hashes = new Map<string, string>();
  const hashOf = (secret: string): string => {
    let hash = hashes.get(secret);
    if (hash === undefined) {
      hash = hashKeySecret(secret);
      if (hashes.size >= maxEntries) hashes.delete(hashes.keys().next().value as string);
      hashes.set(secret, hash);
    }
    return hash;
  };

  const check = (key: VirtualKey | undefined): VirtualKey => {
    if (key === undefined) throw new AuthError('Incorrect API key provided.');
    if (key.revokedAt !== null) throw new AuthError('This API key has been revoked.');
    return key;
  };

  const load = (hash: string, now: number): Promise<VirtualKey | undefined> => {
    let promise = loading.get(hash);
    if (promise === undefined) {
      promise = store.findKeyByHash(hash).then(
        (key) => {
          loading.delete(hash);
          if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
          cache.set(hash, { key, expiresAt: now + (key === undefined ? negativeTtl : positiveTtl) });
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
      if (secret === undefined) {
        throw new AuthError('You did not provide an API key. Send it as "Authorization: Bearer <key>".');
      }
      const hash = hashOf(secret);
      const entry = cache.get(hash);
      if (entry !== undefined && entry.expiresAt > now) return check(entry.key);
      if (entry !== undefined && entry.key !== undefined) {
        // stale hit: answer from the cache, refresh in the background
        load(hash, now).catch(() => undefined);
        return check(entry.key);
      }
      return load(hash, now).then(check);
    },
    invalidate(hashedKey) {
      cache.delete(hashedKey);
    },
  };
}
