/**
 * What stands in for a cascade's verifier when a cascade is replayed offline (`parity route eval --cascade`): no
 * shared data holds the verdicts of a real verifier, so the stored verdict of each answer is the truth, and the
 * stand-in is that truth seen through assumed error rates.
 *
 *   grader    an answer passes when the suite's grader passed it (an eval run: the share of repeats passed;
 *             parity-results: `pass`)
 *   score:T   an answer passes when its stored score (the grader's or the judge's, 0..1) is at least T; for an
 *             eval run, the mean score over the case's repeats
 *
 * The stand-in accepts a failing answer with probability `falseAccept` and escalates a passing one with
 * probability `falseReject`, independently of everything else. The pass rate the replay reports is the same
 * truth: the share of requests whose returned answer passes.
 */
import { z } from 'zod';
import { DataError, ValidationError } from '../../../errors.js';
import type { LadderDataset } from '../../data/ladder-dataset.js';

export const STAND_IN_KINDS = ['grader', 'score'] as const;
export type StandInKind = (typeof STAND_IN_KINDS)[number];

export const verifierStandInSchema = z.object({
  kind: z.enum(STAND_IN_KINDS),
  /** `score`: a stored score at or above this passes; null for `grader`. */
  threshold: z.number().min(0).max(1).nullable(),
  /** Assumed probability that the verifier accepts a failing answer. */
  falseAccept: z.number().min(0).max(1),
  /** Assumed probability that the verifier rejects (escalates) a passing answer. */
  falseReject: z.number().min(0).max(1),
  /** What one check costs, in USD (an LLM judge's call); 0 for a local check. */
  costPerCheck: z.number().nonnegative(),
});
export type VerifierStandIn = z.infer<typeof verifierStandInSchema>;

/** `grader` or `score:T` as typed in `--verifier`. */
export function parseStandInKind(value: string): { kind: StandInKind; threshold: number | null } {
  if (value === 'grader') return { kind: 'grader', threshold: null };
  const match = /^score:(.+)$/.exec(value);
  const threshold = match ? Number(match[1]) : Number.NaN;
  if (match && threshold >= 0 && threshold <= 1) return { kind: 'score', threshold };
  throw new ValidationError(`--verifier "${value}": expected grader (the suite's pass/fail verdicts) or score:T (a stored score of at least T, 0..1, passes)`, '--verifier');
}

/**
 * The truth for each row and model of the chain: the probability that its answer passes (0..1). Throws a
 * DataError when `grader` is asked of data without verdicts.
 */
export function passTruth(dataset: LadderDataset, standIn: Pick<VerifierStandIn, 'kind' | 'threshold'>): number[][] {
  if (standIn.kind === 'score') {
    const threshold = standIn.threshold ?? 0.5;
    return dataset.rows.map((row) => row.quality.map((quality) => (quality >= threshold ? 1 : 0)));
  }
  return dataset.rows.map((row) =>
    row.passRate.map((rate, index) => {
      if (rate === undefined) {
        throw new DataError(
          `judge ${dataset.judge}`,
          undefined,
          `${dataset.models[index]} on prompt ${row.promptId} has no pass/fail verdict (judgement files hold scores only): use --verifier score:T to read a stored score of at least T as a pass`,
        );
      }
      return rate;
    }),
  );
}

/** How the report names the stand-in and what it assumes. */
export function describeStandIn(standIn: VerifierStandIn, source: string, judge: string): string {
  const truth =
    standIn.kind === 'grader'
      ? `the stored pass/fail verdicts of each answer (${source}, ${judge})`
      : `the stored scores of each answer (${source}, ${judge}): an answer passes when its score is at least ${standIn.threshold}`;
  const check = standIn.costPerCheck > 0 ? `, ${standIn.costPerCheck} USD per check` : ', checks free';
  return `${truth}, seen by a verifier assumed to accept a failing answer with probability ${standIn.falseAccept} and to escalate a passing one with probability ${standIn.falseReject}, independently${check}`;
}
