/**
 * Spend booked by this instance and not yet written to the store, summed per key and UTC day — or per budget
 * lease, when the spend was admitted against one (budget-leases.ts), with the lease's give-back (`close`) riding
 * along. Every GatewayState keeps one: each instance persists only what it settled itself.
 */
import type { SpendDelta } from './gateway-state.js';

export interface PendingSpend {
  /** Books `usd` on `day` (against `lease` when given). */
  add(keyId: string, day: string, usd: number, lease?: string): void;
  /** Gives `lease` back after the spend booked on it so far. */
  close(keyId: string, day: string, lease: string): void;
  take(): SpendDelta[];
}

export function createPendingSpend(): PendingSpend {
  const pending = new Map<string, SpendDelta>();
  // per lease id (a string already at hand: nothing built per request on the hot path)
  const leased = new Map<string, SpendDelta>();
  const entry = (keyId: string, day: string, lease: string | undefined): SpendDelta => {
    if (lease !== undefined) {
      let delta = leased.get(lease);
      if (delta === undefined) {
        delta = { keyId, day, usd: 0, lease, close: false };
        leased.set(lease, delta);
      }
      return delta;
    }
    const id = `${keyId}\u0000${day}`;
    let delta = pending.get(id);
    if (delta === undefined) {
      delta = { keyId, day, usd: 0 };
      pending.set(id, delta);
    }
    return delta;
  };
  return {
    add(keyId, day, usd, lease) {
      if (usd <= 0) return;
      entry(keyId, day, lease).usd += usd;
    },
    close(keyId, day, lease) {
      entry(keyId, day, lease).close = true;
    },
    take() {
      const out = [...pending.values(), ...leased.values()];
      pending.clear();
      leased.clear();
      return out;
    },
  };
}
