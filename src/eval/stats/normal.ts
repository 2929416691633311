/**
 * The standard normal distribution, from jStat (a well-kept statistics library; its quantile is accurate to
 * machine precision, e.g. 1.959963984540054 at 0.975), rather than a hand-written table.
 */
import jStat from 'jstat';

/** z such that P(Z ≤ z) = p. */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** P(Z ≤ x). */
export function normalCdf(x: number): number {
  return jStat.normal.cdf(x, 0, 1);
}

/** The two-sided critical value for level `alpha` (1.96 at 0.05). */
export function twoSidedZ(alpha: number): number {
  return normalQuantile(1 - alpha / 2);
}
