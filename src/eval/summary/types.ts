import type { Interval } from '../stats/descriptive.js';
import type { McNemarResult, NonInferiority, PairedDifference } from '../stats/paired.js';

/**
 * The figures of one result that a summary reads: no output, reason or grader details, so a summary of any
 * number of results can be computed from the store a page at a time.
 */
export interface SummaryRow {
  caseId: string;
  modelRef: string;
  pass: boolean;
  score: number;
  costUsd: number | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  cached: boolean;
  /** the result ended in an error */
  failed: boolean;
}

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
