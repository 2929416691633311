/**
 * The loop every routing experiment shares: for each pair of the chosen set, each variant and each fold seed,
 * k-fold cross-validation over prompts (the same folds as `parity route eval`), the test folds' APGR averaged over
 * folds and then over seeds; one line per pair and the mean over pairs (or JSON). An experiment supplies only how
 * a variant scores a test fold.
 */
import { assignFolds } from '../../src/route/cross-validation.js';
import { buildPairDataset, type PairDataset } from '../../src/route/data/pair-dataset.js';
import { routingCurve } from '../../src/route/metrics/routing-curve.js';
import { foldMetrics, summarizeFolds, type FoldMetrics } from '../../src/route/metrics/summarize.js';
import { PAIRS, type Source } from './pairs.js';
import type { QualityTable } from '../../src/route/data/quality-table.js';

/** Scores of the test prompts, in the order given (higher = the weak model is more adequate). */
export type FoldScorer = (variant: string, train: readonly number[], test: readonly number[], seed: number) => ArrayLike<number>;

export interface ExperimentOptions {
  /** `dev`, `report`, `fresh` or `all` (pairs.ts). */
  set: string;
  seeds: readonly number[];
  folds: number;
  variants: readonly string[];
  json: boolean;
  table: (source: Source) => QualityTable;
  /** Fields printed with the JSON results (the experiment's settings). */
  settings?: Record<string, unknown>;
}

export function runExperiment(options: ExperimentOptions, prepare: (dataset: PairDataset) => FoldScorer): void {
  const results: Array<{ set: string; pair: string; apgr: Record<string, number> }> = [];
  for (const [set, source, judge, weak, strong] of PAIRS) {
    if (options.set !== 'all' && options.set !== set) continue;
    const dataset = buildPairDataset(options.table(source), { weak, strong, judge });
    const rows = dataset.rows;
    const scoreFold = prepare(dataset);
    const apgr: Record<string, number> = {};
    for (const variant of options.variants) {
      let sum = 0;
      for (const seed of options.seeds) {
        const fold = assignFolds(rows.map((row) => row.text), options.folds, seed);
        const perFold: FoldMetrics[] = [];
        for (let current = 0; current < options.folds; current++) {
          const train = rows.map((_, index) => index).filter((index) => fold[index] !== current);
          const test = rows.map((_, index) => index).filter((index) => fold[index] === current);
          const scores = scoreFold(variant, train, test, seed);
          perFold.push(foldMetrics(routingCurve(test.map((index, position) => ({ score: scores[position] ?? 0, qWeak: rows[index]?.qWeak ?? 0, qStrong: rows[index]?.qStrong ?? 0 })))));
        }
        sum += summarizeFolds(perFold).apgr;
      }
      apgr[variant] = sum / options.seeds.length;
    }
    const pair = `${dataset.weak} → ${dataset.strong}`;
    results.push({ set, pair, apgr });
    if (!options.json) console.log(`${set.padEnd(7)} ${pair.padEnd(62)} ${options.variants.map((variant) => `${variant} ${(apgr[variant] ?? Number.NaN).toFixed(4)}`).join('  ')}`);
  }
  const means = Object.fromEntries(options.variants.map((variant) => [variant, results.reduce((sum, row) => sum + (row.apgr[variant] ?? 0), 0) / Math.max(1, results.length)]));
  if (options.json) console.log(JSON.stringify({ ...options.settings, seeds: options.seeds, results, means }, null, 2));
  else console.log(`mean over ${results.length} pairs: ${options.variants.map((variant) => `${variant} ${(means[variant] ?? Number.NaN).toFixed(4)}`).join('  ')}`);
}
