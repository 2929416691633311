/**
 * Paired pass/fail comparisons of a candidate (A) with a reference (B) over the same cases.
 *
 * The difference of pass rates Δ = p(A) − p(B) = (b − c)/n, where b = cases only A passes, c = cases only B
 * passes, gets Tango's asymptotic score interval (T. Tango, "Equivalence test and confidence interval for the
 * difference in proportions for the paired-sample design", Statistics in Medicine 17:891–908, 1998; correction
 * 18:3511, 1999). It stays inside [−1, 1], is not degenerate at 0% or 100% nor when no case is discordant, and
 * holds its level at small n (M. W. Fagerland, S. Lydersen, P. Laake, "Recommended tests and confidence
 * intervals for paired binomial proportions", Statistics in Medicine 33:2850–2875, 2014, recommend it).
 *
 * The interval is the set of Δ₀ the score test does not reject, and at Δ₀ = 0 that test is McNemar's asymptotic
 * test z = (b − c)/√(b + c) (which Fagerland et al. 2013, BMC Med. Res. Methodol. 13:91, also recommend over
 * the exact conditional one). So the interval and the test agree by construction: the interval excludes 0
 * exactly when McNemar's p < α. The non-inferiority verdict reads the same interval against −δ.
 */
import type { McNemarResult, NonInferiority, PairedDifference } from '../records/run-summary.js';
import { mean, normalCdf, quantile, seededRandom, twoSidedZ } from '../../kernel/index.js';
import { pairedDifferenceCases } from './sample-size.js';

export type { McNemarResult, NonInferiority, PairedDifference } from '../records/run-summary.js';

/** The 2×2 table of paired outcomes. */
export interface PairedCounts {
  bothPass: number;
  /** b: only A (the candidate) passes */
  onlyA: number;
  /** c: only B (the reference) passes */
  onlyB: number;
  bothFail: number;
}

export function pairedCounts(passA: readonly boolean[], passB: readonly boolean[]): PairedCounts {
  if (passA.length !== passB.length) throw new RangeError('paired outcomes must be of equal length');
  const counts: PairedCounts = { bothPass: 0, onlyA: 0, onlyB: 0, bothFail: 0 };
  for (let i = 0; i < passA.length; i++) {
    if (passA[i]) {
      if (passB[i]) counts.bothPass++;
      else counts.onlyA++;
    } else if (passB[i]) counts.onlyB++;
    else counts.bothFail++;
  }
  return counts;
}

const totalOf = (counts: PairedCounts) => counts.bothPass + counts.onlyA + counts.onlyB + counts.bothFail;

/**
 * Tango's score statistic for H₀: Δ = Δ₀ (decreasing in Δ₀). p̃₂₁ is the maximum-likelihood estimate of the
 * share of cases only B passes under H₀.
 */
export function tangoScore(counts: PairedCounts, delta0: number): number {
  const n = totalOf(counts);
  const b = counts.onlyA;
  const c = counts.onlyB;
  const numerator = b - c - n * delta0;
  if (numerator === 0) return 0;
  const A = 2 * n;
  const B = -b - c + (2 * n - b + c) * delta0;
  const C = -c * delta0 * (1 - delta0);
  const q21 = (Math.sqrt(Math.max(0, B * B - 4 * A * C)) - B) / (2 * A);
  const variance = n * (2 * q21 + delta0 * (1 - delta0));
  if (!(variance > 0)) return numerator > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return numerator / Math.sqrt(variance);
}

/** The root of a decreasing `f` on [low, high] by bisection (to double precision). */
function decreasingRoot(f: (x: number) => number, low: number, high: number): number {
  for (let i = 0; i < 80 && high - low > 1e-15; i++) {
    const middle = (low + high) / 2;
    if (f(middle) > 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Tango's score interval of Δ at level 1 − α; null bounds when there is no case. */
export function tangoInterval(counts: PairedCounts, alpha = 0.05): { low: number; high: number } | null {
  const n = totalOf(counts);
  if (n === 0) return null;
  const z = twoSidedZ(alpha);
  const observed = (counts.onlyA - counts.onlyB) / n;
  const low = observed <= -1 || tangoScore(counts, -1 + 1e-12) <= z ? -1 : decreasingRoot((delta) => tangoScore(counts, delta) - z, -1, observed);
  const high = observed >= 1 || tangoScore(counts, 1 - 1e-12) >= -z ? 1 : decreasingRoot((delta) => tangoScore(counts, delta) + z, observed, 1);
  return { low: Math.min(low, observed), high: Math.max(high, observed) };
}

/** McNemar's test (asymptotic, no continuity correction): Tango's score test at Δ₀ = 0. */
export function mcnemar(counts: PairedCounts): McNemarResult {
  const discordant = counts.onlyA + counts.onlyB;
  if (discordant === 0) return { onlyA: counts.onlyA, onlyB: counts.onlyB, statistic: null, pValue: 1, method: 'mcnemar-asymptotic' };
  const statistic = (counts.onlyA - counts.onlyB) / Math.sqrt(discordant);
  return { onlyA: counts.onlyA, onlyB: counts.onlyB, statistic, pValue: Math.min(1, 2 * normalCdf(-Math.abs(statistic))), method: 'mcnemar-asymptotic' };
}

/** The difference of pass rates with Tango's interval. */
export function passRateDifference(counts: PairedCounts, alpha = 0.05): PairedDifference {
  const n = totalOf(counts);
  const interval = tangoInterval(counts, alpha);
  return {
    difference: n === 0 ? null : (counts.onlyA - counts.onlyB) / n,
    interval: interval ?? { low: null, high: null },
    method: 'tango-score',
  };
}

/**
 * Paired bootstrap (percentile) interval of mean(A) − mean(B) over the same cases, for mean scores (which need
 * not be 0/1). Deterministic for a seed.
 */
export function pairedBootstrap(
  scoresA: readonly number[],
  scoresB: readonly number[],
  options: { resamples?: number; confidence?: number; seed?: number } = {},
): PairedDifference {
  if (scoresA.length !== scoresB.length) throw new RangeError('pairedBootstrap needs paired scores of equal length');
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const n = scoresA.length;
  if (n === 0) return { difference: null, interval: { low: null, high: null }, resamples, method: 'paired-bootstrap-percentile' };
  const differences = scoresA.map((a, i) => a - (scoresB[i] as number));
  const random = seededRandom(options.seed ?? 1);
  const means = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)] as number;
    means[r] = sum / n;
  }
  const alpha = (1 - confidence) / 2;
  return {
    difference: mean(differences),
    interval: { low: quantile(means, alpha), high: quantile(means, 1 - alpha) },
    resamples,
    method: 'paired-bootstrap-percentile',
  };
}

const points = (value: number) => `${(value * 100).toFixed(1)} pt`;
const percentLevel = (alpha: number) => `${+((1 - alpha) * 100).toFixed(2)}%`;

/**
 * The non-inferiority verdict with margin δ from Tango's interval of (candidate − reference):
 * - non-inferior when the whole interval lies above −δ; inferior when it lies below −δ (it then excludes 0,
 *   so McNemar's test is significant too);
 * - otherwise "not enough cases" while n is below the cases a verdict would need (sample-size.ts), else
 *   inconclusive.
 */
export function nonInferiority(counts: PairedCounts, options: { margin: number; alpha?: number; names: { candidate: string; reference: string } }): NonInferiority {
  const { margin, names } = options;
  const alpha = options.alpha ?? 0.05;
  const n = totalOf(counts);
  const difference = passRateDifference(counts, alpha);
  const base = { margin, alpha, difference: difference.difference, interval: difference.interval };
  const { low, high } = difference.interval;
  const level = percentLevel(alpha);
  if (n > 0 && low !== null && high !== null && difference.difference !== null) {
    const figures = `difference ${points(difference.difference)}, ${level} CI ${points(low)} to ${points(high)}, n = ${n}`;
    if (low > -margin) {
      return { ...base, verdict: 'non-inferior', casesNeeded: null, statement: `${names.candidate} is within ${points(margin)} of ${names.reference} on this suite (${figures})` };
    }
    if (high < -margin) {
      return { ...base, verdict: 'inferior', casesNeeded: null, statement: `${names.candidate} is more than ${points(margin)} below ${names.reference} on this suite (${figures})` };
    }
  }
  const needed = pairedDifferenceCases({ counts, margin, alpha });
  if (n < needed) {
    return {
      ...base,
      verdict: 'not-enough-cases',
      casesNeeded: needed,
      statement: `not enough cases to tell whether ${names.candidate} is within ${points(margin)} of ${names.reference} (n = ${n}; about ${roundNeeded(needed)} needed for δ = ${points(margin)})`,
    };
  }
  return {
    ...base,
    verdict: 'inconclusive',
    casesNeeded: needed,
    statement: `cannot tell whether ${names.candidate} is within ${points(margin)} of ${names.reference}: the ${level} CI ${points(low!)} to ${points(high!)} straddles −${points(margin)} (n = ${n}); more cases would narrow it`,
  };
}

/** The comparison of a run that did not finish: no verdict, and why (`reason` is the statement). */
export function withheldVerdict(verdict: NonInferiority, reason: string): NonInferiority {
  return { ...verdict, verdict: 'no-verdict', casesNeeded: null, statement: reason };
}

/** "about N": two significant digits, enough for a sample-size estimate. */
export function roundNeeded(needed: number): string {
  if (!Number.isFinite(needed)) return 'more than can be counted';
  if (needed < 100) return String(needed);
  const magnitude = 10 ** (Math.floor(Math.log10(needed)) - 1);
  return (Math.ceil(needed / magnitude) * magnitude).toLocaleString('en-US');
}
