/**
 * Budgets kept in the store, spent from memory: the in-memory GatewayState takes a slice of a key's remaining
 * budget into a lease (`store.leaseBudget`, atomic against every other instance), admits requests against it
 * with no I/O, and hands what they cost back to write-behind as spend booked against the lease. So budgets hold
 * across restarts (the spend is in the store) and across instances sharing a store without Redis (no two leases
 * take the same room), at one store call per slice rather than per request.
 *
 * - A slice is LEASE_FRACTION of the key's smaller budget (more when one request needs more); near the end of a
 *   budget the store grants what is left, so an instance holds at most that fraction others cannot use.
 * - A lease is renewed in the background while in use and expires `ttlMs` after its last renewal; past half
 *   of that without one, the instance stops using it and takes a new one (the store may have given the old one
 *   back, if this instance looked dead). A lease idle for IDLE_RELEASE_MS is given back, and every lease is on
 *   close, so an idle instance holds no budget another one could use.
 * - A lease belongs to one key and one UTC day: spend is booked on the day its request was admitted.
 */
import { randomBytes } from 'node:crypto';
import type { BudgetLease } from '../../store/index.js';
import type { KeyLimits } from './gateway-state.js';
import type { PendingSpend } from './pending-spend.js';

/** A slice is this share of the key's smaller budget. */
export const LEASE_FRACTION = 0.05;
/** A lease not used for this long is given back. */
export const IDLE_RELEASE_MS = 10_000;
/** Default lease lifetime in the store without renewal. */
export const DEFAULT_LEASE_TTL_MS = 120_000;

/** The store calls the lease book makes (GatewayStore). */
export interface BudgetLedger {
  leaseBudget(request: {
    keyId: string;
    leaseId: string;
    day: string;
    wantUsd: number;
    nowMs: number;
    ttlMs: number;
  }): Promise<BudgetLease>;
}

export interface Lease {
  readonly id: string;
  readonly keyId: string;
  readonly day: string;
  /** USD the lease holds in the store, less spend already handed to write-behind. */
  leased: number;
  /** USD reserved by requests in flight on it. */
  reserved: number;
  /** When the store last renewed it (ms). */
  renewedAt: number;
  lastUsedAt: number;
  /** The key's room in the store after the last grant (null: no budget); undefined before the first. */
  remaining: number | null | undefined;
  /** The budget that bounded the last grant. */
  limitedBy: BudgetLease['limitedBy'];
  refused: BudgetLease['refused'];
  /** A store call under way for this lease. */
  call: Promise<void> | undefined;
  /** USD asked for by requests waiting for the next call. */
  demand: number;
}

export class LeaseBook {
  private readonly instance = randomBytes(6).toString('hex');
  private generation = 0;
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly ledger: BudgetLedger,
    private readonly pending: PendingSpend,
    private readonly ttlMs: number = DEFAULT_LEASE_TTL_MS,
  ) {}

  /** The key's usable lease for `day`, retiring one that is too old or of another day. */
  current(keyId: string, day: string, now: number): Lease | undefined {
    const lease = this.leases.get(keyId);
    if (lease === undefined) return undefined;
    if (lease.day === day && now < lease.renewedAt + this.ttlMs / 2) {
      lease.lastUsedAt = now;
      if (now > lease.renewedAt + this.ttlMs / 4 && lease.call === undefined) this.renew(lease, now);
      return lease;
    }
    this.retire(lease);
    return undefined;
  }

  /**
   * Asks the store for room for `need` more. Requests that arrive while a call is under way add their need to
   * the next one and wait for the one under way first (then check again).
   */
  topUp(key: KeyLimits, day: string, need: number, now: number): Promise<void> {
    let lease = this.current(key.keyId, day, now);
    if (lease === undefined) {
      lease = {
        id: `${this.instance}.${(this.generation++).toString(36)}.${key.keyId}.${day}`,
        keyId: key.keyId,
        day,
        leased: 0,
        reserved: 0,
        renewedAt: now,
        lastUsedAt: now,
        remaining: undefined,
        limitedBy: null,
        refused: null,
        call: undefined,
        demand: 0,
      };
      this.leases.set(key.keyId, lease);
    }
    lease.demand += need;
    if (lease.call !== undefined) return lease.call;
    const smallest = Math.min(key.budgetUsdTotal ?? Number.POSITIVE_INFINITY, key.budgetUsdDaily ?? Number.POSITIVE_INFINITY);
    const slice = Number.isFinite(smallest) ? smallest * LEASE_FRACTION : 0;
    const want = Math.max(lease.demand - (lease.leased - lease.reserved), slice);
    lease.demand = 0;
    return this.call(lease, want, now);
  }

  /** Books a settled request's cost against its lease and queues it for the store. */
  settle(keyId: string, leaseId: string, day: string, reservedUsd: number, actualUsd: number): void {
    const lease = this.leases.get(keyId);
    if (lease !== undefined && lease.id === leaseId) {
      lease.reserved = Math.max(0, lease.reserved - reservedUsd);
      lease.leased -= actualUsd;
    }
    this.pending.add(keyId, day, actualUsd, leaseId);
  }

  /** Gives back leases idle for IDLE_RELEASE_MS (called as write-behind takes the pending spend). */
  releaseIdle(now: number): void {
    for (const lease of this.leases.values()) {
      if (lease.reserved <= 0 && lease.call === undefined && now - lease.lastUsedAt >= IDLE_RELEASE_MS) this.retire(lease);
    }
  }

  /** Gives every lease back (on close); the closes go out with the next write-behind flush. */
  releaseAll(): void {
    for (const lease of [...this.leases.values()]) this.retire(lease);
  }

  private retire(lease: Lease): void {
    if (this.leases.get(lease.keyId) === lease) this.leases.delete(lease.keyId);
    this.pending.close(lease.keyId, lease.day, lease.id);
  }

  private renew(lease: Lease, now: number): void {
    this.call(lease, 0, now).catch(() => undefined); // a failed renewal ages the lease out; the next top-up reports
  }

  private call(lease: Lease, wantUsd: number, now: number): Promise<void> {
    const call = this.ledger
      .leaseBudget({ keyId: lease.keyId, leaseId: lease.id, day: lease.day, wantUsd, nowMs: now, ttlMs: this.ttlMs })
      .then(
        (grant) => {
          lease.call = undefined;
          lease.leased += grant.grantedUsd;
          lease.renewedAt = now;
          lease.remaining = grant.remainingUsd;
          lease.limitedBy = grant.limitedBy;
          lease.refused = grant.refused;
        },
        (error: unknown) => {
          lease.call = undefined;
          throw error;
        },
      );
    lease.call = call;
    return call;
  }
}
