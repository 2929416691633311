/**
 * What `parity eval` stores in a run's `summary` column: `{ outcome, summary: EvalSummary, thresholds, metrics? }`
 * (src/eval/evaluate.ts). The store hands it back as untyped JSON, so the dashboard validates it here before
 * showing it. JSON turns NaN into null, so every figure may come back null. A compile-time check below keeps
 * this schema in step with the eval types.
 */
import { z } from 'zod';
import type { EvalSummary } from '../../eval/summary/summarize.js';

const figure = z.number().nullable();
const interval = z.object({ low: figure, high: figure });

export const modelSummarySchema = z.object({
  ref: z.string(),
  label: z.string(),
  openWeights: z.boolean().nullable(),
  cases: z.number(),
  attempts: z.number(),
  passes: z.number(),
  passRate: figure,
  passRateInterval: interval,
  meanScore: figure,
  errors: z.number(),
  cached: z.number(),
  costUsd: figure,
  costPerCase: figure,
  costPerPassedCase: figure,
  priceSource: z.string().nullable(),
  latencyP50Ms: figure,
  latencyP95Ms: figure,
  meanInputTokens: figure,
  meanOutputTokens: figure,
});

const pairedDifference = z.object({ difference: figure, interval, resamples: z.number(), method: z.string() });

export const comparisonSchema = z.object({
  candidate: z.string(),
  reference: z.string(),
  pairedCases: z.number(),
  passRateDifference: pairedDifference,
  scoreDifference: pairedDifference,
  mcnemar: z.object({ onlyA: z.number(), onlyB: z.number(), pValue: figure, method: z.string() }),
  nonInferiority: z.object({
    verdict: z.enum(['non-inferior', 'inferior', 'inconclusive']),
    margin: z.number(),
    difference: figure,
    interval,
    statement: z.string(),
  }),
  coverage: z.object({
    candidatePasses: figure,
    onlyReferencePasses: figure,
    onlyCandidatePasses: figure,
    bothFail: figure,
    referenceCostPerCase: figure,
    oracleRoutingCostPerCase: figure,
    cascadeCostPerCase: figure,
  }),
});

export const evalSummarySchema = z.object({ models: z.array(modelSummarySchema), comparisons: z.array(comparisonSchema) });

export const storedRunSummarySchema = z.object({
  outcome: z
    .object({ status: z.string(), done: z.number(), total: z.number(), skipped: z.number(), costUsd: figure, failures: z.number() })
    .partial()
    .optional(),
  summary: evalSummarySchema,
  thresholds: z.object({ passed: z.boolean(), failures: z.array(z.string()) }).optional(),
  metrics: z.record(z.string(), z.record(z.string(), figure)).optional(),
});
export type StoredRunSummary = z.infer<typeof storedRunSummarySchema>;
export type StoredModelSummary = z.infer<typeof modelSummarySchema>;
export type StoredComparison = z.infer<typeof comparisonSchema>;

// Every EvalSummary the eval library produces must fit the schema (figures widened to number | null).
type Assignable<T, U extends T> = U;
export type EvalSummaryFitsSchema = Assignable<z.input<typeof evalSummarySchema>, EvalSummary>;
