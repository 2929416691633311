import { mean, quantile, wilsonInterval, type Interval } from '../stats/descriptive.js';
import { mcnemar, nonInferiority, pairedBootstrap, type McNemarResult, type NonInferiority, type PairedDifference } from '../stats/paired.js';
import type { CaseResult } from '../runner/types.js';

export interface TargetInfo {
  ref: string;
  label: string;
  openWeights: boolean | null;
  priceSource: string | null;
}

export interface ModelSummary {
  ref: string;
  label: string;
  openWeights: boolean | null;
  cases: number;
  attempts: number;
  passes: number;
  passRate: number;
  passRateInterval: Interval;
  meanScore: number;
  errors: number;
  cached: number;
  costUsd: number | null;
  costPerCase: number | null;
  costPerPassedCase: number | null;
  priceSource: string | null;
  latencyP50Ms: number;
  latencyP95Ms: number;
  meanInputTokens: number;
  meanOutputTokens: number;
}

export interface Coverage {
  /** share of cases the candidate passes */
  candidatePasses: number;
  /** share of cases only the reference passes: the traffic that must go to the reference */
  onlyReferencePasses: number;
  onlyCandidatePasses: number;
  bothFail: number;
  /** cost of sending everything to the reference, per case */
  referenceCostPerCase: number | null;
  /** knowing in advance which cases the candidate fails, send only those to the reference */
  oracleRoutingCostPerCase: number | null;
  /** try the candidate on everything, retry its failures on the reference */
  cascadeCostPerCase: number | null;
}

export interface Comparison {
  candidate: string;
  reference: string;
  pairedCases: number;
  passRateDifference: PairedDifference;
  scoreDifference: PairedDifference;
  mcnemar: McNemarResult;
  nonInferiority: NonInferiority;
  coverage: Coverage;
}

export interface EvalSummary {
  models: ModelSummary[];
  comparisons: Comparison[];
}

interface CaseAggregate {
  pass: number; // share of repeats passed
  score: number;
  cost: number | null;
}

function perCase(results: readonly CaseResult[]): Map<string, CaseAggregate> {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results) {
    const list = groups.get(result.caseId);
    if (list) list.push(result);
    else groups.set(result.caseId, [result]);
  }
  const out = new Map<string, CaseAggregate>();
  for (const [caseId, list] of groups) {
    const costs = list.map((result) => result.costUsd);
    out.set(caseId, {
      pass: mean(list.map((result) => (result.pass ? 1 : 0))),
      score: mean(list.map((result) => result.score)),
      cost: costs.some((cost) => cost === null) ? null : mean(costs as number[]),
    });
  }
  return out;
}

function summarizeModel(target: TargetInfo, results: readonly CaseResult[]): ModelSummary {
  const passes = results.filter((result) => result.pass).length;
  const cases = new Set(results.map((result) => result.caseId)).size;
  const costs = results.map((result) => result.costUsd);
  const costUsd = costs.length > 0 && costs.every((cost) => cost !== null) ? (costs as number[]).reduce((a, b) => a + b, 0) : null;
  const latencies = results.filter((result) => result.error === null).map((result) => result.latencyMs);
  return {
    ref: target.ref,
    label: target.label,
    openWeights: target.openWeights,
    cases,
    attempts: results.length,
    passes,
    passRate: results.length === 0 ? Number.NaN : passes / results.length,
    passRateInterval: wilsonInterval(passes, results.length),
    meanScore: mean(results.map((result) => result.score)),
    errors: results.filter((result) => result.error !== null).length,
    cached: results.filter((result) => result.cached).length,
    costUsd,
    costPerCase: costUsd === null || results.length === 0 ? null : costUsd / results.length,
    costPerPassedCase: costUsd === null || passes === 0 ? null : costUsd / passes,
    priceSource: target.priceSource,
    latencyP50Ms: quantile(latencies, 0.5),
    latencyP95Ms: quantile(latencies, 0.95),
    meanInputTokens: mean(results.map((result) => result.inputTokens)),
    meanOutputTokens: mean(results.map((result) => result.outputTokens)),
  };
}

function compare(
  candidate: TargetInfo,
  reference: TargetInfo,
  byModel: Map<string, CaseResult[]>,
  margin: number,
  seed: number,
): Comparison {
  const a = perCase(byModel.get(candidate.ref) ?? []);
  const b = perCase(byModel.get(reference.ref) ?? []);
  const shared = [...a.keys()].filter((caseId) => b.has(caseId)).sort();
  const pairs = shared.map((caseId) => [a.get(caseId)!, b.get(caseId)!] as const);
  const passA = pairs.map(([x]) => x.pass);
  const passB = pairs.map(([, y]) => y.pass);
  const passRateDifference = pairedBootstrap(passA, passB, { seed });
  const scoreDifference = pairedBootstrap(pairs.map(([x]) => x.score), pairs.map(([, y]) => y.score), { seed: seed + 1 });
  const n = pairs.length;
  const share = (predicate: (x: CaseAggregate, y: CaseAggregate) => boolean) =>
    n === 0 ? Number.NaN : pairs.filter(([x, y]) => predicate(x, y)).length / n;
  const costsKnown = pairs.every(([x, y]) => x.cost !== null && y.cost !== null);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const coverage: Coverage = {
    candidatePasses: share((x) => x.pass >= 0.5),
    onlyReferencePasses: share((x, y) => x.pass < 0.5 && y.pass >= 0.5),
    onlyCandidatePasses: share((x, y) => x.pass >= 0.5 && y.pass < 0.5),
    bothFail: share((x, y) => x.pass < 0.5 && y.pass < 0.5),
    referenceCostPerCase: costsKnown && n > 0 ? sum(pairs.map(([, y]) => y.cost!)) / n : null,
    oracleRoutingCostPerCase: costsKnown && n > 0 ? sum(pairs.map(([x, y]) => (x.pass >= 0.5 ? x.cost! : y.cost!))) / n : null,
    cascadeCostPerCase: costsKnown && n > 0 ? sum(pairs.map(([x, y]) => (x.pass >= 0.5 ? x.cost! : x.cost! + y.cost!))) / n : null,
  };
  return {
    candidate: candidate.ref,
    reference: reference.ref,
    pairedCases: n,
    passRateDifference,
    scoreDifference,
    mcnemar: mcnemar(passA.map((value) => value >= 0.5), passB.map((value) => value >= 0.5)),
    nonInferiority: nonInferiority(passRateDifference, margin, { candidate: candidate.label, reference: reference.label }),
    coverage,
  };
}

/**
 * Summaries per model and paired comparisons. Without explicit pairs, the best open model (by pass rate) is
 * compared with the best proprietary one.
 */
export function summarize(
  targets: readonly TargetInfo[],
  results: readonly CaseResult[],
  options: { compare?: ReadonlyArray<{ candidate: string; reference: string; margin?: number }>; margin?: number; seed?: number } = {},
): EvalSummary {
  const byModel = new Map<string, CaseResult[]>();
  for (const result of results) {
    const list = byModel.get(result.modelRef);
    if (list) list.push(result);
    else byModel.set(result.modelRef, [result]);
  }
  const models = targets.map((target) => summarizeModel(target, byModel.get(target.ref) ?? []));
  const find = (name: string) => targets.find((target) => target.ref === name || target.label === name);
  let pairs = (options.compare ?? []).map((entry) => {
    const candidate = find(entry.candidate);
    const reference = find(entry.reference);
    if (!candidate || !reference) throw new RangeError(`compare names a model that is not in the run: ${!candidate ? entry.candidate : entry.reference}`);
    return { candidate, reference, margin: entry.margin ?? options.margin ?? 0.05 };
  });
  if (pairs.length === 0) {
    const best = (open: boolean) =>
      models.filter((model) => model.openWeights === open).sort((x, y) => y.passRate - x.passRate)[0];
    const open = best(true);
    const closed = best(false);
    if (open && closed) pairs = [{ candidate: find(open.ref)!, reference: find(closed.ref)!, margin: options.margin ?? 0.05 }];
  }
  const comparisons = pairs.map((pair) => compare(pair.candidate, pair.reference, byModel, pair.margin, options.seed ?? 1));
  return { models, comparisons };
}
