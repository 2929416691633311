/**
 * Berkeley Function-Calling Leaderboard: overall accuracy per model and snapshot (30 snapshots, v3 and v4).
 * Model names carry the mode — "GPT-4o-2024-08-06 (FC)" (native function calling) or "(Prompt)" — which the
 * name normalisation drops, so both modes count for the same model. Organisation and licence are facts.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import { arenaFact } from './lmarena.js';
import type { SourceRow } from './source-files.js';

const HISTORY = 'bfcl/bfcl_overall_history.csv';
const SOURCE = 'bfcl';

export function importBfcl(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const rows = context.folder.csv(HISTORY, ['snapshot_label', 'commit_date', 'overall_acc', 'model', 'organization', 'license']);
  const dated = rows.map((row) => {
    const date = row.date('snapshot_label') ?? row.requiredDate('commit_date');
    return { row, date };
  });
  const firstSnapshot = dated.reduce((min, { date }) => (date < min ? date : min), '9999-12-31');
  const firstSeen = new Map<string, { date: string; row: SourceRow }>();
  for (const { row, date } of dated) {
    const model = row.requiredText('model');
    const score = row.share('overall_acc', 'auto');
    if (score === null) continue;
    const known = firstSeen.get(model);
    if (known === undefined || date < known.date) firstSeen.set(model, { date, row });
    out.results.push({
      source: SOURCE,
      modelName: model,
      benchmark: 'bfcl',
      score,
      date,
      fallbackDate: date,
      seenBy: date,
      sourceRow: `snapshot ${row.text('snapshot_label') || date} (${row.text('commit')})`,
    });
  }
  for (const [name, { date, row }] of firstSeen) out.facts.push(arenaFact(context, SOURCE, row, name, date, firstSnapshot));
  return out;
}
