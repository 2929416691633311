import { readFileSync } from 'node:fs';
import { DataError } from '../../errors.js';

/** Reads a whole text file, turning a missing/unreadable file into a DataError naming it. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'file not found' : 'cannot read file';
    throw new DataError(file, undefined, reason, { cause: error });
  }
}

/**
 * Parses a JSONL file into (line number, value) pairs, skipping blank lines. A line that is not JSON is a
 * DataError with its 1-based line number.
 */
export function readJsonLines(file: string): Array<{ row: number; value: unknown }> {
  const text = readTextFile(file);
  const out: Array<{ row: number; value: unknown }> = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]?.trim() ?? '';
    if (line === '') continue;
    try {
      out.push({ row: index + 1, value: JSON.parse(line) as unknown });
    } catch (error) {
      throw new DataError(file, index + 1, 'not valid JSON', { cause: error });
    }
  }
  if (out.length === 0) throw new DataError(file, undefined, 'the file has no rows');
  return out;
}
