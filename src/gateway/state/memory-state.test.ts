import { describe, expect, it } from 'vitest';
import { keyLimits as key } from '../../../test/helpers/key-limits.js';
import { BudgetExceededError, RateLimitedError } from '../../errors.js';
import { createMemoryState } from './memory-state.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const state = () => createMemoryState({ failureThreshold: 2, cooldownMs: 1000 });

describe('memory GatewayState: budgets', () => {
  it('admits reservations that fit, refuses the rest while others are in flight', () => {
    const s = state();
    const limits = key({ budgetUsdTotal: 1 });
    const a = s.admit(limits, { reserveUsd: 0.4, promptTokens: 1 }, T0);
    const b = s.admit(limits, { reserveUsd: 0.4, promptTokens: 1 }, T0);
    expect(() => s.admit(limits, { reserveUsd: 0.4, promptTokens: 1 }, T0)).toThrow(BudgetExceededError);
    s.settle(a, 0.1, 10, T0);
    s.settle(b, 0.1, 10, T0);
    expect(s.usage('k1')).toMatchObject({ spentUsdTotal: 0.2, reservedUsd: 0, inFlight: 0 });
  });

  it('lets one request through alone when budget is left but the reservation does not fit, and then stops', () => {
    const s = state();
    const limits = key({ budgetUsdTotal: 1, spentUsdTotal: 0.9 });
    const lone = s.admit(limits, { reserveUsd: 0.5, promptTokens: 1 }, T0);
    expect(() => s.admit(limits, { reserveUsd: 0.01, promptTokens: 1 }, T0)).toThrow(BudgetExceededError);
    s.settle(lone, 0.3, 10, T0);
    expect(s.usage('k1')?.spentUsdTotal).toBeCloseTo(1.2);
    expect(() => s.admit(limits, { reserveUsd: 0, promptTokens: 1 }, T0)).toThrow(/exhausted/);
  });

  it('counts the daily budget per UTC day', () => {
    const s = state();
    const limits = key({ budgetUsdDaily: 1, spentUsdDay: 0.95, usageDay: '2026-01-01' });
    expect(() => s.admit(limits, { reserveUsd: 0, promptTokens: 1 }, T0 + 1)).not.toThrow();
    const other = key({ keyId: 'k2', budgetUsdDaily: 1, spentUsdDay: 1, usageDay: '2026-01-01' });
    expect(() => s.admit(other, { reserveUsd: 0.1, promptTokens: 1 }, T0)).toThrow(/Daily budget/);
    expect(() => s.admit(other, { reserveUsd: 0.1, promptTokens: 1 }, T0 + 86_400_000)).not.toThrow();
  });

  it('queues booked spend per key and day for write-behind', () => {
    const s = state();
    const limits = key();
    s.settle(s.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0), 0.25, 1, T0);
    s.settle(s.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0), 0.5, 1, T0);
    expect(s.takePendingSpend()).toEqual([{ keyId: 'k1', day: '2026-01-01', usd: 0.75 }]);
    expect(s.takePendingSpend()).toEqual([]);
  });
});

describe('memory GatewayState: rate limits', () => {
  it('limits requests per minute and refills over time', () => {
    const s = state();
    const limits = key({ rpm: 2 });
    s.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0);
    s.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0);
    let caught: unknown;
    try {
      s.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RateLimitedError);
    expect((caught as RateLimitedError).retryAfterMs).toBe(30_000);
    expect(() => s.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0 + 30_000)).not.toThrow();
  });

  it('limits tokens per minute by estimate up front and actual usage after', () => {
    const s = state();
    const limits = key({ tpm: 1000 });
    const first = s.admit(limits, { reserveUsd: 0, promptTokens: 100 }, T0);
    s.settle(first, 0, 950, T0); // used far more than estimated
    expect(() => s.admit(limits, { reserveUsd: 0, promptTokens: 100 }, T0)).toThrow(RateLimitedError);
    expect(() => s.admit(limits, { reserveUsd: 0, promptTokens: 100 }, T0 + 60_000)).not.toThrow();
  });
});

describe('memory GatewayState: circuit breaker', () => {
  it('opens after consecutive failures, lets one probe through after the cool-down, closes on success', () => {
    const s = state();
    s.recordFailure('u', T0);
    expect(s.circuitAllows('u', T0)).toBe(true);
    s.recordFailure('u', T0);
    expect(s.circuitState('u', T0)).toBe('open');
    expect(s.circuitAllows('u', T0 + 999)).toBe(false);
    expect(s.circuitAllows('u', T0 + 1000)).toBe(true); // the probe
    expect(s.circuitAllows('u', T0 + 1001)).toBe(false);
    s.recordSuccess('u');
    expect(s.circuitState('u', T0 + 1002)).toBe('closed');
  });

  it('re-opens when the probe fails', () => {
    const s = state();
    s.recordFailure('u', T0);
    s.recordFailure('u', T0);
    expect(s.circuitAllows('u', T0 + 1000)).toBe(true);
    s.recordFailure('u', T0 + 1000);
    expect(s.circuitAllows('u', T0 + 1500)).toBe(false);
  });
});
