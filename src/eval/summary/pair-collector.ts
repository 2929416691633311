import type { CaseFigures } from '../records/case-result.js';
import type { Comparison, Coverage } from '../records/run-summary.js';
import { mcnemar, nonInferiority, pairedBootstrap, pairedCounts, passRateDifference, withheldVerdict } from '../stats/paired.js';
import type { TargetInfo } from './model-tally.js';

export interface ComparisonPair {
  candidate: TargetInfo;
  reference: TargetInfo;
  margin: number;
  /** two-sided level of the interval (default 0.05) */
  alpha: number;
}

/** One model on one case, over its answered repeats: the share passed, the mean score, the mean cost. */
interface CaseAggregate {
  pass: number;
  score: number;
  cost: number | null;
}

/** A case both models of a pair answered. */
interface PairedCase {
  caseId: string;
  candidate: CaseAggregate;
  reference: CaseAggregate;
}

/** Sums of one model's repeats on the case being read; errors count only as having been run. */
class CaseSums {
  answered = 0;
  passes = 0;
  scores = 0;
  costs = 0;
  costKnown = true;

  add(row: CaseFigures): void {
    if (row.error !== null) return;
    this.answered++;
    if (row.pass) this.passes++;
    this.scores += row.score;
    if (row.costUsd === null) this.costKnown = false;
    else this.costs += row.costUsd;
  }

  aggregate(): CaseAggregate | undefined {
    if (this.answered === 0) return undefined;
    return { pass: this.passes / this.answered, score: this.scores / this.answered, cost: this.costKnown ? this.costs / this.answered : null };
  }
}

/**
 * Collects the paired cases of each comparison from rows grouped by case (as the store returns them): only the
 * per-case aggregates of the compared models are kept, never the results. A case is paired when both models
 * answered it at least once; one that either model ran but not both answered is counted as left out.
 */
export class PairCollector {
  readonly #pairs: readonly ComparisonPair[];
  readonly #paired: PairedCase[][];
  readonly #unpaired: number[];
  readonly #refs: ReadonlySet<string>;
  #caseId: string | undefined;
  #sums = new Map<string, CaseSums>();

  constructor(pairs: readonly ComparisonPair[]) {
    this.#pairs = pairs;
    this.#paired = pairs.map(() => []);
    this.#unpaired = pairs.map(() => 0);
    this.#refs = new Set(pairs.flatMap((pair) => [pair.candidate.ref, pair.reference.ref]));
  }

  add(row: CaseFigures): void {
    if (!this.#refs.has(row.modelRef)) return;
    if (row.caseId !== this.#caseId) {
      this.#closeCase();
      this.#caseId = row.caseId;
    }
    let sums = this.#sums.get(row.modelRef);
    if (sums === undefined) {
      sums = new CaseSums();
      this.#sums.set(row.modelRef, sums);
    }
    sums.add(row);
  }

  #closeCase(): void {
    if (this.#caseId === undefined) return;
    const caseId = this.#caseId;
    this.#pairs.forEach((pair, index) => {
      const candidateSums = this.#sums.get(pair.candidate.ref);
      const referenceSums = this.#sums.get(pair.reference.ref);
      if (candidateSums === undefined && referenceSums === undefined) return;
      const candidate = candidateSums?.aggregate();
      const reference = referenceSums?.aggregate();
      if (candidate && reference) this.#paired[index]!.push({ caseId, candidate, reference });
      else this.#unpaired[index]!++;
    });
    this.#sums = new Map();
  }

  /** The comparisons; `withhold` (why) replaces each verdict with none, for a run that did not finish. */
  comparisons(seed: number, withhold?: string): Comparison[] {
    this.#closeCase();
    this.#caseId = undefined;
    return this.#pairs.map((pair, index) => compare(pair, this.#paired[index]!, this.#unpaired[index]!, seed, withhold));
  }
}

/**
 * A case passes for a model when at least half its answered repeats pass (with one repeat: when it passes). The
 * interval, McNemar's test and the verdict are computed on these paired outcomes; the mean scores get a paired
 * bootstrap interval.
 */
function compare(pair: ComparisonPair, unordered: PairedCase[], unpaired: number, seed: number, withhold: string | undefined): Comparison {
  // the bootstrap resamples by position: pair the cases in one fixed order (by id, as JavaScript sorts strings),
  // whatever order the store returned them in
  const pairs = unordered.sort((x, y) => (x.caseId < y.caseId ? -1 : x.caseId > y.caseId ? 1 : 0));
  const counts = pairedCounts(
    pairs.map((entry) => entry.candidate.pass >= 0.5),
    pairs.map((entry) => entry.reference.pass >= 0.5),
  );
  const scoreDifference = pairedBootstrap(pairs.map((entry) => entry.candidate.score), pairs.map((entry) => entry.reference.score), { seed: seed + 1 });
  const n = pairs.length;
  const share = (count: number) => (n === 0 ? null : count / n);
  const costsKnown = n > 0 && pairs.every((entry) => entry.candidate.cost !== null && entry.reference.cost !== null);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const coverage: Coverage = {
    candidatePasses: share(counts.bothPass + counts.onlyA),
    onlyReferencePasses: share(counts.onlyB),
    onlyCandidatePasses: share(counts.onlyA),
    bothFail: share(counts.bothFail),
    referenceCostPerCase: costsKnown ? sum(pairs.map((entry) => entry.reference.cost!)) / n : null,
    oracleRoutingCostPerCase: costsKnown ? sum(pairs.map(({ candidate: x, reference: y }) => (x.pass >= 0.5 ? x.cost! : y.cost!))) / n : null,
    cascadeCostPerCase: costsKnown ? sum(pairs.map(({ candidate: x, reference: y }) => (x.pass >= 0.5 ? x.cost! : x.cost! + y.cost!))) / n : null,
  };
  const verdict = nonInferiority(counts, { margin: pair.margin, alpha: pair.alpha, names: { candidate: pair.candidate.label, reference: pair.reference.label } });
  return {
    candidate: pair.candidate.ref,
    reference: pair.reference.ref,
    pairedCases: n,
    unpairedCases: unpaired,
    passRateDifference: passRateDifference(counts, pair.alpha),
    scoreDifference,
    mcnemar: mcnemar(counts),
    nonInferiority: withhold === undefined ? verdict : withheldVerdict(verdict, withhold),
    coverage,
  };
}
