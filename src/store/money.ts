/**
 * Budgets are counted in integer micro-dollars so that a hundred reservations of $0.01 add up to exactly $1
 * (in floating point they add up to 1.0000000000000007 and the hundredth would be refused).
 */
export const MICROS_PER_USD = 1_000_000;

export function usdToMicros(usd: number): number {
  return Math.round(usd * MICROS_PER_USD);
}

export function microsToUsd(micros: number | string | bigint): number {
  return Number(micros) / MICROS_PER_USD;
}

/** `YYYY-MM-DD` of an instant, in UTC: the day a per-day budget is counted against. */
export function utcDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}
