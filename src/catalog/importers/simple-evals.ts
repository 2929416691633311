/**
 * OpenAI simple-evals: the "Benchmark Results" table of its README (MIT). parity takes the MGSM column —
 * grade-school math in ten languages, the one public multilingual result with open and closed models side by
 * side that an update can fetch: OpenAI's models as OpenAI measured them, and the figures other labs reported
 * (Claude 3 / 3.5, Llama 3.1 8B / 70B / 405B, Gemini 1.0 / 1.5), which the README marks "Other Models
 * (Reported)". The table carries no dates: each row is dated by its model's release date in the catalog, so
 * a row of a model the catalog does not know stays unmatched (`parity catalog doctor`).
 *
 * `parseSimpleEvalsTable` works on the README's raw text alone, so the same parser serves the bundled import
 * and `parity data update`.
 */
import { DataError } from '../../errors.js';
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';

export const SIMPLE_EVALS_README = 'simple-evals/README.md';
const SOURCE = 'simple-evals';
/** The table's newest models (o3, o4-mini, GPT-4.1) came out in April 2025: its rows are listed by then. */
const LISTED_BY = '2025-04-16';

export interface SimpleEvalsRow {
  /** The model as the table names it, footnote marks and link removed ("o3-high", "Claude 3.5 Sonnet"). */
  model: string;
  /** The table's section ("o3", "Other Models (Reported)"). */
  section: string;
  /** Reported by the model's lab rather than run with simple-evals. */
  reported: boolean;
  /** Scores by column title as the header writes it, footnote marks removed ("MGSM", "MMLU"); null for n/a. */
  scores: Record<string, number | null>;
}

function cells(line: string): string[] {
  const parts = line.trim().split('|').map((cell) => cell.trim());
  if (parts[0] === '') parts.shift();
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** "MGSM[^5]" → "MGSM"; "DROP[^5]<br>(F1, 3-shot)" → "DROP"; "[Llama 3.1 405b](https://…)" → "Llama 3.1 405b". */
function plain(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[\^\d+\]/g, '')
    .replace(/<br>.*$/i, '')
    .replace(/\*\*/g, '')
    .trim();
}

/**
 * The rows of the "Benchmark Results" table. Throws a DataError naming the line when the table is missing,
 * its header has no MGSM column, or a score is neither a number nor "n/a"/"-".
 */
export function parseSimpleEvalsTable(text: string, file = SIMPLE_EVALS_README): SimpleEvalsRow[] {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => /^\s*\|\s*Model\s*\|/i.test(line));
  if (headerIndex < 0) throw new DataError(file, undefined, 'no results table (a "| Model |" header line) found');
  const header = cells(lines[headerIndex] as string).map(plain);
  if (!header.includes('MGSM')) throw new DataError(file, headerIndex + 1, `the results table has no MGSM column (columns: ${header.join(', ')})`);
  const rows: SimpleEvalsRow[] = [];
  let section = '';
  for (let index = headerIndex + 1; index < lines.length; index++) {
    const line = lines[index] as string;
    if (!line.trim().startsWith('|')) break;
    const row = cells(line);
    if (row.every((cell) => /^:?-+:?$/.test(cell))) continue; // the alignment row
    const first = row[0] ?? '';
    // a section title: bold, with no scores after it
    if (/^\*\*.+\*\*$/.test(first) && row.slice(1).every((cell) => cell === '')) {
      section = plain(first);
      continue;
    }
    const model = plain(first);
    if (model === '') continue;
    const scores: Record<string, number | null> = {};
    header.forEach((column, position) => {
      if (position < 2) return; // Model, Prompt
      const raw = (row[position] ?? '').trim();
      if (raw === '' || /^(n\/a|-)$/i.test(raw)) {
        scores[column] = null;
        return;
      }
      const value = Number(raw.replace(/\[\^\d+\]/g, '').trim());
      if (!Number.isFinite(value) || value < 0 || value > 100) throw new DataError(file, index + 1, `${model}, ${column}: expected a percentage or n/a, got "${raw}"`);
      scores[column] = value;
    });
    rows.push({ model, section, reported: /reported/i.test(section), scores });
  }
  if (rows.length === 0) throw new DataError(file, headerIndex + 1, 'the results table has no rows');
  return rows;
}

/** "o3-high" and "o4-mini-low" are o3 and o4-mini at another reasoning effort: the same catalog model. */
function modelName(row: SimpleEvalsRow): string {
  return row.model.replace(/-(high|low)$/i, '');
}

export function importSimpleEvals(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  // the shared data collection of 2026-11-28 has no copy of this file: the bundled import then has no rows,
  // and `parity data update --source simple-evals` fetches it
  if (!context.folder.exists(SIMPLE_EVALS_README)) return out;
  const listedBy = context.asOf ?? LISTED_BY;
  for (const row of parseSimpleEvalsTable(context.folder.text(SIMPLE_EVALS_README))) {
    const score = row.scores['MGSM'];
    if (score === null || score === undefined) continue;
    const name = modelName(row);
    const lab = context.labs.forModelName(name);
    out.results.push({
      source: SOURCE,
      modelName: name,
      lab,
      benchmark: 'mgsm',
      score: Number((score / 100).toFixed(6)),
      date: null,
      fallbackDate: listedBy,
      seenBy: listedBy,
      sourceRow: `${row.model}${row.reported ? ' (reported by its lab)' : ''}`,
    });
  }
  return out;
}
