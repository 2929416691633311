import type { CaseFigures } from '../records/case-result.js';
import type { EvalSummary, ModelSummary } from '../records/run-summary.js';
import { ModelTally, type TargetInfo } from './model-tally.js';
import { PairCollector, type ComparisonPair } from './pair-collector.js';

export type { TargetInfo } from './model-tally.js';

export interface SummarizeOptions {
  compare?: ReadonlyArray<{ candidate: string; reference: string; margin?: number; alpha?: number }>;
  /** Non-inferiority margin on the pass rate (default 0.05). */
  margin?: number;
  /** Seed of the paired bootstraps (default 1). */
  seed?: number;
  /** Repeats per case (default 1); above 1 each model's consistency is reported. */
  repeats?: number;
  /** The suite's judge, for the hints of judge errors. */
  judgeRef?: string;
  /** Where the run's provider settings come from, for the errors' hints: a suite (default) or `--benchmark`'s flags. */
  settings?: 'suite' | 'flags';
  /** Why the comparisons get no verdict (an incomplete run); absent for a run that finished. */
  withhold?: string;
}

function tallyModels(targets: readonly TargetInfo[], options: SummarizeOptions): { add: (row: CaseFigures) => void; models: () => ModelSummary[] } {
  const tallies = new Map(targets.map((target) => [target.ref, new ModelTally(target, { repeats: options.repeats ?? 1, judgeRef: options.judgeRef, ...(options.settings ? { settings: options.settings } : {}) })]));
  return {
    add: (row) => tallies.get(row.modelRef)?.add(row),
    models: () => targets.map((target) => tallies.get(target.ref)!.summary()),
  };
}

/** The pairs the suite names; none when it names none. */
function namedPairs(targets: readonly TargetInfo[], options: SummarizeOptions): ComparisonPair[] {
  const find = (name: string) => targets.find((target) => target.ref === name || target.label === name);
  return (options.compare ?? []).map((entry) => {
    const candidate = find(entry.candidate);
    const reference = find(entry.reference);
    if (!candidate || !reference) throw new RangeError(`compare names a model that is not in the run: ${!candidate ? entry.candidate : entry.reference}`);
    return { candidate, reference, margin: entry.margin ?? options.margin ?? 0.05, alpha: entry.alpha ?? 0.05 };
  });
}

/** Without named pairs: the best open model (by pass rate) against the best proprietary one, when both exist. */
function defaultPair(targets: readonly TargetInfo[], models: readonly ModelSummary[], options: SummarizeOptions): ComparisonPair[] {
  const find = (ref: string) => targets.find((target) => target.ref === ref)!;
  const best = (open: boolean) => models.filter((model) => model.openWeights === open).sort((x, y) => (y.passRate ?? -1) - (x.passRate ?? -1))[0];
  const open = best(true);
  const closed = best(false);
  return open && closed ? [{ candidate: find(open.ref), reference: find(closed.ref), margin: options.margin ?? 0.05, alpha: 0.05 }] : [];
}

/**
 * The passes a summary makes over a run's rows, in the store's order (grouped by case). The first tallies every
 * model and collects the pairs the suite names; only the default pair, which is chosen by pass rate, needs a
 * second pass. Only running sums, the latencies and, for each comparison, one aggregate per case are held, so
 * memory does not grow with the results' texts.
 */
class SummaryPasses {
  private readonly tally;
  private collector: PairCollector | undefined;
  private models: ModelSummary[] = [];

  constructor(
    private readonly targets: readonly TargetInfo[],
    private readonly options: SummarizeOptions,
  ) {
    this.tally = tallyModels(targets, options);
    const named = namedPairs(targets, options);
    this.collector = named.length > 0 ? new PairCollector(named) : undefined;
  }

  first(row: CaseFigures): void {
    this.tally.add(row);
    this.collector?.add(row);
  }

  /** After the first pass: the collector the rows must be read into once more, or undefined when none must. */
  secondPass(): PairCollector | undefined {
    this.models = this.tally.models();
    if (this.collector !== undefined) return undefined;
    const pairs = defaultPair(this.targets, this.models, this.options);
    this.collector = pairs.length > 0 ? new PairCollector(pairs) : undefined;
    return this.collector;
  }

  result(): EvalSummary {
    return { models: this.models, comparisons: this.collector?.comparisons(this.options.seed ?? 1, this.options.withhold) ?? [] };
  }
}

/** Summaries per model and paired comparisons of a run's results, read by `rows()` (a second time only for the default pair). */
export async function summarizeRows(
  targets: readonly TargetInfo[],
  rows: () => AsyncIterable<CaseFigures> | Iterable<CaseFigures>,
  options: SummarizeOptions = {},
): Promise<EvalSummary> {
  const passes = new SummaryPasses(targets, options);
  for await (const row of rows()) passes.first(row);
  const second = passes.secondPass();
  if (second !== undefined) for await (const row of rows()) second.add(row);
  return passes.result();
}

/** The same for results in memory, in any order (a result is read as its figures: the texts are not looked at). */
export function summarize(targets: readonly TargetInfo[], results: readonly CaseFigures[], options: SummarizeOptions = {}): EvalSummary {
  const rows = results
    .map((result, index) => ({ result, index }))
    .sort((x, y) =>
      x.result.caseId < y.result.caseId ? -1 : x.result.caseId > y.result.caseId ? 1 : x.result.modelRef < y.result.modelRef ? -1 : x.result.modelRef > y.result.modelRef ? 1 : x.result.repeat - y.result.repeat || x.index - y.index,
    )
    .map(({ result }) => result);
  const passes = new SummaryPasses(targets, options);
  for (const row of rows) passes.first(row);
  const second = passes.secondPass();
  if (second !== undefined) for (const row of rows) second.add(row);
  return passes.result();
}

