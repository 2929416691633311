/**
 * Cases from a CSV (header row; `id`, `expected`, `description` columns are special, the rest are vars) or a
 * JSONL file, read a slice at a time: the file's bytes are kept (compact), the case objects are made as they
 * are iterated and dropped after, so a suite of 100,000 cases is never in memory as 100,000 objects.
 */
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { ConfigError, DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { caseSchema, type SuiteCase } from './schema.js';

/** CSV records parsed at once (one csv-parse call per slice of this many lines). */
const CSV_SLICE_RECORDS = 32;

const RESERVED_COLUMNS = new Set(['id', 'expected', 'description']);
const QUOTE = 0x22;
const NEWLINE = 0x0a;

export type CaseFileKind = 'csv' | 'jsonl';

/** The kind of a cases file by its extension; a ConfigError for any other. */
export function caseFileKind(file: string): CaseFileKind {
  if (file.endsWith('.jsonl') || file.endsWith('.ndjson')) return 'jsonl';
  if (file.endsWith('.csv')) return 'csv';
  throw new ConfigError(file, 'cases file must end in .csv, .jsonl or .ndjson');
}

export function readCaseFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
}

function rowToCase(row: Record<string, unknown>, file: string, rowNumber: number): SuiteCase {
  let candidate: unknown = row;
  if (!('vars' in row && typeof row.vars === 'object')) {
    const vars: Record<string, unknown> = {};
    for (const key in row) if (!RESERVED_COLUMNS.has(key)) vars[key] = row[key];
    candidate = { id: row.id === undefined ? undefined : String(row.id), expected: row.expected, description: row.description, vars };
  }
  return parseOrThrow(caseSchema, candidate, (issue) => new DataError(file, rowNumber, issue.text));
}

/**
 * Slices of whole CSV records: a newline ends a record when it is outside quotes, i.e. after an even number
 * of quote characters (an escaped quote is two), as in every CSV csv-parse reads with its default quoting.
 * The first slice is the header record alone. `line` is the 1-based line the slice starts on.
 */
function* csvSlices(bytes: Buffer): Generator<{ slice: Buffer; line: number }> {
  let start = 0;
  let line = 1;
  let startLine = 1;
  let records = 0;
  let limit = 1;
  let quoted = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) quoted = !quoted;
    else if (byte === NEWLINE) {
      line++;
      if (quoted || ++records < limit) continue;
      yield { slice: bytes.subarray(start, index + 1), line: startLine };
      start = index + 1;
      startLine = line;
      records = 0;
      limit = CSV_SLICE_RECORDS;
    }
  }
  if (start < bytes.length) yield { slice: bytes.subarray(start), line: startLine };
}

function csvError(file: string, error: unknown, line: number): DataError {
  const within = (error as { lines?: number }).lines;
  return new DataError(file, within === undefined ? undefined : line + within - 1, `malformed CSV (${(error as Error).message})`);
}

function* csvRows(file: string, bytes: Buffer): Generator<Record<string, string>> {
  let columns: string[] | undefined;
  for (const { slice, line } of csvSlices(bytes)) {
    let records: unknown[];
    try {
      records = columns === undefined ? parseCsv(slice, { bom: true, skip_empty_lines: true }) : parseCsv(slice, { columns, skip_empty_lines: true });
    } catch (error) {
      throw csvError(file, error, line);
    }
    if (columns === undefined) {
      const header = records[0] as string[] | undefined;
      if (header === undefined) continue; // blank lines before the header
      columns = header;
      records = records.slice(1);
    }
    yield* records as Array<Record<string, string>>;
  }
}

function* jsonlRows(file: string, bytes: Buffer): Generator<{ row: Record<string, unknown>; line: number }> {
  const rowSchema = z.record(z.string(), z.unknown());
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    const text = bytes.toString('utf8', start, end).trim();
    start = end + 1;
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DataError(file, line, `not valid JSON (${(error as Error).message})`);
    }
    const row = rowSchema.safeParse(value);
    if (!row.success) throw new DataError(file, line, 'expected a JSON object per line');
    yield { row: row.data, line };
  }
}

/** The cases of a file's bytes, validated one by one as they are read; errors name the file and the row. */
export function* caseFileRows(file: string, bytes: Buffer, kind: CaseFileKind = caseFileKind(file)): Generator<SuiteCase> {
  if (kind === 'jsonl') {
    for (const { row, line } of jsonlRows(file, bytes)) yield rowToCase(row, file, line);
    return;
  }
  let rowNumber = 2; // the row after the header, as a spreadsheet numbers it
  for (const row of csvRows(file, bytes)) yield rowToCase(row, file, rowNumber++);
}
