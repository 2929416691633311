/**
 * Spend booked by this instance and not yet written to the store, summed per key and UTC day. Every
 * GatewayState keeps one: each instance persists only what it settled itself.
 */
import type { SpendDelta } from './gateway-state.js';

export interface PendingSpend {
  add(keyId: string, day: string, usd: number): void;
  take(): SpendDelta[];
}

export function createPendingSpend(): PendingSpend {
  const pending = new Map<string, SpendDelta>();
  return {
    add(keyId, day, usd) {
      if (usd <= 0) return;
      const id = `${keyId}\u0000${day}`;
      const delta = pending.get(id);
      if (delta === undefined) pending.set(id, { keyId, day, usd });
      else delta.usd += usd;
    },
    take() {
      const out = [...pending.values()];
      pending.clear();
      return out;
    },
  };
}
