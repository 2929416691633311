import { describe, expect, it } from 'vitest';
import { keyLimits as key } from '../../../test/helpers/key-limits.js';
import { BudgetExceededError } from '../../errors.js';
import type { BudgetLease } from '../../store/records.js';
import type { BudgetLedger } from './budget-leases.js';
import { IDLE_RELEASE_MS, LEASE_FRACTION } from './budget-leases.js';
import type { Admission } from './gateway-state.js';
import { createMemoryState } from './memory-state.js';
import { SharedStateUnavailableError } from './shared-state-error.js';

const T0 = Date.UTC(2026, 0, 1, 12);

/** The store's side of leasing, in memory: one budget, leases granting what is left of it. */
function fakeLedger(budgetUsd: number): BudgetLedger & { calls: number; held: Map<string, number>; fail: boolean } {
  const held = new Map<string, number>();
  const ledger = {
    calls: 0,
    held,
    fail: false,
    leaseBudget(request: { leaseId: string; wantUsd: number }): Promise<BudgetLease> {
      ledger.calls++;
      if (ledger.fail) return Promise.reject(new Error('database is locked'));
      const used = [...held.values()].reduce((sum, value) => sum + value, 0);
      const granted = Math.max(0, Math.min(request.wantUsd, budgetUsd - used));
      held.set(request.leaseId, (held.get(request.leaseId) ?? 0) + granted);
      return Promise.resolve({ grantedUsd: granted, leasedUsd: held.get(request.leaseId) ?? 0, remainingUsd: budgetUsd - used - granted, limitedBy: 'total', refused: null });
    },
  };
  return ledger;
}

const state = (ledger: BudgetLedger, clock = () => T0) => createMemoryState({ failureThreshold: 5, cooldownMs: 1_000, ledger, clock });
const request = (reserveUsd: number) => ({ reserveUsd, promptTokens: 1 });

describe('memory GatewayState with budgets leased from the store', () => {
  it('asks the store once per slice and admits from memory in between', async () => {
    const ledger = fakeLedger(1);
    const s = state(ledger);
    const limits = key({ budgetUsdTotal: 1 });
    const first = s.admit(limits, request(0.01), T0);
    expect(first).toBeInstanceOf(Promise); // the first admission waits for a lease
    expect((await first).lease).toBeDefined();
    expect(ledger.held.size).toBe(1);
    expect([...ledger.held.values()][0]).toBeCloseTo(LEASE_FRACTION * 1);
    for (let index = 0; index < 3; index++) expect(s.admit(limits, request(0.01), T0)).not.toBeInstanceOf(Promise);
    expect(ledger.calls).toBe(1);
  });

  it('never lets instances sharing one store spend past the budget (one request each over at most)', async () => {
    const ledger = fakeLedger(0.1);
    const instances = [state(ledger), state(ledger)];
    const limits = key({ budgetUsdTotal: 0.1 });
    let admitted = 0;
    const settled: Array<Promise<void>> = [];
    for (let index = 0; index < 60; index++) {
      const s = instances[index % 2]!;
      try {
        const admission: Admission = await s.admit(limits, request(0.004), T0);
        admitted++;
        if (index % 3 === 0) settled.push(Promise.resolve(s.settle(admission, 0.004, 1, T0)));
      } catch (error) {
        expect(error).toBeInstanceOf(BudgetExceededError);
      }
    }
    await Promise.all(settled);
    expect(admitted * 0.004).toBeLessThanOrEqual(0.1 + 2 * 0.004 + 1e-12);
    expect(admitted * 0.004).toBeGreaterThan(0.1 - 2 * 0.004);
  });

  it('hands spend to write-behind against its lease, and gives an idle lease back', async () => {
    const ledger = fakeLedger(1);
    let now = T0;
    const s = state(ledger, () => now);
    const admission = await s.admit(key({ budgetUsdTotal: 1 }), request(0.02), T0);
    s.settle(admission, 0.015, 10, T0);
    const lease = admission.lease as string;
    expect(s.takePendingSpend()).toEqual([{ keyId: 'k1', day: '2026-01-01', usd: 0.015, lease, close: false }]);
    // nothing in flight and unused for IDLE_RELEASE_MS: given back with the next write-behind
    now = T0 + IDLE_RELEASE_MS - 1;
    expect(s.takePendingSpend()).toEqual([]);
    now = T0 + IDLE_RELEASE_MS;
    expect(s.takePendingSpend()).toEqual([{ keyId: 'k1', day: '2026-01-01', usd: 0, lease, close: true }]);
  });

  it('takes a new lease on a new day, giving yesterday’s back', async () => {
    const ledger = fakeLedger(10);
    const s = state(ledger);
    const limits = key({ budgetUsdDaily: 1 });
    const today = await s.admit(limits, request(0.01), T0);
    const tomorrow = await s.admit(limits, request(0.01), T0 + 86_400_000);
    expect(tomorrow.day).toBe('2026-01-02');
    expect(tomorrow.lease).not.toBe(today.lease);
    expect(s.takePendingSpend()).toContainEqual({ keyId: 'k1', day: '2026-01-01', usd: 0, lease: today.lease, close: true });
  });

  it('refuses with a 503 naming the store when a lease cannot be had', async () => {
    const ledger = fakeLedger(1);
    ledger.fail = true;
    await expect(state(ledger).admit(key({ budgetUsdTotal: 1 }), request(0.01), T0)).rejects.toThrow(SharedStateUnavailableError);
    await expect(state(ledger).admit(key({ budgetUsdTotal: 1 }), request(0.01), T0)).rejects.toThrow(/store/);
  });

  it('admits keys without a budget with no store call', () => {
    const ledger = fakeLedger(1);
    expect(state(ledger).admit(key(), request(5), T0)).not.toBeInstanceOf(Promise);
    expect(ledger.calls).toBe(0);
  });
});
