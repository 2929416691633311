/**
 * Arena-Hard-Auto v0.1: win rate against gpt-4-0314 on 500 hard prompts, judged by gpt-4-1106-preview, from the
 * official leaderboard of 2024-07-31 (the latest of the five July 2024 files), with its 95% interval.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';

export const ARENA_HARD_LEADERBOARD = 'arena-hard/arena_hard_leaderboard_20240731.csv';
const FILE = ARENA_HARD_LEADERBOARD;
const SOURCE = 'arena-hard';

export function importArenaHard(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  for (const row of context.folder.csv(FILE, ['model', 'score', 'rating_q025', 'rating_q975', 'date'])) {
    const score = row.share('score', 'percent');
    if (score === null) continue;
    const date = row.date('date') ?? '2024-07-31';
    out.results.push({
      source: SOURCE,
      modelName: row.requiredText('model'),
      benchmark: 'arena-hard',
      score,
      ciLow: row.share('rating_q025', 'percent'),
      ciHigh: row.share('rating_q975', 'percent'),
      date,
      fallbackDate: date,
      seenBy: date,
      sourceRow: 'arena_hard_leaderboard_20240731.csv',
    });
  }
  return out;
}
