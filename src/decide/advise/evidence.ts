/**
 * The two measured inputs of the memo, validated at the boundary: an eval run (from the store, or the JSON
 * `parity eval --json` prints) and a route evaluation (the JSON `parity route eval --json` prints). Only the
 * fields the memo uses are read; each keeps where it came from, so every figure can name its source.
 * Numbers that were NaN when written are `null` in JSON; they come back as null here.
 */
import { z } from 'zod';
import { DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { runSummarySchema, type Comparison, type EvalSummary, type ModelSummary, type RunSummary } from '../../eval/index.js';
import type { RouteEvalReport } from '../../route/index.js';
import type { MethodSummary } from '../../route/index.js';

const num = z.number().nullable();
const pair = z.tuple([num, num]);

export type EvalSummaryEvidence = EvalSummary;
export type EvalModelEvidence = ModelSummary;
export type EvalComparisonEvidence = Comparison;

/** What `parity eval --json` prints: the run's summary with its id and name (and the store it lives in). */
const evalJsonSchema = runSummarySchema.extend({ runId: z.string(), name: z.string(), store: z.string().optional() });

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
  return parseOrThrow(schema, value, (issue) => new DataError(where, undefined, `not ${what}: ${issue.text}`));
}

/**
 * A memo needs a run that finished: one that is incomplete (too many errors) or stopped by its budget has no
 * verdict to decide on, and no model that answered nothing can stand for a side.
 */
function checkFinished(summary: RunSummary, where: string, runId: string): void {
  const status = summary.outcome.status;
  if (status !== 'completed') {
    throw new DataError(where, undefined, `the run is ${status}, so it has no verdict to decide on; finish it with \`parity eval … --resume ${runId}\``);
  }
  if (summary.summary.models.length === 0) throw new DataError(where, undefined, 'the run has no model');
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
  const stored = parse(runSummarySchema, run.summary, where, 'an eval summary');
  checkFinished(stored, where, run.id);
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
  checkFinished(report, file.path, report.runId);
  return {
    runId: report.runId,
    name: report.name,
    status: report.outcome.status,
    store: report.store ?? null,
    file,
    createdAt: null,
    config: null,
    summary: report.summary,
  };
}

/** Evidence from a route evaluation report file (`parity route eval --json`). */
export function routeEvidenceFromJson(value: unknown, origin: { file: { path: string; sha256: string } }): RouteEvidence {
  const report = parse(routeReportSchema, value, origin.file.path, 'the JSON of `parity route eval --json`');
  return { file: origin.file, label: origin.file.path, report, run: null };
}

/** A metric that could not be computed (NaN) is null, as in the report's JSON. */
const known = (value: number): number | null => (Number.isFinite(value) ? value : null);

function methodEvidence(method: MethodSummary): RouteMethodEvidence {
  return {
    apgr: known(method.apgr),
    apgrInterval: [known(method.apgrInterval[0]), known(method.apgrInterval[1])],
    cpt50: known(method.cpt50),
    cpt50Interval: [known(method.cpt50Interval[0]), known(method.cpt50Interval[1])],
    cpt80: known(method.cpt80),
    cpt80Interval: [known(method.cpt80Interval[0]), known(method.cpt80Interval[1])],
    savingsAtCpt50: method.savingsAtCpt50 === null ? null : known(method.savingsAtCpt50),
    savingsAtCpt80: method.savingsAtCpt80 === null ? null : known(method.savingsAtCpt80),
    curve: method.curve.map((point) => ({
      frontierShare: point.frontierShare,
      quality: known(point.quality),
      pgr: known(point.pgr),
      costSavings: point.costSavings === null ? null : known(point.costSavings),
    })),
  };
}

/** Evidence from a route evaluation computed in this process (`evaluateRouting`'s report), read field by field. */
export function routeEvidenceFromReport(report: RouteEvalReport, label: string): RouteEvidence {
  const fixed = (point: RouteEvalReport['baselines']['alwaysWeak']) => ({
    frontierShare: point.frontierShare,
    quality: known(point.quality),
    costPerRequest: point.costPerRequest === null ? null : known(point.costPerRequest),
    costSavings: point.costSavings === null ? null : known(point.costSavings),
  });
  return {
    file: null,
    label,
    run: null,
    report: {
      pair: { ...report.pair },
      settings: { ...report.settings },
      quality: { weak: known(report.quality.weak), strong: known(report.quality.strong) },
      prices: { weak: report.prices.weak, strong: report.prices.strong },
      router: { ...methodEvidence(report.router), model: report.router.model },
      baselines: { random: methodEvidence(report.baselines.random), alwaysStrong: fixed(report.baselines.alwaysStrong), alwaysWeak: fixed(report.baselines.alwaysWeak) },
      notes: [...report.notes],
    },
  };
}
