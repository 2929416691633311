import type { CaseResult } from '../runner/types.js';
import { ModelTally } from './model-tally.js';
import { PairCollector, type ComparisonPair } from './pair-collector.js';
import type { EvalSummary, ModelSummary, SummaryRow, TargetInfo } from './types.js';

export type { Comparison, Coverage, EvalSummary, ModelSummary, SummaryRow, TargetInfo } from './types.js';

export interface SummarizeOptions {
  compare?: ReadonlyArray<{ candidate: string; reference: string; margin?: number }>;
  /** Non-inferiority margin on the pass rate (default 0.05). */
  margin?: number;
  /** Seed of the paired bootstraps (default 1). */
  seed?: number;
}

/** A result in the summary's terms. */
export function summaryRowOf(result: CaseResult): SummaryRow {
  return {
    caseId: result.caseId,
    modelRef: result.modelRef,
    pass: result.pass,
    score: result.score,
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    cached: result.cached,
    failed: result.error !== null,
  };
}

function tallyModels(targets: readonly TargetInfo[]): { add: (row: SummaryRow) => void; models: () => ModelSummary[] } {
  const tallies = new Map(targets.map((target) => [target.ref, new ModelTally()]));
  return {
    add: (row) => tallies.get(row.modelRef)?.add(row),
    models: () => targets.map((target) => tallies.get(target.ref)!.summary(target)),
  };
}

/**
 * The pairs to compare: the suite's, else the best open model (by pass rate) against the best proprietary one.
 */
function comparisonPairs(targets: readonly TargetInfo[], models: readonly ModelSummary[], options: SummarizeOptions): ComparisonPair[] {
  const find = (name: string) => targets.find((target) => target.ref === name || target.label === name);
  const pairs = (options.compare ?? []).map((entry) => {
    const candidate = find(entry.candidate);
    const reference = find(entry.reference);
    if (!candidate || !reference) throw new RangeError(`compare names a model that is not in the run: ${!candidate ? entry.candidate : entry.reference}`);
    return { candidate, reference, margin: entry.margin ?? options.margin ?? 0.05 };
  });
  if (pairs.length > 0) return pairs;
  const best = (open: boolean) => models.filter((model) => model.openWeights === open).sort((x, y) => y.passRate - x.passRate)[0];
  const open = best(true);
  const closed = best(false);
  return open && closed ? [{ candidate: find(open.ref)!, reference: find(closed.ref)!, margin: options.margin ?? 0.05 }] : [];
}

/**
 * Summaries per model and paired comparisons of the results of a run, read by `rows()` (once, or twice when
 * models are compared) in the store's order: grouped by case. Only running sums, the latencies and, for each
 * comparison, one aggregate per case are held, so memory does not grow with the results' texts.
 */
export async function summarizeRows(
  targets: readonly TargetInfo[],
  rows: () => AsyncIterable<SummaryRow> | Iterable<SummaryRow>,
  options: SummarizeOptions = {},
): Promise<EvalSummary> {
  const tally = tallyModels(targets);
  for await (const row of rows()) tally.add(row);
  const models = tally.models();
  const pairs = comparisonPairs(targets, models, options);
  if (pairs.length === 0) return { models, comparisons: [] };
  const collector = new PairCollector(pairs);
  for await (const row of rows()) collector.add(row);
  return { models, comparisons: collector.comparisons(options.seed ?? 1) };
}

/** The same for results in memory, in any order. */
export function summarize(targets: readonly TargetInfo[], results: readonly CaseResult[], options: SummarizeOptions = {}): EvalSummary {
  const rows = results
    .map((result, index) => ({ result, index }))
    .sort((x, y) => (x.result.caseId < y.result.caseId ? -1 : x.result.caseId > y.result.caseId ? 1 : x.index - y.index))
    .map(({ result }) => summaryRowOf(result));
  const tally = tallyModels(targets);
  for (const row of rows) tally.add(row);
  const models = tally.models();
  const pairs = comparisonPairs(targets, models, options);
  if (pairs.length === 0) return { models, comparisons: [] };
  const collector = new PairCollector(pairs);
  for (const row of rows) collector.add(row);
  return { models, comparisons: collector.comparisons(options.seed ?? 1) };
}
