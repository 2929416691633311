/**
 * What a run's summary holds: per model, its pass rate (over the calls it answered) with a Wilson interval, its
 * errors by cause, cost, latency and, with repeats, its consistency; per comparison, Tango's interval of the
 * difference, McNemar's test and the non-inferiority verdict; the run's outcome, its spend against the cap, and
 * the suite's thresholds. `parity eval --json` prints it, the store keeps it in the run's `summary`, the
 * dashboard and the decision memo read it back with this schema. A figure with nothing to measure is null (JSON
 * has no NaN), never 0. Fields added since the first stored summaries have defaults, so older runs still read.
 */
import { z } from 'zod';
import { ERROR_KINDS } from './case-result.js';
import { runStatusSchema } from './run-status.js';

/** A figure, or null when there is nothing to compute it from (no answered call, no paired case). */
const figure = z.number().nullable();
const count = z.number().int().nonnegative();
export const intervalSchema = z.object({ low: figure, high: figure });
export type Interval = z.infer<typeof intervalSchema>;

/** The errors of one model that share a cause. */
export const errorCauseSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  cause: z.string(),
  count,
  /** The first error's message as the provider or the transport gave it. */
  firstMessage: z.string(),
  /** What to check, when parity can tell ("is Ollama running? set OLLAMA_BASE_URL"). */
  hint: z.string().nullable(),
});
export type ErrorCause = z.infer<typeof errorCauseSchema>;

/** With `repeats: k`: over the cases whose k repeats were all answered, how often all k pass and how often one does. */
export const consistencySchema = z.object({
  repeats: count,
  cases: count,
  /** pass^k: the share of cases all k repeats pass */
  passAll: figure,
  /** pass@k: the share of cases at least one repeat passes */
  passAny: figure,
  /** cases whose repeats disagree (some pass, some fail) */
  flipping: count,
  /** the first of them by case id (at most FLIPPING_LISTED) */
  flippingCases: z.array(z.string()),
});
export type Consistency = z.infer<typeof consistencySchema>;
export const FLIPPING_LISTED = 20;

export const modelSummarySchema = z.object({
  ref: z.string(),
  label: z.string(),
  openWeights: z.boolean().nullable(),
  /** distinct cases with a result */
  cases: count,
  /** calls recorded: answered ones and errors */
  attempts: count,
  /** calls that ended in an error (left out of every rate below) */
  errors: count.default(0),
  passes: count,
  /** passes over the answered calls (attempts − errors) */
  passRate: figure,
  /** Wilson score interval, 95% */
  passRateInterval: intervalSchema,
  meanScore: figure,
  errorCauses: z.array(errorCauseSchema).default([]),
  cached: count.default(0),
  /**
   * Answered calls whose provider reported no token counts, or only one of the two (`usage` missing or partial):
   * their tokens and cost are unknown, left out of the token means and of `costUsd`. Absent when every answered
   * call reported both (and in summaries stored before parity counted them).
   */
  usageUnknown: count.optional(),
  /**
   * What the answered calls cost at the model's price; null when the price is unknown or no call reported its
   * usage. With `usageUnknown` calls it is the cost of the others only: a lower bound (≥).
   */
  costUsd: figure.default(null),
  /** the mean cost of the answered calls with a known cost */
  costPerCase: figure.default(null),
  /** costUsd over the passes; null when some cost is unknown (which passes cost what is not known) */
  costPerPassedCase: figure.default(null),
  priceSource: z.string().nullable().default(null),
  latencyP50Ms: figure.default(null),
  latencyP95Ms: figure.default(null),
  /** over the answered calls that reported the count */
  meanInputTokens: figure.default(null),
  meanOutputTokens: figure.default(null),
  consistency: consistencySchema.nullable().default(null),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const pairedDifferenceSchema = z.object({
  difference: figure,
  interval: intervalSchema,
  /** `tango-score` (pass rates) or `paired-bootstrap-percentile` (mean scores) */
  method: z.string(),
  resamples: z.number().int().optional(),
});
export type PairedDifference = z.infer<typeof pairedDifferenceSchema>;

export const mcnemarSchema = z.object({
  onlyA: count,
  onlyB: count,
  /** z = (b − c)/√(b + c); null without discordant cases */
  statistic: figure.default(null),
  pValue: figure,
  method: z.string(),
});
export type McNemarResult = z.infer<typeof mcnemarSchema>;

export const NON_INFERIORITY_VERDICTS = ['non-inferior', 'inferior', 'inconclusive', 'not-enough-cases', 'no-verdict'] as const;
export type NonInferiorityVerdict = (typeof NON_INFERIORITY_VERDICTS)[number];

export const nonInferioritySchema = z.object({
  verdict: z.enum(NON_INFERIORITY_VERDICTS),
  /** δ: the largest drop in pass rate that still counts as "as good" */
  margin: z.number(),
  /** two-sided level of the interval: 0.05 for a 95% interval */
  alpha: z.number().default(0.05),
  difference: figure,
  interval: intervalSchema,
  /** about how many paired cases a verdict at this δ and α needs; null once the verdict is decided */
  casesNeeded: figure.default(null),
  statement: z.string(),
});
export type NonInferiority = z.infer<typeof nonInferioritySchema>;

export const coverageSchema = z.object({
  /** share of cases the candidate passes */
  candidatePasses: figure,
  /** share of cases only the reference passes: the traffic that must go to the reference */
  onlyReferencePasses: figure,
  onlyCandidatePasses: figure,
  bothFail: figure,
  /** cost of sending everything to the reference, per case */
  referenceCostPerCase: figure,
  /** knowing in advance which cases the candidate fails, send only those to the reference */
  oracleRoutingCostPerCase: figure,
  /** try the candidate on everything, retry its failures on the reference */
  cascadeCostPerCase: figure,
});
export type Coverage = z.infer<typeof coverageSchema>;

export const comparisonSchema = z.object({
  candidate: z.string(),
  reference: z.string(),
  /** cases both models answered: what the comparison is computed on */
  pairedCases: count,
  /** cases of both models left out because one of them (or both) had no answer, only errors */
  unpairedCases: count.default(0),
  passRateDifference: pairedDifferenceSchema,
  scoreDifference: pairedDifferenceSchema,
  mcnemar: mcnemarSchema,
  nonInferiority: nonInferioritySchema,
  coverage: coverageSchema,
});
export type Comparison = z.infer<typeof comparisonSchema>;

export const evalSummarySchema = z.object({ models: z.array(modelSummarySchema), comparisons: z.array(comparisonSchema) });
export type EvalSummary = z.infer<typeof evalSummarySchema>;

/** How the run's calls went, in this invocation. */
export const runOutcomeSchema = z.object({
  status: runStatusSchema,
  /** calls finished (answered or errored), this invocation's and the earlier ones' kept on resume */
  done: count,
  total: count,
  /** calls an earlier invocation had answered (a resumed run does not make them again) */
  skipped: count,
  /** calls of this invocation that ended in an error */
  errors: count.default(0),
  /** calls of this invocation graded as failed */
  failures: count,
  /** above this share of errors the run is incomplete */
  maxErrorShare: z.number().default(0.05),
});
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

/** What the run has spent, over every invocation of it, against the cap. */
export const runSpendSchema = z.object({
  /** every call the run has made, resumes included (the store's sum) */
  runUsd: z.number(),
  /** this invocation's calls */
  invocationUsd: z.number(),
  /** `--max-cost`; null without one */
  capUsd: z.number().nullable(),
  /**
   * Calls of this invocation that reported no token counts (or only one of the two) from a model with a price:
   * their cost is unknown, and the spend above counts an estimate of it (the prompt's tokens counted, the output at
   * maxTokens or counted from the answer). Absent when there were none.
   */
  estimatedCalls: count.optional(),
});
export type RunSpend = z.infer<typeof runSpendSchema>;

export const thresholdCheckSchema = z.object({ passed: z.boolean(), failures: z.array(z.string()) });
export type ThresholdCheck = z.infer<typeof thresholdCheckSchema>;

/** What `parity eval` stores as a run's summary (and prints with `--json`, with the run's id and name). */
export const runSummarySchema = z.object({
  outcome: runOutcomeSchema,
  spend: runSpendSchema.nullable().default(null),
  summary: evalSummarySchema,
  thresholds: thresholdCheckSchema,
  /** Benchmark-specific figures per model ref (IFEval's accuracies). */
  metrics: z.record(z.string(), z.record(z.string(), figure)).optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;
