import { parse } from 'csv-parse/sync';
import { DataError } from '../../errors.js';
import { readTextFile } from './read-lines.js';

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Reads a CSV with a header row into records keyed by column name and checks that the required columns exist.
 * `row` is the file line the record ends on (the header is line 1), so errors point at the line to fix.
 */
export function readCsv(file: string, requiredColumns: readonly string[]): Array<{ row: number; value: Record<string, string> }> {
  const text = readTextFile(file);
  let rows: ParsedRecord[];
  try {
    rows = parse(text, { skipEmptyLines: true, bom: true, info: true }) as unknown as ParsedRecord[];
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : Number.NaN;
    const message = error instanceof Error ? error.message : String(error);
    throw new DataError(file, Number.isFinite(line) ? line : undefined, `not a valid CSV: ${message}`, { cause: error });
  }
  const header = rows[0]?.record;
  if (header === undefined) throw new DataError(file, undefined, 'the file is empty');
  const missing = requiredColumns.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new DataError(file, 1, `missing column(s) ${missing.join(', ')} (found: ${header.join(', ')})`);
  }
  const out: Array<{ row: number; value: Record<string, string> }> = [];
  for (let index = 1; index < rows.length; index++) {
    const parsed = rows[index];
    if (parsed === undefined) continue;
    const value: Record<string, string> = {};
    header.forEach((column, position) => {
      value[column] = parsed.record[position] ?? '';
    });
    out.push({ row: parsed.info.lines, value });
  }
  if (out.length === 0) throw new DataError(file, undefined, 'the file has a header but no rows');
  return out;
}
