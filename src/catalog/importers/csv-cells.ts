/** Cell parsers shared by the dataset importers: blank cells become null, anything unparsable is an error. */
import { DataError } from '../../errors.js';

export type CsvRecord = Record<string, string | undefined>;

export function cell(record: CsvRecord, column: string): string | null {
  const value = record[column]?.trim();
  return value === undefined || value === '' ? null : value;
}

export function numberCell(record: CsvRecord, column: string, file: string, row: number): number | null {
  const value = cell(record, column);
  if (value === null) return null;
  const parsed = Number(value.replaceAll(',', ''));
  if (!Number.isFinite(parsed)) throw new DataError(file, row, `column "${column}": not a number: ${value}`);
  return parsed;
}

export function dateCell(record: CsvRecord, column: string, file: string, row: number): string | null {
  const value = cell(record, column);
  if (value === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new DataError(file, row, `column "${column}": not a date: ${value}`);
  return value;
}
