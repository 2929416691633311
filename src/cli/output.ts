import type { ParityError } from '../errors.js';
import { type Cell, type TableOptions, layoutTable, wrapParagraph } from './table-layout.js';

/**
 * Exit codes of outcomes that are not errors, set by the command that reached them: an eval run whose suite
 * thresholds failed, one stopped by its --max-cost (as a budget error), one incomplete (too many calls errored:
 * no verdict), one interrupted.
 */
export const EXIT_CODES = { thresholdFailed: 1, budgetStopped: 7, incomplete: 8, interrupted: 130 } as const;
/** `parity data update`: a source asked for could not be updated (it kept its previous data; the others updated). */
export const EXIT_UPDATE_INCOMPLETE = 9;
/** `parity watch`: something crossed a line the user set (0: nothing new), for cron and CI. */
export const EXIT_WATCH_CROSSED = 10;

/**
 * Exit codes of errors: 2 usage, 3 config, 4 data, 5 not found, 6 provider, 7 budget, 70 internal (and, set by
 * their commands: 1 suite thresholds failed, 8 an eval run incomplete, 9 a data update left a source behind,
 * 10 a watch crossed a line, 130 interrupted).
 */
export function exitCodeFor(error: ParityError): number {
  switch (error.code) {
    case 'validation':
      return 2;
    case 'config':
      return 3;
    case 'data':
      return 4;
    case 'not-found':
      return 5;
    case 'provider':
    case 'timeout':
    case 'rate-limited':
    case 'auth':
      return 6;
    case 'budget-exceeded':
      return 7;
    case 'internal':
      return 70;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A terminal table (empty cells as —) that fits the terminal's width, folding as `table-layout.ts` says. */
export function renderTable(head: string[], rows: Array<Array<Cell>>, options: TableOptions = {}): string {
  return layoutTable(head, rows, options);
}

/** Writes a line of prose to stdout, wrapped at the tables' width (`indent` before every line). */
export function printLine(text: string, indent = ''): void {
  process.stdout.write(`${text.split('\n').map((line) => wrapParagraph(line, { indent })).join('\n')}\n`);
}

/** "1 error", "3 errors": a count with its noun (plural with an s). */
export function countOf(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value.toFixed(digits);
}
