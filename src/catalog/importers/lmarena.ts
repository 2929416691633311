/**
 * LMArena (Chatbot Arena): the text leaderboard at the last scraped snapshot of each month (2024-06 → 2025-07;
 * 88 snapshots in all, thinned for size — consecutive scrapes mostly repeat) plus the text and vision
 * leaderboards of 2025-08-06. Scores keep their 95% interval. Each model's organisation and
 * licence ("Proprietary" → closed weights) are facts; a model first seen after the first snapshot gets that
 * date as an approximate (upper-bound) release date.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import { dateInName } from '../resolver.js';
import type { ModelFact } from './model-facts.js';
import type { SourceRow } from './source-files.js';

const HISTORY = 'lmarena/lmsys_arena_history.csv';
const TEXT = 'lmarena/lmarena_text_2025-08-06.csv';
const VISION = 'lmarena/lmarena_vision_2025-08-06.csv';
const LATEST = '2025-08-06';
const SOURCE = 'lmarena';

/** "+3/-4" around a score → [score − 4, score + 3]. */
export function arenaInterval(text: string, score: number): { ciLow: number | null; ciHigh: number | null } {
  const match = /\+\s*(\d+(?:\.\d+)?)\s*\/\s*-\s*(\d+(?:\.\d+)?)/.exec(text);
  if (!match) return { ciLow: null, ciHigh: null };
  return { ciLow: score - Number(match[2]), ciHigh: score + Number(match[1]) };
}

export function arenaFact(
  context: ImportContext,
  source: string,
  row: SourceRow,
  name: string,
  firstSeen: string,
  firstSnapshot: string,
): ModelFact {
  const license = context.licenses.read(row.text('license'));
  const licenseText = row.text('license');
  // a version date in the name (claude-3-5-sonnet-20240620, mistral-small-2402) is the lab's own release date
  const named = dateInName(name);
  const seen = firstSeen > firstSnapshot ? firstSeen : null;
  const releaseDate = named !== null && (seen === null || named <= seen) ? named : seen;
  return {
    source,
    name,
    lab: context.labs.forOrganization(row.text('organization')) ?? context.labs.forModelName(name),
    openWeights: license.proprietary ? false : licenseText === '' || licenseText === '-' ? null : true,
    license: license.license,
    releaseDate,
    releaseDateApprox: releaseDate !== null && releaseDate === seen,
    listedBy: seen,
    // without a date, a model only this source knows could not be placed on a timeline
    create: releaseDate !== null,
  };
}

export function importLmarena(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const history = context.folder.csv(HISTORY, ['snapshot_date', 'model', '95_pct_ci', 'organization', 'license']);
  const firstSnapshot = history.reduce((min, row) => {
    const date = row.date('snapshot_date') ?? min;
    return date < min ? date : min;
  }, '9999-12-31');
  // every snapshot dates first appearances; scores are kept from the last snapshot of each month
  const lastOfMonth = new Map<string, string>();
  for (const row of history) {
    const date = row.requiredDate('snapshot_date');
    const month = date.slice(0, 7);
    if ((lastOfMonth.get(month) ?? '') < date) lastOfMonth.set(month, date);
  }
  const kept = new Set(lastOfMonth.values());
  const firstSeen = new Map<string, { date: string; row: SourceRow }>();
  const remember = (name: string, date: string, row: SourceRow): void => {
    const known = firstSeen.get(name);
    if (known === undefined || date < known.date) firstSeen.set(name, { date, row });
  };

  for (const row of history) {
    const date = row.requiredDate('snapshot_date');
    const model = row.requiredText('model');
    const score = row.number('arena_score') ?? row.number('arena_elo');
    if (score === null) continue;
    remember(model, date, row);
    if (!kept.has(date)) continue;
    out.results.push({
      source: SOURCE,
      modelName: model,
      benchmark: 'lmarena-text',
      score,
      ...arenaInterval(row.text('95_pct_ci'), score),
      date,
      fallbackDate: date,
      seenBy: date,
      sourceRow: `snapshot ${date}`,
    });
  }
  for (const [file, benchmark] of [[TEXT, 'lmarena-text'], [VISION, 'lmarena-vision']] as const) {
    for (const row of context.folder.csv(file, ['model', 'arena_score', '95_pct_ci', 'organization', 'license'])) {
      const model = row.requiredText('model');
      const score = row.number('arena_score');
      if (score === null) continue;
      remember(model, LATEST, row);
      out.results.push({
        source: SOURCE,
        modelName: model,
        benchmark,
        score,
        ...arenaInterval(row.text('95_pct_ci'), score),
        date: LATEST,
        fallbackDate: LATEST,
        seenBy: LATEST,
        sourceRow: `${benchmark === 'lmarena-text' ? 'text' : 'vision'} leaderboard ${LATEST}`,
      });
    }
  }
  for (const [name, { date, row }] of firstSeen) out.facts.push(arenaFact(context, SOURCE, row, name, date, firstSnapshot));
  return out;
}
