/**
 * Berkeley Function-Calling Leaderboard: overall accuracy per model. Two sources: the history (bundled only,
 * every committed version of the leaderboard's data_overall.csv: 30 snapshots, v3 and v4) and the current
 * leaderboard as the site publishes it (https://gorilla.cs.berkeley.edu/data_overall.csv), which
 * `parity data update` fetches. Model names carry the mode — "GPT-4o-2024-08-06 (FC)" (native function
 * calling) or "(Prompt)" — which the name normalisation drops, so both modes count for the same model.
 * Organisation and licence are facts.
 */
import { DataError } from '../../errors.js';
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import { arenaFact, currentLeaderboardFacts, historySightings, type LeaderboardLabels } from './lmarena.js';

const HISTORY = 'bfcl/bfcl_overall_history.csv';
export const BFCL_CURRENT = 'bfcl/data_overall.csv';
const SOURCE = 'bfcl';
/** The bundled history's last snapshot, the date of the bundled current file. */
const LATEST = '2025-12-16';

type FirstSeen = Map<string, { date: string; labels: LeaderboardLabels }>;

function addResult(out: SourceOutput, firstSeen: FirstSeen, labels: LeaderboardLabels, model: string, score: number, date: string, sourceRow: string): void {
  const known = firstSeen.get(model);
  if (known === undefined || date < known.date) firstSeen.set(model, { date, labels });
  out.results.push({ source: SOURCE, modelName: model, benchmark: 'bfcl', score, date, fallbackDate: date, seenBy: date, sourceRow });
}

export function importBfclHistory(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const rows = context.folder.csv(HISTORY, ['snapshot_label', 'commit_date', 'overall_acc', 'model', 'organization', 'license']);
  const dated = rows.map((row) => {
    const date = row.date('snapshot_label') ?? row.requiredDate('commit_date');
    return { row, date };
  });
  const firstSnapshot = dated.reduce((min, { date }) => (date < min ? date : min), '9999-12-31');
  const firstSeen: FirstSeen = new Map();
  for (const { row, date } of dated) {
    const score = row.share('overall_acc', 'auto');
    if (score === null) continue;
    const labels = { organization: row.text('organization'), license: row.text('license') };
    addResult(out, firstSeen, labels, row.requiredText('model'), score, date, `snapshot ${row.text('snapshot_label') || date} (${row.text('commit')})`);
  }
  for (const [name, { date, labels }] of firstSeen) out.facts.push(arenaFact(context, SOURCE, labels, name, date, firstSnapshot));
  return out;
}

/** The current leaderboard file, as published (Rank, Overall Acc, Model, …, Organization, License). */
export function importBfcl(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const date = context.asOf ?? LATEST;
  const rows = context.folder.csv(BFCL_CURRENT, ['Overall Acc', 'Model', 'Organization', 'License']);
  if (rows.length === 0) throw new DataError(BFCL_CURRENT, undefined, 'the leaderboard has no rows');
  const firstSeen: FirstSeen = new Map();
  for (const row of rows) {
    const score = row.share('Overall Acc', 'auto');
    if (score === null) continue;
    const labels = { organization: row.text('Organization'), license: row.text('License') };
    addResult(out, firstSeen, labels, row.requiredText('Model'), score, date, `leaderboard ${date}`);
  }
  out.facts.push(...currentLeaderboardFacts(context, SOURCE, firstSeen, date, historySightings(context.earlier?.get('bfcl-history'))));
  return out;
}
