/**
 * Epoch AI's own evaluation runs: scores_long.csv rows whose source is "Epoch evaluations" (the other rows
 * repeat the external tables, imported from there), then benchmarks_runs.csv (the Benchmarking Hub's runs table)
 * for the model versions and tasks scores_long does not have. scores_long also dates every model version it lists
 * (model release date). scores_long.csv is a file of Epoch's benchmark-stitching repository with no public URL
 * kept current: an update reads the repository's verbatim copy (data/curated/sources/) with the fresh runs table.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';

export const EPOCH_SCORES_LONG = 'epoch/scores_long.csv';
export const EPOCH_RUNS = 'epoch/benchmarks_runs.csv';
const SCORES = EPOCH_SCORES_LONG;
const RUNS = EPOCH_RUNS;
const SOURCE = 'epoch-evaluations';
const SNAPSHOT = '2025-12-03';

/** Epoch task name → taxonomy benchmark id. */
const TASKS: Record<string, string> = {
  'GPQA diamond': 'gpqa-diamond',
  'MATH level 5': 'math-level-5',
  'OTIS Mock AIME 2024-2025': 'otis-mock-aime',
  'FrontierMath-2025-02-28-Private': 'frontiermath',
  'FrontierMath-2025-02-28-Public': 'frontiermath-public',
  'FrontierMath-Tier-4-2025-07-01-Private': 'frontiermath-tier-4',
  'SWE-Bench verified': 'swe-bench-verified',
};

export function importEpochEvaluations(context: ImportContext, versionDates: ReadonlyMap<string, string>): SourceOutput {
  const out = emptyOutput();
  const seen = new Set<string>();
  const dated = new Set<string>();
  const scores = context.folder.exists(SCORES) ? context.folder.csv(SCORES, ['benchmark', 'performance', 'model', 'date', 'source']) : [];
  for (const row of scores) {
    const model = row.requiredText('model');
    const date = row.date('date');
    if (date !== null && !dated.has(model)) {
      dated.add(model);
      out.facts.push({ source: SOURCE, name: model, releaseDate: date, create: false });
    }
    if (row.text('source') !== 'Epoch evaluations') continue;
    const benchmark = TASKS[row.text('benchmark')];
    if (benchmark === undefined) continue;
    const score = row.share('performance', 'share');
    if (score === null) continue;
    seen.add(`${row.text('benchmark')}|${model}`);
    out.results.push({ source: SOURCE, modelName: model, benchmark, score, date, fallbackDate: context.asOf ?? SNAPSHOT, sourceRow: 'scores_long.csv' });
  }

  // benchmarks_runs: the latest successful run per (task, model version) not already in scores_long
  const latest = new Map<string, { model: string; task: string; score: number; started: string }>();
  for (const row of context.folder.csv(RUNS, ['task', 'model', 'Best score (across scorers)', 'started_at', 'Status'])) {
    if (row.text('Status') !== 'Success') continue;
    const task = row.requiredText('task');
    const model = row.requiredText('model');
    if (TASKS[task] === undefined || seen.has(`${task}|${model}`)) continue;
    const score = row.share('Best score (across scorers)', 'share');
    const started = row.date('started_at');
    if (score === null || started === null) continue;
    const key = `${task}|${model}`;
    const known = latest.get(key);
    if (known === undefined || started > known.started) latest.set(key, { model, task, score, started });
  }
  for (const run of latest.values()) {
    out.results.push({
      source: SOURCE,
      modelName: run.model,
      benchmark: TASKS[run.task] as string,
      score: run.score,
      date: versionDates.get(run.model) ?? null,
      fallbackDate: run.started,
      sourceRow: `benchmarks_runs.csv (run of ${run.started})`,
    });
  }
  return out;
}
