/**
 * The two measured inputs of the memo, validated at the boundary: an eval run (from the store, or the JSON
 * `parity eval --json` prints) and a route evaluation (the JSON `parity route eval --json` prints). Only the
 * fields the memo uses are read; each keeps where it came from, so every figure can name its source.
 * Numbers that were NaN when written are `null` in JSON; they come back as null here.
 */
import { z } from 'zod';
import { DataError, formatIssuePath } from '../../errors.js';

const num = z.number().nullable();
const interval = z.object({ low: num, high: num });
const pair = z.tuple([num, num]);

export const evalModelSchema = z.object({
  ref: z.string(),
  label: z.string(),
  openWeights: z.boolean().nullable(),
  cases: z.number(),
  attempts: z.number(),
  passes: z.number(),
  passRate: num,
  passRateInterval: interval,
  meanScore: num.optional(),
  errors: z.number().default(0),
  costUsd: num.default(null),
  costPerCase: num.default(null),
  priceSource: z.string().nullable().default(null),
  meanInputTokens: num.default(null),
  meanOutputTokens: num.default(null),
});

export const evalComparisonSchema = z.object({
  candidate: z.string(),
  reference: z.string(),
  pairedCases: z.number(),
  passRateDifference: z.object({ difference: num, interval, resamples: z.number(), method: z.string() }),
  mcnemar: z.object({ onlyA: z.number(), onlyB: z.number(), pValue: num }),
  nonInferiority: z.object({
    verdict: z.enum(['non-inferior', 'inferior', 'inconclusive']),
    margin: z.number(),
    difference: num,
    interval,
    statement: z.string(),
  }),
  coverage: z.object({
    candidatePasses: num,
    onlyReferencePasses: num,
    onlyCandidatePasses: num,
    bothFail: num,
    referenceCostPerCase: num,
    oracleRoutingCostPerCase: num,
    cascadeCostPerCase: num,
  }),
});

export const evalSummarySchema = z.object({
  models: z.array(evalModelSchema).min(1),
  comparisons: z.array(evalComparisonSchema),
});
export type EvalSummaryEvidence = z.infer<typeof evalSummarySchema>;
export type EvalModelEvidence = z.infer<typeof evalModelSchema>;
export type EvalComparisonEvidence = z.infer<typeof evalComparisonSchema>;

/** What a stored run's `summary` column holds (see eval/evaluate.ts `finishRun`). */
const storedSummarySchema = z.object({ outcome: z.object({ status: z.string() }).loose().optional(), summary: evalSummarySchema });

/** What `parity eval --json` prints. */
const evalJsonSchema = z.object({
  runId: z.string(),
  name: z.string(),
  outcome: z.object({ status: z.string() }).loose().optional(),
  summary: evalSummarySchema,
  store: z.string().optional(),
});

/** The part of a stored run's config the memo reads: the suite's providers, graders and name, or the benchmark. */
export const runConfigSchema = z
  .object({
    kind: z.enum(['suite', 'benchmark']).optional(),
    benchmark: z.string().optional(),
    suite: z
      .object({
        name: z.string().optional(),
        description: z.string().optional(),
        providers: z.array(z.object({ ref: z.string(), label: z.string().optional(), catalogModel: z.string().optional() }).loose()).default([]),
        graders: z.array(z.object({ type: z.string() }).loose()).default([]),
        cases: z.unknown().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type RunConfigEvidence = z.infer<typeof runConfigSchema>;

export interface EvalEvidence {
  runId: string;
  name: string;
  status: string | null;
  /** Where the run lives: a store location (safe to print), or null when read from a file without one. */
  store: string | null;
  /** The JSON file it was read from, with its hash; null when read from the store. */
  file: { path: string; sha256: string } | null;
  createdAt: string | null;
  /** The plan's config (suite or benchmark), when read from the store. */
  config: RunConfigEvidence | null;
  summary: EvalSummaryEvidence;
}

const routeMethodSchema = z.object({
  apgr: num,
  apgrInterval: pair,
  cpt50: num,
  cpt50Interval: pair,
  cpt80: num,
  cpt80Interval: pair,
  savingsAtCpt50: num,
  savingsAtCpt80: num,
  curve: z.array(z.object({ frontierShare: z.number(), quality: num, pgr: num, costSavings: num })),
});

const priceSchema = z.object({ inputPerMtok: z.number(), outputPerMtok: z.number(), source: z.string() }).nullable();

export const routeReportSchema = z.object({
  pair: z.object({ weak: z.string(), strong: z.string(), judge: z.string(), prompts: z.number(), unpaired: z.number().default(0), missingJudgements: z.number().default(0) }),
  settings: z.object({ folds: z.number(), seed: z.number(), model: z.string() }).loose(),
  quality: z.object({ weak: num, strong: num }),
  prices: z.object({ weak: priceSchema, strong: priceSchema }),
  router: routeMethodSchema.extend({ model: z.string() }),
  baselines: z
    .object({
      random: routeMethodSchema,
      alwaysStrong: z.object({ frontierShare: z.number(), quality: num, costPerRequest: num }).loose(),
      alwaysWeak: z.object({ frontierShare: z.number(), quality: num, costPerRequest: num, costSavings: num }).loose(),
    })
    .loose(),
  notes: z.array(z.string()).default([]),
});
export type RouteReportEvidence = z.infer<typeof routeReportSchema>;
export type RouteMethodEvidence = z.infer<typeof routeMethodSchema>;

export interface RouteEvidence {
  /** The file it was read from (path and sha256), or a label when handed over in memory. */
  file: { path: string; sha256: string } | null;
  label: string;
  report: RouteReportEvidence;
  /** The eval run it was cross-validated on, when `parity advise` computed it from the run itself. */
  run: string | null;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DataError(where, undefined, `not ${what}: ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
}

/** Evidence from a stored run (`store.getRun(id)`); `storeLocation` is `store.location`. */
export function evalEvidenceFromRun(
  run: { id: string; suiteName: string; status: string; summary: unknown; config: unknown; createdAt: string },
  storeLocation: string,
): EvalEvidence {
  const where = `run ${run.id} in ${storeLocation}`;
  if (run.summary === null || run.summary === undefined) {
    throw new DataError(where, undefined, `the run has no summary (status ${run.status}); finish it with \`parity eval … --resume ${run.id}\``);
  }
  const stored = parse(storedSummarySchema, run.summary, where, 'an eval summary');
  const config = runConfigSchema.safeParse(run.config);
  return {
    runId: run.id,
    name: run.suiteName,
    status: run.status,
    store: storeLocation,
    file: null,
    createdAt: run.createdAt,
    config: config.success ? config.data : null,
    summary: stored.summary,
  };
}

/** Evidence from the JSON `parity eval --json` printed, read from `file`. */
export function evalEvidenceFromJson(value: unknown, file: { path: string; sha256: string }): EvalEvidence {
  const report = parse(evalJsonSchema, value, file.path, 'the JSON of `parity eval --json`');
  return {
    runId: report.runId,
    name: report.name,
    status: report.outcome?.status ?? null,
    store: report.store ?? null,
    file,
    createdAt: null,
    config: null,
    summary: report.summary,
  };
}

/** Evidence from a route evaluation report (`parity route eval --json`, or `evaluateRouting`'s return value). */
export function routeEvidenceFromJson(value: unknown, origin: { file: { path: string; sha256: string } } | { label: string }): RouteEvidence {
  const where = 'file' in origin ? origin.file.path : origin.label;
  // An in-memory report may hold NaN (undefined metrics); read it exactly as its JSON would read.
  const plain: unknown = 'file' in origin ? value : JSON.parse(JSON.stringify(value ?? null));
  const report = parse(routeReportSchema, plain, where, 'the JSON of `parity route eval --json`');
  return 'file' in origin ? { file: origin.file, label: origin.file.path, report, run: null } : { file: null, label: origin.label, report, run: null };
}
