/**
 * Route evaluations are not kept in the store: `parity route eval --json` prints a report and `parity route
 * train` writes a policy file. The dashboard reads both kinds of JSON file from one folder (by default
 * `.parity/route-evals/`, else `parity serve --route-evals DIR`):
 *
 *   parity route eval … --json > .parity/route-evals/mixtral-vs-gpt4.json
 *   parity route train … --out .parity/route-evals/mixtral-vs-gpt4.policy.json
 *
 * A report is validated with `routeEvalReportSchema` (the fields the dashboard draws; a compile-time check in
 * ../route-evals.ts keeps it in step with `RouteEvalReport`), a policy with the route library's own
 * `routePolicySchema`. This file is shared with the web app, so it imports nothing of the route library.
 */
import { z } from 'zod';

const figure = z.number().nullable();

export const curvePointSchema = z.object({
  frontierShare: z.number(),
  quality: figure,
  pgr: figure,
  costSavings: figure,
});

const methodSummary = z.object({
  apgr: figure,
  apgrInterval: z.tuple([figure, figure]),
  cpt50: figure,
  cpt50Interval: z.tuple([figure, figure]),
  cpt80: figure,
  cpt80Interval: z.tuple([figure, figure]),
  savingsAtCpt50: figure,
  savingsAtCpt80: figure,
  curve: z.array(curvePointSchema),
});

const fixedPoint = z.object({ frontierShare: z.number(), quality: figure, pgr: figure, costPerRequest: figure, costSavings: figure });
const price = z.object({ inputPerMtok: z.number(), outputPerMtok: z.number(), source: z.string() }).nullable();

export const routeEvalReportSchema = z.object({
  pair: z.object({ weak: z.string(), strong: z.string(), judge: z.string(), prompts: z.number(), unpaired: z.number(), missingJudgements: z.number() }),
  settings: z.object({ folds: z.number(), seed: z.number(), model: z.string() }),
  quality: z.object({ weak: figure, strong: figure }),
  prices: z.object({ weak: price, strong: price }),
  router: methodSummary.extend({ model: z.string() }),
  baselines: z.object({
    random: methodSummary,
    length: methodSummary,
    oracle: methodSummary,
    alwaysWeak: fixedPoint,
    alwaysStrong: fixedPoint,
  }),
  folds: z.array(z.object({ fold: z.number(), prompts: z.number(), qualityWeak: figure, qualityStrong: figure })),
  notes: z.array(z.string()),
});
export type RouteEvalReportJson = z.infer<typeof routeEvalReportSchema>;
