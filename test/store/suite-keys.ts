import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/errors.js';
import type { Store, VirtualKeyInput } from '../../src/store/index.js';
import { runReserveWorkers } from './reserve-workers.js';
import type { SuiteContext } from './store-suite.js';

let keySerial = 0;
function keyInput(overrides: Partial<VirtualKeyInput> = {}): VirtualKeyInput {
  keySerial += 1;
  return {
    id: `key-${keySerial}`,
    hashedKey: `sha256:${String(keySerial).padStart(64, '0')}`,
    name: `team ${keySerial}`,
    ...overrides,
  };
}

async function reserveMany(stores: Store[], keyId: string, attempts: number, amountUsd: number): Promise<number> {
  const outcomes = await Promise.all(
    Array.from({ length: attempts }, (_, index) => (stores[index % stores.length] as Store).reserveBudget(keyId, amountUsd)),
  );
  return outcomes.filter((outcome) => outcome.ok).length;
}

export function defineKeyTests(context: SuiteContext): void {
  describe('virtual keys', () => {
    it('creates, finds by hash, lists and revokes keys', async () => {
      const { store } = await context.fresh();
      const a = await store.createKey(keyInput({ budgetUsdTotal: 10, budgetUsdDaily: 2.5, rpm: 60, tpm: 100_000 }));
      const b = await store.createKey(keyInput());
      expect(a).toMatchObject({ budgetUsdTotal: 10, budgetUsdDaily: 2.5, rpm: 60, tpm: 100_000, revokedAt: null });
      expect(a.spentUsdTotal).toBe(0);
      expect(b.budgetUsdTotal).toBeNull();
      expect((await store.findKeyByHash(a.hashedKey))?.id).toBe(a.id);
      expect(await store.findKeyByHash('sha256:unknown-unknown-unknown')).toBeUndefined();
      const revoked = await store.revokeKey(a.id);
      expect(revoked.revokedAt).not.toBeNull();
      expect((await store.revokeKey(a.id)).revokedAt).toBe(revoked.revokedAt);
      expect((await store.listKeys()).map((key) => key.id)).toEqual([b.id]);
      expect((await store.listKeys({ includeRevoked: true })).map((key) => key.id).sort()).toEqual([a.id, b.id].sort());
      await expect(store.revokeKey('no-such-key')).rejects.toThrow(NotFoundError);
    });

    it('refuses a duplicate hash and bad budgets', async () => {
      const { store } = await context.fresh();
      const first = await store.createKey(keyInput());
      await expect(store.createKey(keyInput({ hashedKey: first.hashedKey }))).rejects.toThrow(ValidationError);
      await expect(store.createKey(keyInput({ budgetUsdTotal: -1 }))).rejects.toThrow(ValidationError);
      await expect(store.createKey(keyInput({ rpm: 1.5 }))).rejects.toThrow(ValidationError);
      expect(await store.listKeys()).toHaveLength(1);
    });
  });

  describe('budgets', () => {
    it('reserves within the total budget, refuses beyond it, and settles what was really spent', async () => {
      const { store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdTotal: 0.1 }));
      const first = await store.reserveBudget(key.id, 0.1, '2025-03-01');
      expect(first.ok).toBe(true);
      expect(await store.reserveBudget(key.id, 0.01, '2025-03-01')).toEqual({
        ok: false,
        reason: 'total-budget',
        day: '2025-03-01',
      });
      await store.settleBudget(key.id, 0.1, 0.04, first.day);
      const settled = await store.getKey(key.id);
      expect(settled).toMatchObject({ spentUsdTotal: 0.04, reservedUsdTotal: 0, spentUsdDay: 0.04 });
      expect((await store.reserveBudget(key.id, 0.06, '2025-03-01')).ok).toBe(true);
      expect((await store.reserveBudget(key.id, 0.000001, '2025-03-01')).ok).toBe(false);
    });

    it('keeps a per-day budget that starts afresh on a later day', async () => {
      const { store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1, budgetUsdDaily: 0.05 }));
      expect((await store.reserveBudget(key.id, 0.03, '2025-03-01')).ok).toBe(true);
      const refused = await store.reserveBudget(key.id, 0.03, '2025-03-01');
      expect(refused).toMatchObject({ ok: false, reason: 'daily-budget' });
      const nextDay = await store.reserveBudget(key.id, 0.03, '2025-03-02');
      expect(nextDay).toEqual({ ok: true, day: '2025-03-02' });
      // A late settlement for yesterday's reservation counts in the total but not in today's spend.
      await store.settleBudget(key.id, 0.03, 0.02, '2025-03-01');
      expect(await store.getKey(key.id)).toMatchObject({
        usageDay: '2025-03-02',
        spentUsdTotal: 0.02,
        reservedUsdTotal: 0.03,
        spentUsdDay: 0,
        reservedUsdDay: 0.03,
      });
      // A reservation dated earlier than the counters (a lagging clock) counts against the later day.
      const lagging = await store.reserveBudget(key.id, 0.02, '2025-03-01');
      expect(lagging).toEqual({ ok: true, day: '2025-03-02' });
      expect((await store.reserveBudget(key.id, 0.01, '2025-03-02')).ok).toBe(false);
    });

    it('refuses unknown and revoked keys, and rejects nonsense amounts', async () => {
      const { store } = await context.fresh();
      expect(await store.reserveBudget('missing', 0.01, '2025-03-01')).toMatchObject({ ok: false, reason: 'unknown-key' });
      const key = await store.createKey(keyInput());
      expect((await store.reserveBudget(key.id, 1_000_000)).ok).toBe(true);
      await store.revokeKey(key.id);
      expect(await store.reserveBudget(key.id, 0.01)).toMatchObject({ ok: false, reason: 'revoked' });
      await expect(store.reserveBudget(key.id, -0.01)).rejects.toThrow(ValidationError);
      await expect(store.reserveBudget(key.id, 0.01, 'yesterday')).rejects.toThrow(ValidationError);
      await expect(store.settleBudget('missing', 0, 0.01, '2025-03-01')).rejects.toThrow(NotFoundError);
    });

    it('lets exactly 100 of 200 concurrent $0.01 reservations through a $1 budget', async () => {
      const { store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1 }));
      expect(await reserveMany([store], key.id, 200, 0.01)).toBe(100);
      expect((await store.getKey(key.id))?.reservedUsdTotal).toBe(1);
    });

    it('never exceeds the budget across two store instances on one database', async () => {
      const { url, store } = await context.fresh();
      const other = await context.open(url);
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1, budgetUsdDaily: 0.5 }));
      expect(await reserveMany([store, other], key.id, 200, 0.01)).toBe(50);
      expect((await other.getKey(key.id))?.reservedUsdDay).toBe(0.5);
    });

    it('never exceeds the budget across two processes on one database', async () => {
      const { url, store } = await context.fresh();
      const key = await store.createKey(keyInput({ budgetUsdTotal: 1 }));
      const granted = await runReserveWorkers({ url, keyId: key.id, workers: 2, attemptsEach: 100, amountUsd: 0.01 });
      expect(granted.reduce((sum, count) => sum + count, 0)).toBe(100);
      expect((await store.getKey(key.id))?.reservedUsdTotal).toBe(1);
    });
  });
}
