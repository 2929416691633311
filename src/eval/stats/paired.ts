import { mean, quantile, type Interval } from './descriptive.js';
import { seededRandom } from './random.js';

/** Two-sided exact binomial test p-value for k successes in n trials with p = 0.5. */
function binomialTwoSided(k: number, n: number): number {
  if (n === 0) return 1;
  const tail = Math.min(k, n - k);
  // sum of C(n, i) / 2^n for i <= tail, computed in log space for stability
  let logCoefficient = -n * Math.LN2; // log(C(n,0) / 2^n)
  let sum = 0;
  for (let i = 0; i <= tail; i++) {
    sum += Math.exp(logCoefficient);
    logCoefficient += Math.log(n - i) - Math.log(i + 1);
  }
  return Math.min(1, 2 * sum);
}

export interface McNemarResult {
  /** cases only A passed */
  onlyA: number;
  /** cases only B passed */
  onlyB: number;
  pValue: number;
  method: 'exact-binomial';
}

/**
 * McNemar's test for paired pass/fail outcomes: only the discordant pairs carry information. Uses the exact
 * binomial form, valid for any count of discordant pairs.
 */
export function mcnemar(passA: readonly boolean[], passB: readonly boolean[]): McNemarResult {
  if (passA.length !== passB.length) throw new RangeError('mcnemar needs paired outcomes of equal length');
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < passA.length; i++) {
    if (passA[i] && !passB[i]) onlyA++;
    else if (!passA[i] && passB[i]) onlyB++;
  }
  return { onlyA, onlyB, pValue: binomialTwoSided(onlyA, onlyA + onlyB), method: 'exact-binomial' };
}

export interface PairedDifference {
  /** mean(A) − mean(B) */
  difference: number;
  interval: Interval;
  resamples: number;
  method: 'paired-bootstrap-percentile';
}

/** Paired bootstrap (percentile) interval of mean(A) − mean(B) over the same cases. Deterministic for a seed. */
export function pairedBootstrap(
  scoresA: readonly number[],
  scoresB: readonly number[],
  options: { resamples?: number; confidence?: number; seed?: number } = {},
): PairedDifference {
  if (scoresA.length !== scoresB.length) throw new RangeError('pairedBootstrap needs paired scores of equal length');
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const n = scoresA.length;
  const differences = scoresA.map((a, i) => a - (scoresB[i] as number));
  const observed = mean(differences);
  if (n === 0) return { difference: Number.NaN, interval: { low: Number.NaN, high: Number.NaN }, resamples, method: 'paired-bootstrap-percentile' };
  const random = seededRandom(options.seed ?? 1);
  const means = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random() * n)] as number;
    means[r] = sum / n;
  }
  const alpha = (1 - confidence) / 2;
  return {
    difference: observed,
    interval: { low: quantile(means, alpha), high: quantile(means, 1 - alpha) },
    resamples,
    method: 'paired-bootstrap-percentile',
  };
}

export type NonInferiorityVerdict = 'non-inferior' | 'inferior' | 'inconclusive';

export interface NonInferiority {
  verdict: NonInferiorityVerdict;
  margin: number;
  difference: number;
  interval: Interval;
  statement: string;
}

/**
 * Non-inferiority of a candidate against a reference with margin δ, from the interval of
 * (candidate − reference): non-inferior when the lower bound is above −δ, inferior when the upper bound is
 * below −δ, otherwise inconclusive (more cases needed).
 */
export function nonInferiority(
  difference: PairedDifference,
  margin: number,
  names: { candidate: string; reference: string },
): NonInferiority {
  const { low, high } = difference.interval;
  const pct = (value: number) => `${(value * 100).toFixed(1)} pt`;
  let verdict: NonInferiorityVerdict;
  let statement: string;
  if (low > -margin) {
    verdict = 'non-inferior';
    statement = `${names.candidate} is within ${pct(margin)} of ${names.reference} on this suite (difference ${pct(difference.difference)}, 95% CI ${pct(low)} to ${pct(high)})`;
  } else if (high < -margin) {
    verdict = 'inferior';
    statement = `${names.candidate} is more than ${pct(margin)} below ${names.reference} on this suite (difference ${pct(difference.difference)}, 95% CI ${pct(low)} to ${pct(high)})`;
  } else {
    verdict = 'inconclusive';
    statement = `cannot tell whether ${names.candidate} is within ${pct(margin)} of ${names.reference}: the 95% CI ${pct(low)} to ${pct(high)} straddles −${pct(margin)}; more cases would narrow it`;
  }
  return { verdict, margin, difference: difference.difference, interval: difference.interval, statement };
}
