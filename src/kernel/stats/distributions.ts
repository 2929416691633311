/**
 * Quantiles of the normal and Student's t distributions, from jStat (a well-kept statistics library; the
 * normal quantile is accurate to machine precision, e.g. 1.959963984540054 at 0.975) rather than hand-written
 * tables. The one place parity takes a critical value from.
 */
import { createRequire } from 'node:module';
import type JStat from 'jstat';

// jStat (CommonJS, ~40 ms to load) is required on the first quantile asked for, not with every module that
// reaches the kernel: `parity track` answering from its memo asks for none
const require = createRequire(import.meta.url);
let loaded: typeof JStat | undefined;
function jStat(): typeof JStat {
  loaded ??= require('jstat') as typeof JStat;
  return loaded;
}

/** z such that P(Z ≤ z) = p. */
export function normalQuantile(p: number): number {
  return jStat().normal.inv(p, 0, 1);
}

/** P(Z ≤ x). */
export function normalCdf(x: number): number {
  return jStat().normal.cdf(x, 0, 1);
}

/** The two-sided critical value for level `alpha` (1.96 at 0.05). */
export function twoSidedZ(alpha: number): number {
  return normalQuantile(1 - alpha / 2);
}

/**
 * Above this many degrees of freedom t is the normal quantile: they differ by less than 3·10⁻⁶ at 0.975 there,
 * and jStat's incomplete-beta inversion loses accuracy far beyond it (1.9570 instead of 1.9600 at 10⁸).
 */
const NORMAL_BEYOND_DF = 1e6;

/**
 * t such that P(T ≤ t) = p for Student's t with `df` degrees of freedom (fractional df allowed, as in
 * Welch's test). Exact (jStat) up to 10⁶ df, the normal quantile beyond — the one documented fallback.
 * NaN without a degree of freedom (df ≤ 0 or not a number): there is no interval to give, and NaN says so
 * where a 1.96 or an ∞ would read as one.
 */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  if (df > NORMAL_BEYOND_DF) return normalQuantile(p);
  return jStat().studentt.inv(p, df);
}

/** The two-sided 95% critical value of Student's t (the 0.975 quantile): 12.706 at 1 df, 2.042 at 30. */
export function tCritical95(df: number): number {
  return tQuantile(0.975, df);
}
