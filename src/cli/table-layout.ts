/**
 * Terminal tables that fit the terminal. The width is `COLUMNS` when set, else the terminal's columns, else 100
 * (output to a file or a pipe); `--wide` turns fitting off. A table wider than that folds, step by step, until it
 * fits: the columns its command names become numbered footnotes under the table (sources), parenthesised parts
 * go under the value they qualify (dates under scores), columns the command groups stack into one (lags by
 * method), then the widest columns wrap (at spaces, else after hyphens). When even that cannot fit, each row is
 * printed as a block of `column  value` lines, which fits any width.
 */
import Table from 'cli-table3';

export type Cell = string | number | null | undefined;

export interface TableOptions {
  /** Column heads whose cells become footnotes when the table is too wide (e.g. `Sources`). */
  footnote?: readonly string[];
  /** Columns that stack into one when the table is still too wide: each value on its own line, named. */
  stack?: ReadonlyArray<{ head: string; columns: readonly string[] }>;
  /** The width to fit; default: `tableWidth()`. */
  width?: number;
}

/** The narrowest a wrapped column gets (its longest word may still make it wider). */
const MIN_COLUMN = 8;
/** Padding and one border per column, plus the closing border. */
const COLUMN_CHROME = 3;
const DEFAULT_WIDTH = 100;

let wide = false;

/** `--wide`: every table at its full width. */
export function setWideTables(value: boolean): void {
  wide = value;
}

interface Stream {
  isTTY?: boolean;
  columns?: number;
}

/** The width the user's terminal shows: COLUMNS, else the terminal's columns; undefined for a file or a pipe. */
export function terminalWidth(stream: Stream = process.stdout, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS !== undefined && Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  if (stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  return undefined;
}

/** The width tables fit: Infinity with --wide, else COLUMNS, else the terminal's columns, else 100. */
export function tableWidth(stream: Stream = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  if (wide) return Number.POSITIVE_INFINITY;
  return terminalWidth(stream, env) ?? DEFAULT_WIDTH;
}

const textOf = (cell: Cell): string => (cell === null || cell === undefined ? '—' : String(cell));
const lineWidth = (line: string): number => [...line].length;
const cellWidth = (text: string): number => Math.max(0, ...text.split('\n').map(lineWidth));

function draw(head: readonly string[], rows: readonly string[][]): string {
  const table = new Table({ head: [...head], style: { head: [], border: [] } });
  for (const row of rows) table.push([...row]);
  return table.toString();
}

function naturalWidths(head: readonly string[], rows: readonly string[][]): number[] {
  return head.map((title, column) => Math.max(cellWidth(title), ...rows.map((row) => cellWidth(row[column] ?? ''))));
}

const totalWidth = (widths: readonly number[]): number => widths.reduce((sum, width) => sum + width + COLUMN_CHROME, 1);

/** Moves the named columns into numbered footnotes (one number per distinct text), marked on each row's first cell. */
function toFootnotes(head: readonly string[], rows: readonly string[][], names: readonly string[]): { head: string[]; rows: string[][]; notes: string[] } {
  const moved = head.flatMap((title, column) => (names.includes(title) ? [column] : []));
  if (moved.length === 0 || moved.length === head.length) return { head: [...head], rows: rows.map((row) => [...row]), notes: [] };
  const numbers = new Map<string, number>();
  const notes: string[] = [];
  const keep = (_: unknown, column: number) => !moved.includes(column);
  const folded = rows.map((row) => {
    const text = moved
      .map((column) => (row[column] ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '' && line !== '—').join(', '))
      .filter((part) => part !== '')
      .join('; ');
    const rest = row.filter(keep);
    if (text === '') return rest;
    let number = numbers.get(text);
    if (number === undefined) {
      number = numbers.size + 1;
      numbers.set(text, number);
      notes.push(`[${number}] ${text}`);
    }
    const [first = '', ...others] = rest;
    const [firstLine = '', ...moreLines] = first.split('\n');
    return [[`${firstLine} [${number}]`, ...moreLines].join('\n'), ...others];
  });
  const label = moved.map((column) => head[column]).join(', ');
  return { head: head.filter(keep), rows: folded, notes: notes.length === 0 ? [] : [`${label}:`, ...notes] };
}

/** Puts a parenthesised part on its own line under the value it qualifies: `88.6% (2025-11-13)` → two lines. */
const parentheticalsUnder = (text: string): string => text.replace(/ \(/g, '\n(');

/** Stacks each group of columns into one column whose lines name their source column. */
function stackColumns(head: readonly string[], rows: readonly string[][], groups: NonNullable<TableOptions['stack']>): { head: string[]; rows: string[][] } {
  let currentHead = [...head];
  let currentRows = rows.map((row) => [...row]);
  for (const group of groups) {
    const columns = group.columns.map((title) => currentHead.indexOf(title)).filter((column) => column !== -1);
    if (columns.length < 2) continue;
    const first = Math.min(...columns);
    const name = (column: number) => {
      const title = currentHead[column] ?? '';
      return title.toLowerCase().startsWith(group.head.toLowerCase()) ? title.slice(group.head.length).trim() : title;
    };
    const merged = (row: readonly string[]) => {
      const values = columns.map((column) => ({ label: name(column), value: (row[column] ?? '').replace(/\n/g, ' ') }));
      return values.every((entry) => entry.value === '') ? '' : values.map((entry) => `${entry.label} ${entry.value || '—'}`).join('\n');
    };
    const keep = (_: unknown, column: number) => !columns.includes(column) || column === first;
    currentRows = currentRows.map((row) => row.map((cell, column) => (column === first ? merged(row) : cell)).filter(keep));
    currentHead = currentHead.map((title, column) => (column === first ? group.head : title)).filter(keep);
  }
  return { head: currentHead, rows: currentRows };
}

/** Pieces a line may break into without losing a character: words, and words split after their hyphens. */
const pieces = (word: string): string[] => word.match(/[^-]*-+|[^-]+$/g) ?? [word];

/** Wraps one cell's text at `width` columns: at spaces, else after hyphens, else anywhere. */
function wrapCell(text: string, width: number): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    const push = (piece: string, joiner: string) => {
      if (line !== '' && lineWidth(line) + lineWidth(joiner) + lineWidth(piece) > width) {
        out.push(line);
        line = '';
        joiner = '';
      }
      let rest = line === '' ? piece : `${line}${joiner}${piece}`;
      while (lineWidth(rest) > width) {
        const characters = [...rest];
        out.push(characters.slice(0, width).join(''));
        rest = characters.slice(width).join('');
      }
      line = rest;
    };
    for (const word of paragraph.split(' ')) {
      const parts = lineWidth(word) > width ? pieces(word) : [word];
      parts.forEach((part, index) => push(part, index === 0 ? ' ' : ''));
    }
    out.push(line);
  }
  return out.join('\n');
}

/** The narrowest a column can be without breaking inside a hyphen-free piece of a word. */
function floorWidth(texts: readonly string[], natural: number): number {
  const longest = Math.max(0, ...texts.flatMap((text) => text.split(/\s+/).flatMap(pieces)).map(lineWidth));
  return Math.min(natural, Math.max(MIN_COLUMN, longest));
}

/** Shrinks the widest columns, one character at a time, until the table fits or every column is at its floor. */
function shrink(widths: readonly number[], floors: readonly number[], width: number): number[] {
  const result = [...widths];
  while (totalWidth(result) > width) {
    let widest = -1;
    for (let column = 0; column < result.length; column++) {
      if ((result[column] ?? 0) > (floors[column] ?? 0) && (widest === -1 || (result[column] ?? 0) > (result[widest] ?? 0))) widest = column;
    }
    if (widest === -1) break;
    result[widest] = (result[widest] ?? 0) - 1;
  }
  return result;
}

/** Each row as a block: its first cell as a title, then one `column  value` line per other cell. */
function records(head: readonly string[], rows: readonly string[][], width: number): string {
  const labelWidth = Math.max(...head.slice(1).map(lineWidth));
  const valueWidth = Math.max(MIN_COLUMN, width - labelWidth - 4);
  return rows
    .map((row) => {
      const lines = [wrapCell((row[0] ?? '').replace(/\n/g, ' '), width)];
      head.slice(1).forEach((title, index) => {
        const value = row[index + 1] ?? '';
        if (value === '') return;
        const [first = '', ...more] = wrapCell(value.replace(/\n/g, ', '), valueWidth).split('\n');
        lines.push(`  ${title.padEnd(labelWidth)}  ${first}`, ...more.map((line) => `  ${' '.repeat(labelWidth)}  ${line}`));
      });
      return lines.join('\n');
    })
    .join('\n\n');
}

/** A paragraph wrapped at `width` (default: `tableWidth()`), every line after the first indented by `hang` more. */
export function wrapParagraph(text: string, options: { indent?: string; hang?: string; width?: number } = {}): string {
  const width = options.width ?? tableWidth();
  const indent = options.indent ?? '';
  const hang = options.hang ?? '  ';
  if (!Number.isFinite(width) || lineWidth(indent) + lineWidth(text) <= width) return `${indent}${text}`;
  const inner = Math.max(MIN_COLUMN, width - lineWidth(indent) - lineWidth(hang));
  return wrapCell(text, inner)
    .split('\n')
    .map((line, index) => `${indent}${index === 0 ? '' : hang}${line}`)
    .join('\n');
}

/** Wraps footnote lines at the width (continuation lines indented). */
function wrapNote(note: string, width: number): string {
  if (!Number.isFinite(width) || lineWidth(note) <= width) return note;
  return wrapCell(note, width - 4).split('\n').map((line, index) => (index === 0 ? line : `    ${line}`)).join('\n');
}

/** The table as text, folded to fit `options.width` (default: `tableWidth()`). */
export function layoutTable(head: readonly string[], rows: ReadonlyArray<readonly Cell[]>, options: TableOptions = {}): string {
  const width = options.width ?? tableWidth();
  const cells = rows.map((row) => row.map(textOf));
  const fits = (title: readonly string[], body: readonly string[][]) => totalWidth(naturalWidths(title, body)) <= width;
  if (fits(head, cells)) return draw(head, cells);

  const footnoted = toFootnotes(head, cells, options.footnote ?? []);
  const notes = footnoted.notes.map((note) => wrapNote(note, width));
  const withNotes = (table: string) => (notes.length === 0 ? table : `${table}\n${notes.join('\n')}`);
  if (fits(footnoted.head, footnoted.rows)) return withNotes(draw(footnoted.head, footnoted.rows));

  const grouped = stackColumns(footnoted.head, footnoted.rows, options.stack ?? []);
  const stacked = { head: grouped.head, rows: grouped.rows.map((row) => row.map(parentheticalsUnder)) };
  const natural = naturalWidths(stacked.head, stacked.rows);
  if (totalWidth(natural) <= width) return withNotes(draw(stacked.head, stacked.rows));

  const floors = stacked.head.map((title, column) => floorWidth([title, ...stacked.rows.map((row) => row[column] ?? '')], natural[column] ?? 0));
  const widths = shrink(natural, floors, width);
  if (totalWidth(widths) > width) return withNotes(records(grouped.head, grouped.rows, width));
  const wrap = (row: readonly string[]) => row.map((cell, column) => wrapCell(cell, widths[column] ?? MIN_COLUMN));
  return withNotes(draw(wrap(stacked.head), stacked.rows.map(wrap)));
}
