/**
 * In-memory GatewayState: exact within one process because JavaScript runs each check-and-reserve to the end
 * before the next request's. Spend is written behind to the store through `takePendingSpend`.
 */
import { BudgetExceededError, RateLimitedError } from '../../errors.js';
import type { Admission, AdmitRequest, GatewayState, KeyLimits, KeyUsage, SpendDelta } from './gateway-state.js';

const EPSILON = 1e-9;
const DAY_MS = 86_400_000;

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

export interface MemoryStateOptions {
  failureThreshold: number;
  cooldownMs: number;
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

export function createMemoryState(options: MemoryStateOptions): GatewayState {
  const keys = new Map<string, KeyState>();
  const circuits = new Map<string, Circuit>();
  const pending = new Map<string, SpendDelta>();
  let currentDay = '';
  let nextDayAt = 0;

  const dayOf = (now: number): string => {
    if (now >= nextDayAt || now < nextDayAt - DAY_MS) {
      currentDay = new Date(now).toISOString().slice(0, 10);
      nextDayAt = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
    }
    return currentDay;
  };

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

  const circuitOf = (upstream: string): Circuit => {
    let circuit = circuits.get(upstream);
    if (circuit === undefined) {
      circuit = { failures: 0, openUntil: 0, probing: false };
      circuits.set(upstream, circuit);
    }
    return circuit;
  };

  return {
    admit(key, request: AdmitRequest, now): Admission {
      const day = dayOf(now);
      const state = stateOf(key, day);

      if (key.rpm !== null) {
        state.requests ??= { capacity: key.rpm, tokens: key.rpm, updatedAt: now };
        refill(state.requests, key.rpm, now);
        if (state.requests.tokens < 1) {
          throw new RateLimitedError(
            `Rate limit reached: ${key.rpm} requests per minute.`,
            msUntil(state.requests, 1, key.rpm),
          );
        }
      }
      let reservedTokens = 0;
      if (key.tpm !== null) {
        state.tokens ??= { capacity: key.tpm, tokens: key.tpm, updatedAt: now };
        refill(state.tokens, key.tpm, now);
        reservedTokens = Math.min(request.promptTokens, key.tpm);
        if (state.tokens.tokens < reservedTokens || state.tokens.tokens <= 0) {
          throw new RateLimitedError(
            `Rate limit reached: ${key.tpm} tokens per minute.`,
            msUntil(state.tokens, Math.max(reservedTokens, 1), key.tpm),
          );
        }
      }

      const amount = request.reserveUsd;
      const alone = state.inFlight === 0;
      if (key.budgetUsdTotal !== null) {
        const fits = state.spentTotal + state.reserved + amount <= key.budgetUsdTotal + EPSILON;
        if (!fits && !(alone && state.spentTotal < key.budgetUsdTotal - EPSILON)) {
          throw new BudgetExceededError(
            alone || state.spentTotal >= key.budgetUsdTotal - EPSILON
              ? `Budget exhausted: this key has spent its $${key.budgetUsdTotal} budget.`
              : `Budget nearly exhausted: the rest of this key's $${key.budgetUsdTotal} budget is reserved by requests in flight.`,
          );
        }
      }
      if (key.budgetUsdDaily !== null) {
        const fits = state.spentDay + state.reserved + amount <= key.budgetUsdDaily + EPSILON;
        if (!fits && !(alone && state.spentDay < key.budgetUsdDaily - EPSILON)) {
          throw new BudgetExceededError(
            alone || state.spentDay >= key.budgetUsdDaily - EPSILON
              ? `Daily budget exhausted: this key has spent its $${key.budgetUsdDaily} for ${day} (UTC).`
              : `Daily budget nearly exhausted: the rest is reserved by requests in flight.`,
          );
        }
      }

      if (state.requests !== undefined) state.requests.tokens -= 1;
      if (state.tokens !== undefined) state.tokens.tokens -= reservedTokens;
      state.reserved += amount;
      state.inFlight += 1;
      return { keyId: key.keyId, reservedUsd: amount, reservedTokens, day };
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
      if (actualUsd > 0) {
        const id = `${admission.keyId}\u0000${day}`;
        const delta = pending.get(id);
        if (delta === undefined) pending.set(id, { keyId: admission.keyId, day, usd: actualUsd });
        else delta.usd += actualUsd;
      }
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
      const out = [...pending.values()];
      pending.clear();
      return out;
    },

    circuitAllows(upstream, now) {
      const circuit = circuits.get(upstream);
      if (circuit === undefined || circuit.openUntil === 0) return true;
      if (now < circuit.openUntil) return false;
      // half-open: let one probe through; the next one only after another cool-down (if this one never reports)
      circuit.probing = true;
      circuit.openUntil = now + options.cooldownMs;
      return true;
    },

    recordSuccess(upstream) {
      const circuit = circuits.get(upstream);
      if (circuit === undefined) return;
      circuit.failures = 0;
      circuit.openUntil = 0;
      circuit.probing = false;
    },

    recordFailure(upstream, now) {
      const circuit = circuitOf(upstream);
      circuit.failures += 1;
      if (circuit.probing || circuit.failures >= options.failureThreshold) {
        circuit.openUntil = now + options.cooldownMs;
        circuit.probing = false;
      }
    },

    circuitState(upstream, now) {
      const circuit = circuits.get(upstream);
      if (circuit === undefined || circuit.openUntil === 0) return 'closed';
      if (circuit.probing) return 'half-open';
      return now < circuit.openUntil ? 'open' : 'half-open';
    },
  };
}
