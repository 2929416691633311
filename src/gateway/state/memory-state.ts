/**
 * In-memory GatewayState: exact within one process because JavaScript runs each check-and-reserve to the end
 * before the next request's. Spend is written behind to the store through `takePendingSpend`.
 *
 * With a `ledger` (the gateway's store), budgets are held in the store through leases (budget-leases.ts): a
 * request is admitted from memory against its key's lease, and only topping the lease up asks the store — so
 * budgets hold across restarts and across instances sharing the store. Without one (unit tests, a store that
 * cannot lease), budgets are checked against the spend the key had when first seen plus this process's.
 * Rate limits and circuits are this process's alone either way (Redis shares them: redis-state.ts).
 */
import { LRUCache } from 'lru-cache';
import { AuthError } from '../../errors.js';
import { LeaseBook, type BudgetLedger, type Lease } from './budget-leases.js';
import type {
  Admission,
  AdmitRequest,
  CircuitState,
  GatewayState,
  KeyLimits,
  KeyUsage,
  MaybePromise,
} from './gateway-state.js';
import { createPendingSpend } from './pending-spend.js';
import { createDayClock } from './utc-day.js';
import { dailyBudgetError, requestsPerMinuteError, tokensPerMinuteError, totalBudgetError } from './limit-errors.js';
import { SharedStateUnavailableError } from './shared-state-error.js';

const EPSILON = 1e-9;
/** Circuits kept in memory (least recently used forgotten first). */
const MAX_CIRCUITS = 10_000;
/** A request of unknown price still needs some budget left: it reserves one micro-dollar. */
const LEAST_RESERVATION = 1e-6;
/** Top-ups one admission may wait for before its key is deemed out of budget. */
const MAX_TOP_UPS = 8;

interface Bucket {
  capacity: number;
  tokens: number;
  updatedAt: number;
}

interface KeyState {
  spentTotal: number;
  spentDay: number;
  day: string;
  reserved: number;
  inFlight: number;
  requests: Bucket | undefined;
  tokens: Bucket | undefined;
}

interface Circuit {
  failures: number;
  openUntil: number;
  probing: boolean;
}

/** The in-memory state answers synchronously (no promise on the hot path). */
export interface MemoryGatewayState extends GatewayState {
  readonly kind: 'memory';
  admit(key: KeyLimits, request: AdmitRequest, now: number): Admission;
  settle(admission: Admission, actualUsd: number, totalTokens: number, now: number): void;
  usage(keyId: string): KeyUsage | undefined;
  circuitAllows(circuit: string, now: number): boolean;
  recordSuccess(circuit: string): void;
  recordFailure(circuit: string, now: number): void;
  circuitState(circuit: string, now: number): CircuitState;
}

export interface MemoryStateOptions {
  failureThreshold: number;
  cooldownMs: number;
  /** The store budgets are leased from; admissions of budgeted keys then return a promise when a lease is topped up. */
  ledger?: BudgetLedger;
  /** How long a lease lives in the store without renewal (default 2 minutes). */
  leaseTtlMs?: number;
  /** The clock idle leases are judged by (default Date.now; admissions are told their time by the caller). */
  clock?: () => number;
}

/** With a ledger, admitting may have to wait for the store (a lease top-up). */
export interface LeasedMemoryGatewayState extends Omit<MemoryGatewayState, 'admit'> {
  admit(key: KeyLimits, request: AdmitRequest, now: number): MaybePromise<Admission>;
}

function refill(bucket: Bucket, perMinute: number, now: number): void {
  bucket.capacity = perMinute;
  if (now > bucket.updatedAt) {
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.updatedAt) * perMinute) / 60_000);
    bucket.updatedAt = now;
  }
}

function msUntil(bucket: Bucket, needed: number, perMinute: number): number {
  return Math.ceil(((needed - bucket.tokens) * 60_000) / perMinute);
}

export function createMemoryState(options: MemoryStateOptions & { ledger?: undefined }): MemoryGatewayState;
export function createMemoryState(options: MemoryStateOptions): LeasedMemoryGatewayState;
export function createMemoryState(options: MemoryStateOptions): MemoryGatewayState | LeasedMemoryGatewayState {
  const keys = new Map<string, KeyState>();
  // targets can be named by clients (`<upstream>/<any model>`): the circuits kept are bounded
  const circuits = new LRUCache<string, Circuit>({ max: MAX_CIRCUITS });
  const pending = createPendingSpend();
  const dayOf = createDayClock();
  const book = options.ledger === undefined ? undefined : new LeaseBook(options.ledger, pending, options.leaseTtlMs);

  const stateOf = (key: KeyLimits, day: string): KeyState => {
    let state = keys.get(key.keyId);
    if (state === undefined) {
      state = {
        spentTotal: key.spentUsdTotal,
        spentDay: key.usageDay === day ? key.spentUsdDay : 0,
        day,
        reserved: 0,
        inFlight: 0,
        requests: undefined,
        tokens: undefined,
      };
      keys.set(key.keyId, state);
    }
    if (state.day !== day) {
      state.day = day;
      state.spentDay = 0;
    }
    return state;
  };

  const circuitOf = (name: string): Circuit => {
    let circuit = circuits.get(name);
    if (circuit === undefined) {
      circuit = { failures: 0, openUntil: 0, probing: false };
      circuits.set(name, circuit);
    }
    return circuit;
  };

  /**
   * Checks the key's rate limits and budgets and takes what the request needs, all in one synchronous step.
   * Returns undefined when the key's budget lease must be topped up first (`topUps` made so far).
   */
  const tryAdmit = (key: KeyLimits, request: AdmitRequest, now: number, topUps: number): Admission | undefined => {
    const day = dayOf(now);
    const state = stateOf(key, day);

    if (key.rpm !== null) {
      state.requests ??= { capacity: key.rpm, tokens: key.rpm, updatedAt: now };
      refill(state.requests, key.rpm, now);
      if (state.requests.tokens < 1) {
        throw requestsPerMinuteError(key.rpm, msUntil(state.requests, 1, key.rpm));
      }
    }
    let reservedTokens = 0;
    if (key.tpm !== null) {
      state.tokens ??= { capacity: key.tpm, tokens: key.tpm, updatedAt: now };
      refill(state.tokens, key.tpm, now);
      reservedTokens = Math.min(request.promptTokens, key.tpm);
      if (state.tokens.tokens < reservedTokens || state.tokens.tokens <= 0) {
        throw tokensPerMinuteError(key.tpm, msUntil(state.tokens, Math.max(reservedTokens, 1), key.tpm));
      }
    }

    const amount = request.reserveUsd;
    let lease: Lease | undefined;
    if (book !== undefined && (key.budgetUsdTotal !== null || key.budgetUsdDaily !== null)) {
      lease = book.current(key.keyId, day, now);
      const need = Math.max(amount, LEAST_RESERVATION);
      const room = lease === undefined ? 0 : lease.leased - lease.reserved;
      if (need > room + EPSILON) {
        const storeHasMore =
          lease === undefined ||
          (lease.refused === null && (lease.remaining === undefined || lease.remaining === null || lease.remaining >= need - room));
        if (topUps === 0 || (storeHasMore && topUps < MAX_TOP_UPS)) return undefined;
        refuseUnlessAlone(key, state, lease, room, day);
      }
    } else checkLocalBudgets(key, state, amount, day);

    if (state.requests !== undefined) state.requests.tokens -= 1;
    if (state.tokens !== undefined) state.tokens.tokens -= reservedTokens;
    state.reserved += amount;
    state.inFlight += 1;
    if (lease === undefined) return { keyId: key.keyId, reservedUsd: amount, reservedTokens, day };
    lease.reserved += amount;
    return { keyId: key.keyId, reservedUsd: amount, reservedTokens, day: lease.day, lease: lease.id };
  };

  const topUpThenAdmit = async (key: KeyLimits, request: AdmitRequest, now: number): Promise<Admission> => {
    const need = Math.max(request.reserveUsd, LEAST_RESERVATION);
    for (let topUps = 1; ; topUps++) {
      try {
        await (book as LeaseBook).topUp(key, dayOf(now), need, now);
      } catch (error) {
        throw new SharedStateUnavailableError(error instanceof Error ? error.message : String(error), { cause: error }, 'store');
      }
      const admitted = tryAdmit(key, request, now, topUps);
      if (admitted !== undefined) return admitted;
    }
  };

  /** The store has no more room for this request: let it through alone when some budget is left, else refuse. */
  const refuseUnlessAlone = (key: KeyLimits, state: KeyState, lease: Lease | undefined, room: number, day: string): void => {
    if (lease?.refused === 'revoked') throw new AuthError('This API key has been revoked.');
    if (state.inFlight === 0 && room > EPSILON) return;
    const exhausted = state.inFlight === 0;
    if (lease?.limitedBy === 'daily' || key.budgetUsdTotal === null) throw dailyBudgetError(key.budgetUsdDaily ?? 0, day, exhausted);
    throw totalBudgetError(key.budgetUsdTotal, exhausted);
  };

  /** Without a ledger: the spend the key had when first seen, plus this process's. */
  const checkLocalBudgets = (key: KeyLimits, state: KeyState, amount: number, day: string): void => {
    const alone = state.inFlight === 0;
    if (key.budgetUsdTotal !== null) {
      const fits = state.spentTotal + state.reserved + amount <= key.budgetUsdTotal + EPSILON;
      if (!fits && !(alone && state.spentTotal < key.budgetUsdTotal - EPSILON)) {
        throw totalBudgetError(key.budgetUsdTotal, alone || state.spentTotal >= key.budgetUsdTotal - EPSILON);
      }
    }
    if (key.budgetUsdDaily !== null) {
      const fits = state.spentDay + state.reserved + amount <= key.budgetUsdDaily + EPSILON;
      if (!fits && !(alone && state.spentDay < key.budgetUsdDaily - EPSILON)) {
        throw dailyBudgetError(key.budgetUsdDaily, day, alone || state.spentDay >= key.budgetUsdDaily - EPSILON);
      }
    }
  };

  return {
    kind: 'memory',
    admit(key, request: AdmitRequest, now) {
      const admitted = tryAdmit(key, request, now, 0);
      return admitted ?? topUpThenAdmit(key, request, now);
    },

    settle(admission, actualUsd, totalTokens, now) {
      const state = keys.get(admission.keyId);
      if (state === undefined) return;
      state.reserved = Math.max(0, state.reserved - admission.reservedUsd);
      state.inFlight = Math.max(0, state.inFlight - 1);
      state.spentTotal += actualUsd;
      const day = dayOf(now);
      if (state.day !== day) {
        state.day = day;
        state.spentDay = 0;
      }
      state.spentDay += actualUsd;
      if (state.tokens !== undefined) state.tokens.tokens -= Math.max(0, totalTokens - admission.reservedTokens);
      if (book !== undefined && admission.lease !== undefined) {
        book.settle(admission.keyId, admission.lease, admission.day, admission.reservedUsd, actualUsd);
      } else pending.add(admission.keyId, day, actualUsd);
    },

    usage(keyId): KeyUsage | undefined {
      const state = keys.get(keyId);
      if (state === undefined) return undefined;
      return {
        spentUsdTotal: state.spentTotal,
        spentUsdDay: state.spentDay,
        reservedUsd: state.reserved,
        inFlight: state.inFlight,
      };
    },

    takePendingSpend() {
      book?.releaseIdle((options.clock ?? Date.now)());
      return pending.take();
    },

    /** Gives every budget lease back; the write-behind's last flush (after this) takes them to the store. */
    close() {
      book?.releaseAll();
      return Promise.resolve();
    },

    circuitAllows(name, now) {
      const circuit = circuits.get(name);
      if (circuit === undefined || circuit.openUntil === 0) return true;
      if (now < circuit.openUntil) return false;
      // half-open: let one probe through; the next one only after another cool-down (if this one never reports)
      circuit.probing = true;
      circuit.openUntil = now + options.cooldownMs;
      return true;
    },

    recordSuccess(name) {
      const circuit = circuits.get(name);
      if (circuit === undefined) return;
      circuit.failures = 0;
      circuit.openUntil = 0;
      circuit.probing = false;
    },

    recordFailure(name, now) {
      const circuit = circuitOf(name);
      circuit.failures += 1;
      if (circuit.probing || circuit.failures >= options.failureThreshold) {
        circuit.openUntil = now + options.cooldownMs;
        circuit.probing = false;
      }
    },

    circuitState(name, now): CircuitState {
      const circuit = circuits.peek(name);
      if (circuit === undefined || circuit.openUntil === 0) return 'closed';
      if (circuit.probing) return 'half-open';
      return now < circuit.openUntil ? 'open' : 'half-open';
    },
  };
}
