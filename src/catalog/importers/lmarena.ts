/**
 * LMArena (Chatbot Arena). Two sources: the history (bundled only, derived from the git history of the scraped
 * leaderboard: the text leaderboard at the last snapshot of each month, 2024-06 → 2025-07; 88 snapshots in all,
 * thinned for size — consecutive scrapes mostly repeat) and the current text and vision leaderboards as the
 * public CSVs publish them (the ones of 2025-08-06 in the bundle; `parity data update` fetches the current ones).
 * Scores keep their 95% interval. Each model's organisation and licence ("Proprietary" → closed weights) are
 * facts; a model first seen after the history's first snapshot gets that date as an approximate (upper-bound)
 * release date.
 */
import { DataError } from '../../errors.js';
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import { dateInName } from '../resolver.js';
import type { ModelFact } from './model-facts.js';
import type { SourceRow } from './source-files.js';

const HISTORY = 'lmarena/lmsys_arena_history.csv';
export const LMARENA_TEXT = 'lmarena/lmarena_text.csv';
export const LMARENA_VISION = 'lmarena/lmarena_vision.csv';
const LATEST = '2025-08-06';
const SOURCE = 'lmarena';

/** "+3/-4" around a score → [score − 4, score + 3]. */
export function arenaInterval(text: string, score: number): { ciLow: number | null; ciHigh: number | null } {
  const match = /\+\s*(\d+(?:\.\d+)?)\s*\/\s*-\s*(\d+(?:\.\d+)?)/.exec(text);
  if (!match) return { ciLow: null, ciHigh: null };
  return { ciLow: score - Number(match[2]), ciHigh: score + Number(match[1]) };
}

/** The organisation and licence columns of a leaderboard row, as written. */
export interface LeaderboardLabels {
  organization: string;
  license: string;
}

export function arenaFact(
  context: ImportContext,
  source: string,
  labels: LeaderboardLabels,
  name: string,
  firstSeen: string,
  firstSnapshot: string,
): ModelFact {
  const license = context.licenses.read(labels.license);
  const licenseText = labels.license.trim();
  // a version date in the name (claude-3-5-sonnet-20240620, mistral-small-2402) is the lab's own release date
  const named = dateInName(name);
  const seen = firstSeen > firstSnapshot ? firstSeen : null;
  const releaseDate = named !== null && (seen === null || named <= seen) ? named : seen;
  return {
    source,
    name,
    lab: context.labs.forOrganization(labels.organization) ?? context.labs.forModelName(name),
    openWeights: license.proprietary ? false : licenseText === '' || licenseText === '-' ? null : true,
    license: license.license,
    releaseDate,
    releaseDateApprox: releaseDate !== null && releaseDate === seen,
    listedBy: seen,
    // without a date, a model only this source knows could not be placed on a timeline
    create: releaseDate !== null,
  };
}

type FirstSeen = Map<string, { date: string; labels: LeaderboardLabels }>;

/** Where a leaderboard's history saw each model first, and its first snapshot (from the history's output). */
export interface Sightings {
  firstSnapshot: string;
  firstSeen: ReadonlyMap<string, string>;
}

export function historySightings(history: SourceOutput | undefined): Sightings | null {
  if (history === undefined || history.results.length === 0) return null;
  let firstSnapshot = '9999-12-31';
  for (const result of history.results) if (result.seenBy && result.seenBy < firstSnapshot) firstSnapshot = result.seenBy;
  // the history's fact for a model is dated by its first sighting (listedBy), or by none at the first snapshot
  const firstSeen = new Map(history.facts.map((fact) => [fact.name, fact.listedBy ?? firstSnapshot]));
  return { firstSnapshot, firstSeen };
}

/**
 * Facts of the models a current leaderboard lists: a model its history already saw has its fact there; a new
 * one is first seen on `date` (an approximate release date, when the history started earlier). Without a
 * history, one leaderboard dates no first appearance: only a date in the name dates the model.
 */
export function currentLeaderboardFacts(context: ImportContext, source: string, seen: FirstSeen, date: string, history: Sightings | null): ModelFact[] {
  const facts: ModelFact[] = [];
  for (const [name, { labels }] of seen) {
    if (history?.firstSeen.has(name)) continue;
    facts.push(arenaFact(context, source, labels, name, date, history?.firstSnapshot ?? date));
  }
  return facts;
}

function remember(firstSeen: FirstSeen, name: string, date: string, row: SourceRow): void {
  const known = firstSeen.get(name);
  if (known === undefined || date < known.date) firstSeen.set(name, { date, labels: { organization: row.text('organization'), license: row.text('license') } });
}

/** The monthly text leaderboards of the history, and each model's first appearance in any of its snapshots. */
export function importLmarenaHistory(context: ImportContext): SourceOutput {
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
  const firstSeen: FirstSeen = new Map();
  for (const row of history) {
    const date = row.requiredDate('snapshot_date');
    const model = row.requiredText('model');
    const score = row.number('arena_score') ?? row.number('arena_elo');
    if (score === null) continue;
    remember(firstSeen, model, date, row);
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
  for (const [name, { date, labels }] of firstSeen) out.facts.push(arenaFact(context, SOURCE, labels, name, date, firstSnapshot));
  return out;
}

/** The current text and vision leaderboards, dated by the day they were published or fetched. */
export function importLmarena(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const date = context.asOf ?? LATEST;
  const firstSeen: FirstSeen = new Map();
  for (const [file, benchmark] of [[LMARENA_TEXT, 'lmarena-text'], [LMARENA_VISION, 'lmarena-vision']] as const) {
    const rows = context.folder.csv(file, ['model', 'arena_score', '95_pct_ci', 'organization', 'license']);
    if (rows.length === 0) throw new DataError(file, undefined, 'the leaderboard has no rows');
    for (const row of rows) {
      const model = row.requiredText('model');
      const score = row.number('arena_score');
      if (score === null) continue;
      remember(firstSeen, model, date, row);
      out.results.push({
        source: SOURCE,
        modelName: model,
        benchmark,
        score,
        ...arenaInterval(row.text('95_pct_ci'), score),
        date,
        fallbackDate: date,
        seenBy: date,
        sourceRow: `${benchmark === 'lmarena-text' ? 'text' : 'vision'} leaderboard ${date}`,
      });
    }
  }
  out.facts.push(...currentLeaderboardFacts(context, SOURCE, firstSeen, date, historySightings(context.earlier?.get('lmarena-history'))));
  return out;
}
