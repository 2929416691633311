import { mcnemar, nonInferiority, pairedBootstrap } from '../stats/paired.js';
import type { Comparison, Coverage, SummaryRow, TargetInfo } from './types.js';

export interface ComparisonPair {
  candidate: TargetInfo;
  reference: TargetInfo;
  margin: number;
}

/** One model on one case, over its repeats: the share of repeats passed, the mean score, the mean cost. */
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

/** Sums of one model's repeats on the case being read. */
class CaseSums {
  count = 0;
  passes = 0;
  scores = 0;
  costs = 0;
  costKnown = true;

  add(row: SummaryRow): void {
    this.count++;
    if (row.pass) this.passes++;
    this.scores += row.score;
    if (row.costUsd === null) this.costKnown = false;
    else this.costs += row.costUsd;
  }

  aggregate(): CaseAggregate {
    return { pass: this.passes / this.count, score: this.scores / this.count, cost: this.costKnown ? this.costs / this.count : null };
  }
}

/**
 * Collects the paired cases of each comparison from rows grouped by case (as the store returns them): only the
 * per-case aggregates of the compared models are kept, never the results.
 */
export class PairCollector {
  readonly #pairs: readonly ComparisonPair[];
  readonly #paired: PairedCase[][];
  readonly #refs: ReadonlySet<string>;
  #caseId: string | undefined;
  #sums = new Map<string, CaseSums>();

  constructor(pairs: readonly ComparisonPair[]) {
    this.#pairs = pairs;
    this.#paired = pairs.map(() => []);
    this.#refs = new Set(pairs.flatMap((pair) => [pair.candidate.ref, pair.reference.ref]));
  }

  add(row: SummaryRow): void {
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
      const candidate = this.#sums.get(pair.candidate.ref);
      const reference = this.#sums.get(pair.reference.ref);
      if (candidate && reference) this.#paired[index]!.push({ caseId, candidate: candidate.aggregate(), reference: reference.aggregate() });
    });
    this.#sums = new Map();
  }

  comparisons(seed: number): Comparison[] {
    this.#closeCase();
    this.#caseId = undefined;
    return this.#pairs.map((pair, index) => compare(pair, this.#paired[index]!, seed));
  }
}

function compare(pair: ComparisonPair, unordered: PairedCase[], seed: number): Comparison {
  // the bootstrap resamples by position: pair the cases in one fixed order (by id, as JavaScript sorts strings),
  // whatever order the store returned them in
  const pairs = unordered.sort((x, y) => (x.caseId < y.caseId ? -1 : x.caseId > y.caseId ? 1 : 0));
  const passA = pairs.map((entry) => entry.candidate.pass);
  const passB = pairs.map((entry) => entry.reference.pass);
  const passRateDifference = pairedBootstrap(passA, passB, { seed });
  const scoreDifference = pairedBootstrap(pairs.map((entry) => entry.candidate.score), pairs.map((entry) => entry.reference.score), { seed: seed + 1 });
  const n = pairs.length;
  const share = (predicate: (x: CaseAggregate, y: CaseAggregate) => boolean) =>
    n === 0 ? Number.NaN : pairs.filter((entry) => predicate(entry.candidate, entry.reference)).length / n;
  const costsKnown = pairs.every((entry) => entry.candidate.cost !== null && entry.reference.cost !== null);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const coverage: Coverage = {
    candidatePasses: share((x) => x.pass >= 0.5),
    onlyReferencePasses: share((x, y) => x.pass < 0.5 && y.pass >= 0.5),
    onlyCandidatePasses: share((x, y) => x.pass >= 0.5 && y.pass < 0.5),
    bothFail: share((x, y) => x.pass < 0.5 && y.pass < 0.5),
    referenceCostPerCase: costsKnown && n > 0 ? sum(pairs.map((entry) => entry.reference.cost!)) / n : null,
    oracleRoutingCostPerCase: costsKnown && n > 0 ? sum(pairs.map(({ candidate: x, reference: y }) => (x.pass >= 0.5 ? x.cost! : y.cost!))) / n : null,
    cascadeCostPerCase: costsKnown && n > 0 ? sum(pairs.map(({ candidate: x, reference: y }) => (x.pass >= 0.5 ? x.cost! : x.cost! + y.cost!))) / n : null,
  };
  return {
    candidate: pair.candidate.ref,
    reference: pair.reference.ref,
    pairedCases: n,
    passRateDifference,
    scoreDifference,
    mcnemar: mcnemar(passA.map((value) => value >= 0.5), passB.map((value) => value >= 0.5)),
    nonInferiority: nonInferiority(passRateDifference, pair.margin, { candidate: pair.candidate.label, reference: pair.reference.label }),
    coverage,
  };
}
