/**
 * The gateway's mutable per-key and per-upstream state behind one small interface: budget reservations,
 * rate limits and circuit breakers. Two implementations:
 *
 * - in memory (`memory-state.ts`, the default): atomic within one process, every call synchronous;
 * - in Redis (`redis-state.ts`, when `redis.url` / `$PARITY_REDIS_URL` is set): shared by every gateway instance,
 *   each check-and-reserve one Lua script; calls return promises.
 *
 * Methods return `T | Promise<T>` so the in-memory hot path never allocates a promise: callers await only
 * when they got one (`result instanceof Promise ? await result : result`).
 */

export type MaybePromise<T> = T | Promise<T>;

/** A key's limits and what the store says it has spent (read when the key is first seen). */
export interface KeyLimits {
  keyId: string;
  budgetUsdTotal: number | null;
  budgetUsdDaily: number | null;
  rpm: number | null;
  tpm: number | null;
  /** Persisted spend at load time (seeds a shared counter the first time any instance sees the key). */
  spentUsdTotal: number;
  /** Persisted spend on `usageDay`. */
  spentUsdDay: number;
  usageDay: string | null;
}

export interface AdmitRequest {
  /** Upper bound of the request's cost; set aside until settled. */
  reserveUsd: number;
  /** Estimated prompt tokens, taken from the tokens-per-minute allowance up front. */
  promptTokens: number;
}

/** What `admit` hands back; pass it to `settle` exactly once. */
export interface Admission {
  readonly keyId: string;
  readonly reservedUsd: number;
  readonly reservedTokens: number;
  readonly day: string;
  /** Opaque to callers: the shared state's handle on this reservation (its lease). */
  readonly lease?: string;
}

export interface SpendDelta {
  keyId: string;
  day: string;
  usd: number;
  /** The budget lease the spend was admitted against (in-memory state with a store); written with `settleBudgetLease`. */
  lease?: string;
  /** Give the lease back after booking the spend. */
  close?: boolean;
}

export interface KeyUsage {
  spentUsdTotal: number;
  spentUsdDay: number;
  reservedUsd: number;
  inFlight: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface GatewayState {
  /** `memory` keeps everything in this process; `redis` shares it with every instance on the same Redis. */
  readonly kind: 'memory' | 'redis';
  /**
   * Checks the key's rate limits and budgets and reserves `reserveUsd` in one step. Throws (or rejects with)
   * RateLimitedError or BudgetExceededError — or SharedStateUnavailableError when the shared state cannot be
   * reached. A reservation that does not fit is still admitted when the key has nothing else in flight (on any
   * instance) and budget left, so a key ends at most one request's cost over its budget.
   */
  admit(key: KeyLimits, request: AdmitRequest, now: number): MaybePromise<Admission>;
  /**
   * Releases the reservation and books the real cost and tokens. Never throws: a shared state that cannot be
   * reached reports it through its error callback (the reservation then lapses with its lease).
   */
  settle(admission: Admission, actualUsd: number, totalTokens: number, now: number): MaybePromise<void>;
  /** Live counters of a key (across every instance for a shared state); undefined for a key not seen yet. */
  usage(keyId: string, now?: number): MaybePromise<KeyUsage | undefined>;
  /**
   * Spend this instance booked since the last call, summed per key and day, for write-behind to the store.
   * Each instance persists only what it settled itself, so the store's counters add up without double counting.
   */
  takePendingSpend(): SpendDelta[];

  /**
   * Circuit breakers, one per (upstream, model) target — `circuit` is the target's `<upstream>/<model>` — so
   * one model failing (or one key's requests making it fail) never takes its upstream's other models away.
   * False while the circuit is open (or while its single half-open probe is out, on any instance).
   */
  circuitAllows(circuit: string, now: number): MaybePromise<boolean>;
  /** Never throws (see `settle`). */
  recordSuccess(circuit: string): MaybePromise<void>;
  /** An upstream fault (5xx, timeout, reset) — never a request's own 4xx. Never throws (see `settle`). */
  recordFailure(circuit: string, now: number): MaybePromise<void>;
  circuitState(circuit: string, now: number): MaybePromise<CircuitState>;
  /** Waits for writes still under way and releases connections the state opened itself. */
  close?(): Promise<void>;
}
