import { describe, expect, it } from 'vitest';
import { AuthError } from '../../errors.js';
import type { VirtualKey } from './gateway-store.js';
import { createKeyResolver, POLLED_TTL_MS, PUSHED_TTL_MS } from './key-resolver.js';
import { generateKeySecret, hashKeySecret } from './secret.js';

/** A store holding keys by hash, counting its lookups. */
function fakeStore() {
  const keys = new Map<string, VirtualKey>();
  let lookups = 0;
  return {
    keys,
    get lookups() {
      return lookups;
    },
    findKeyByHash(hash: string): Promise<VirtualKey | undefined> {
      lookups++;
      const key = keys.get(hash);
      return Promise.resolve(key === undefined ? undefined : { ...key });
    },
    add(secret: string): VirtualKey {
      const key: VirtualKey = {
        id: `key_${keys.size}`,
        hashedKey: hashKeySecret(secret),
        name: 'k',
        budgetUsdTotal: null,
        budgetUsdDaily: null,
        rpm: null,
        tpm: null,
        createdAt: '2026-01-01T00:00:00.000Z',
        revokedAt: null,
        spentUsdTotal: 0,
        reservedUsdTotal: 0,
        usageDay: null,
        spentUsdDay: 0,
        reservedUsdDay: 0,
      };
      keys.set(key.hashedKey, key);
      return key;
    },
  };
}

const T0 = 1_000_000;
const resolved = async (value: VirtualKey | Promise<VirtualKey>): Promise<VirtualKey> => value;

describe('key resolver', () => {
  it('refuses what cannot be a key without a lookup and without remembering it', () => {
    const store = fakeStore();
    const resolver = createKeyResolver(store);
    for (const secret of ['sk-123', 'pk-parity-short', `pk-parity-${'a'.repeat(200)}`, 'pk-parity-has spaces and more text', 'x'.repeat(20_000)]) {
      expect(() => resolver.authenticate(secret, T0)).toThrow(AuthError);
    }
    expect(() => resolver.authenticate(undefined, T0)).toThrow(/did not provide an API key/);
    expect(store.lookups).toBe(0);
    expect(resolver.size).toBe(0);
  });

  it('sees a revocation made in the store within one re-read interval, answering from the cache until then', async () => {
    const store = fakeStore();
    const secret = generateKeySecret();
    const key = store.add(secret);
    const resolver = createKeyResolver(store);
    expect((await resolved(resolver.authenticate(secret, T0))).id).toBe(key.id);
    key.revokedAt = '2026-01-01T00:00:01.000Z'; // revoked by another process
    expect((await resolved(resolver.authenticate(secret, T0 + POLLED_TTL_MS - 1))).id).toBe(key.id); // fresh: no lookup
    expect(store.lookups).toBe(1);
    // stale: answered once more from the cache while one background read refreshes it
    expect((await resolved(resolver.authenticate(secret, T0 + POLLED_TTL_MS + 1))).id).toBe(key.id);
    expect(store.lookups).toBe(2);
    await Promise.resolve();
    expect(() => resolver.authenticate(secret, T0 + POLLED_TTL_MS + 2)).toThrow(/revoked/);
  });

  it('never answers from an entry stale by more than one interval: it waits for the store', async () => {
    const store = fakeStore();
    const secret = generateKeySecret();
    const key = store.add(secret);
    const resolver = createKeyResolver(store);
    await resolved(resolver.authenticate(secret, T0));
    key.revokedAt = '2026-01-01T00:00:01.000Z';
    await expect(resolved(resolver.authenticate(secret, T0 + 2 * POLLED_TTL_MS + 1))).rejects.toThrow(/revoked/);
  });

  it('trusts keys longer while revocations are pushed, and forgets everything when they stop', async () => {
    const store = fakeStore();
    const secret = generateKeySecret();
    const key = store.add(secret);
    const resolver = createKeyResolver(store);
    resolver.usePushedRevocations(true);
    await resolved(resolver.authenticate(secret, T0));
    await resolved(resolver.authenticate(secret, T0 + PUSHED_TTL_MS - 1));
    expect(store.lookups).toBe(1);
    resolver.invalidate(key.hashedKey); // a notification
    await resolved(resolver.authenticate(secret, T0 + 1));
    expect(store.lookups).toBe(2);
    resolver.usePushedRevocations(false); // the feed dropped: a revocation may have been missed
    expect(resolver.size).toBe(0);
  });

  it('stays bounded however many different key-shaped tokens arrive', async () => {
    const store = fakeStore();
    const resolver = createKeyResolver(store, { maxEntries: 1_000 });
    for (let index = 0; index < 5_000; index++) {
      await expect(resolved(resolver.authenticate(generateKeySecret(), T0))).rejects.toThrow(/Incorrect API key/);
    }
    expect(resolver.size).toBeLessThanOrEqual(1_000);
  });

  it('keeps its real keys through a flood of made-up tokens: they are answered from memory still', async () => {
    const store = fakeStore();
    const resolver = createKeyResolver(store, { maxEntries: 100, maxUnknown: 50 });
    const secrets = Array.from({ length: 100 }, () => generateKeySecret());
    for (const secret of secrets) store.add(secret);
    for (const secret of secrets) await resolved(resolver.authenticate(secret, T0));
    expect(store.lookups).toBe(100);
    for (let index = 0; index < 2_000; index++) {
      await expect(resolved(resolver.authenticate(generateKeySecret(), T0))).rejects.toThrow(/Incorrect API key/);
    }
    expect(resolver.size).toBeLessThanOrEqual(150);
    const lookups = store.lookups;
    for (const secret of secrets) expect((await resolved(resolver.authenticate(secret, T0 + 1))).hashedKey).toBe(hashKeySecret(secret));
    expect(store.lookups).toBe(lookups); // every real key still cached
  });

  it('remembers an unknown token briefly: repeated, it costs no lookup until the negative TTL passes', async () => {
    const store = fakeStore();
    const resolver = createKeyResolver(store, { negativeTtlMs: 2_000 });
    const secret = generateKeySecret();
    await expect(resolved(resolver.authenticate(secret, T0))).rejects.toThrow(/Incorrect API key/);
    expect(() => resolver.authenticate(secret, T0 + 1_000)).toThrow(/Incorrect API key/); // from memory, at once
    expect(store.lookups).toBe(1);
    store.add(secret); // created meanwhile (e.g. by another process)
    expect((await resolved(resolver.authenticate(secret, T0 + 2_001))).hashedKey).toBe(hashKeySecret(secret));
    expect(store.lookups).toBe(2);
  });
});
