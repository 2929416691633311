import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { SqlStore, VirtualKeyInput } from '../../src/store/index.js';
import type { SuiteContext } from './store-suite.js';

let keySerial = 0;
function keyInput(overrides: Partial<VirtualKeyInput> = {}): VirtualKeyInput {
  keySerial += 1;
  return { id: `lease-key-${keySerial}`, hashedKey: `sha256:lease-${String(keySerial).padStart(58, '0')}`, name: `lessee ${keySerial}`, ...overrides };
}

const DAY = '2026-03-01';
const T0 = Date.parse(`${DAY}T12:00:00Z`);
const TTL = 60_000;

const lease = (store: SqlStore, keyId: string, leaseId: string, wantUsd: number, nowMs = T0, day = DAY) =>
  store.leaseBudget({ keyId, leaseId, day, wantUsd, nowMs, ttlMs: TTL });

export function defineBudgetLeaseTests(context: SuiteContext): void {
  describe('budget leases', () => {
    it('books spend written behind without a reservation on its day, so a restart still sees the day’s spend', async () => {
      const { url, store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdDaily: 0.01 }));
      await store.settleBudget(key.id, 0, 0.004, DAY);
      await store.settleBudget(key.id, 0, 0.002, DAY);
      const reopened = await context.open(url);
      expect(await reopened.getKey(key.id)).toMatchObject({ usageDay: DAY, spentUsdDay: 0.006, spentUsdTotal: 0.006 });
      // the next day starts afresh; a late write for the day before counts in the total only
      await reopened.settleBudget(key.id, 0, 0.001, '2026-03-02');
      await reopened.settleBudget(key.id, 0, 0.003, DAY);
      expect(await reopened.getKey(key.id)).toMatchObject({ usageDay: '2026-03-02', spentUsdDay: 0.001, spentUsdTotal: 0.01 });
    });

    it('grants what the tighter budget has room for, and says which budget bounded it', async () => {
      const { store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1, budgetUsdDaily: 0.5 }));
      expect(await lease(store, key.id, 'a', 0.3)).toEqual({ grantedUsd: 0.3, leasedUsd: 0.3, remainingUsd: 0.2, limitedBy: 'daily', refused: null });
      expect(await lease(store, key.id, 'b', 0.3)).toMatchObject({ grantedUsd: 0.2, leasedUsd: 0.2, remainingUsd: 0, limitedBy: 'daily' });
      expect(await lease(store, key.id, 'a', 0.1)).toMatchObject({ grantedUsd: 0, leasedUsd: 0.3 });
      expect(await store.getKey(key.id)).toMatchObject({ reservedUsdTotal: 0.5, reservedUsdDay: 0.5, usageDay: DAY });
      // the next day has room again: yesterday's leases were never renewed, so they are given back first
      expect(await lease(store, key.id, 'c', 0.7, T0 + 86_400_000, '2026-03-02')).toMatchObject({ grantedUsd: 0.5, limitedBy: 'daily', remainingUsd: 0 });
      expect(await store.getKey(key.id)).toMatchObject({ reservedUsdTotal: 0.5, reservedUsdDay: 0.5, usageDay: '2026-03-02' });
    });

    it('books spend against a lease and gives the rest back on close', async () => {
      const { store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1 }));
      await lease(store, key.id, 'a', 0.4);
      await store.settleBudgetLease({ keyId: key.id, leaseId: 'a', day: DAY, spentUsd: 0.1, close: false });
      expect(await store.getKey(key.id)).toMatchObject({ spentUsdTotal: 0.1, reservedUsdTotal: 0.3, spentUsdDay: 0.1 });
      await store.settleBudgetLease({ keyId: key.id, leaseId: 'a', day: DAY, spentUsd: 0.05, close: true });
      expect(await store.getKey(key.id)).toMatchObject({ spentUsdTotal: 0.15, reservedUsdTotal: 0, reservedUsdDay: 0 });
      // spend arriving after the lease is gone still counts, without touching reservations
      await store.settleBudgetLease({ keyId: key.id, leaseId: 'a', day: DAY, spentUsd: 0.05, close: false });
      expect(await store.getKey(key.id)).toMatchObject({ spentUsdTotal: 0.2, reservedUsdTotal: 0 });
      expect(await lease(store, key.id, 'b', 5)).toMatchObject({ grantedUsd: 0.8, remainingUsd: 0 });
    });

    it('gives back a lease its instance stopped renewing, at the next lease on the key', async () => {
      const { store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1, budgetUsdDaily: 1 }));
      await lease(store, key.id, 'dead', 0.9);
      expect(await lease(store, key.id, 'live', 0.5, T0 + TTL - 1)).toMatchObject({ grantedUsd: 0.1 });
      expect(await lease(store, key.id, 'live', 0.5, T0 + TTL + 1)).toMatchObject({ grantedUsd: 0.5, leasedUsd: 0.6 });
      expect(await store.getKey(key.id)).toMatchObject({ reservedUsdTotal: 0.6, reservedUsdDay: 0.6 });
    });

    it('never grants past the budget to 200 concurrent leases from two store instances', async () => {
      const { url, store } = await context.fresh();
      const other = await context.open(url);
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1 }));
      // one call at a time per lease id (an instance serialises its own): 200 leases, as from 200 instances
      const grants = await Promise.all(
        Array.from({ length: 200 }, (_, index) => lease(index % 2 === 0 ? store : other, key.id, `lease-${index}`, 0.013)),
      );
      const granted = grants.reduce((sum, grant) => sum + grant.grantedUsd, 0);
      expect(granted).toBeCloseTo(1, 9);
      expect((await store.getKey(key.id))?.reservedUsdTotal).toBeCloseTo(1, 9);
    });

    it('grants nothing to a revoked or unknown key, and rejects nonsense', async () => {
      const { store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1 }));
      await store.revokeKey(key.id);
      expect(await lease(store, key.id, 'a', 0.5)).toMatchObject({ grantedUsd: 0, refused: 'revoked' });
      expect(await lease(store, 'missing', 'a', 0.5)).toMatchObject({ grantedUsd: 0, refused: 'unknown-key' });
      await expect(lease(store, key.id, 'a', -1)).rejects.toThrow(ValidationError);
    });
  });
}
