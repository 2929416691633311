/**
 * The errors a refused admission throws, worded once for every GatewayState implementation.
 */
import { BudgetExceededError, RateLimitedError } from '../../errors.js';

export const requestsPerMinuteError = (rpm: number, retryAfterMs: number): RateLimitedError =>
  new RateLimitedError(`Rate limit reached: ${rpm} requests per minute.`, retryAfterMs);

export const tokensPerMinuteError = (tpm: number, retryAfterMs: number): RateLimitedError =>
  new RateLimitedError(`Rate limit reached: ${tpm} tokens per minute.`, retryAfterMs);

/** `spent`: the budget is used up; otherwise the rest of it is reserved by requests in flight. */
export const totalBudgetError = (budgetUsd: number, spent: boolean): BudgetExceededError =>
  new BudgetExceededError(
    spent
      ? `Budget exhausted: this key has spent its $${budgetUsd} budget.`
      : `Budget nearly exhausted: the rest of this key's $${budgetUsd} budget is reserved by requests in flight.`,
  );

export const dailyBudgetError = (budgetUsd: number, day: string, spent: boolean): BudgetExceededError =>
  new BudgetExceededError(
    spent
      ? `Daily budget exhausted: this key has spent its $${budgetUsd} for ${day} (UTC).`
      : `Daily budget nearly exhausted: the rest is reserved by requests in flight.`,
  );
