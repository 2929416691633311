/**
 * The gateway's mutable per-key and per-upstream state behind one small interface: budget reservations,
 * rate limits and circuit breakers. The in-memory implementation is atomic within one process (every
 * check-and-reserve runs synchronously); a shared (Redis) implementation for many instances can replace it.
 */

/** A key's limits and what the store says it has spent (read when the key is first seen). */
export interface KeyLimits {
  keyId: string;
  budgetUsdTotal: number | null;
  budgetUsdDaily: number | null;
  rpm: number | null;
  tpm: number | null;
  /** Persisted spend at load time. */
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
}

export interface SpendDelta {
  keyId: string;
  day: string;
  usd: number;
}

export interface KeyUsage {
  spentUsdTotal: number;
  spentUsdDay: number;
  reservedUsd: number;
  inFlight: number;
}

export interface GatewayState {
  /**
   * Checks the key's rate limits and budgets and reserves `reserveUsd` in one step. Throws RateLimitedError or
   * BudgetExceededError. A reservation that does not fit is still admitted when the key has nothing else in
   * flight and budget left, so a key ends at most one request's cost over its budget.
   */
  admit(key: KeyLimits, request: AdmitRequest, now: number): Admission;
  /** Releases the reservation and books the real cost and tokens. */
  settle(admission: Admission, actualUsd: number, totalTokens: number, now: number): void;
  usage(keyId: string): KeyUsage | undefined;
  /** Spend booked since the last call, summed per key and day, for write-behind to the store. */
  takePendingSpend(): SpendDelta[];

  /** False while the upstream's circuit is open (or while its single half-open probe is out). */
  circuitAllows(upstream: string, now: number): boolean;
  recordSuccess(upstream: string): void;
  recordFailure(upstream: string, now: number): void;
  circuitState(upstream: string, now: number): 'closed' | 'open' | 'half-open';
}
