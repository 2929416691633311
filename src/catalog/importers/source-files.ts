/**
 * Reading the public source files of an import (CSV, JSON, YAML) with errors that name the file, the row and
 * the reason. `file` in every error is the path the importer asked for, relative to the source folder, e.g.
 * `lmarena/lmsys_arena_history.csv`; `row` is the 1-based data row (the header is not counted).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { DataError } from '../../errors.js';

export class SourceFolder {
  /**
   * `locations` maps a path the importers ask for (or a folder prefix ending in `/`) to where it lies under
   * `root` when the two differ: `npm run data:import` reads `litellm/model_prices_and_context_window.json`
   * where the shared data folder keeps it, `parity data update` reads it where it downloaded it.
   */
  constructor(
    readonly root: string,
    private readonly locations: ReadonlyMap<string, string> = new Map(),
  ) {}

  path(relative: string): string {
    const exact = this.locations.get(relative);
    if (exact !== undefined) return path.resolve(this.root, exact); // absolute: a copy the repository keeps
    for (const [from, to] of this.locations) {
      if (from.endsWith('/') && relative.startsWith(from)) return path.join(this.root, to, relative.slice(from.length));
    }
    return path.join(this.root, relative);
  }

  exists(relative: string): boolean {
    return existsSync(this.path(relative));
  }

  text(relative: string): string {
    const full = this.path(relative);
    if (!existsSync(full)) throw new DataError(relative, undefined, `source file not found under ${this.root}`);
    return readFileSync(full, 'utf8');
  }

  json(relative: string): unknown {
    const text = this.text(relative);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new DataError(relative, undefined, `invalid JSON: ${(error as Error).message}`, { cause: error });
    }
  }

  yaml(relative: string): unknown {
    const text = this.text(relative);
    try {
      return parseYaml(text) as unknown;
    } catch (error) {
      throw new DataError(relative, undefined, `invalid YAML: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Reads a CSV with a header row; `required` columns must be present. */
  csv(relative: string, required: readonly string[] = []): SourceRow[] {
    const text = this.text(relative);
    let records: Array<{ record: Record<string, string>; info: { records: number } }>;
    try {
      records = parse(text, { columns: true, bom: true, info: true, skip_empty_lines: true }) as typeof records;
    } catch (error) {
      const lines = (error as { lines?: number }).lines;
      throw new DataError(relative, lines === undefined ? undefined : Math.max(1, lines - 1), (error as Error).message, {
        cause: error,
      });
    }
    const header = records[0] ? Object.keys(records[0].record) : [];
    for (const column of required) {
      if (records.length > 0 && !header.includes(column)) {
        throw new DataError(relative, undefined, `missing column "${column}" (columns: ${header.join(', ')})`);
      }
    }
    return records.map(({ record, info }) => new SourceRow(relative, info.records, record));
  }
}

const PERCENT = /^(-?\d+(?:\.\d+)?)\s*%$/;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** One data row, with typed getters that fail with the file, row and column. */
export class SourceRow {
  constructor(
    readonly file: string,
    readonly row: number,
    readonly values: Record<string, string>,
  ) {}

  fail(reason: string): never {
    throw new DataError(this.file, this.row, reason);
  }

  /** Trimmed text; '' when the column is empty or absent. */
  text(column: string): string {
    return (this.values[column] ?? '').trim();
  }

  optionalText(column: string): string | null {
    const value = this.text(column);
    return value === '' ? null : value;
  }

  requiredText(column: string): string {
    const value = this.text(column);
    if (value === '') this.fail(`column "${column}" is empty`);
    return value;
  }

  /** A number; `null` for an empty cell or a marker such as N/A. Anything else malformed is an error. */
  number(column: string): number | null {
    const raw = this.text(column).replace(/^\$/, '').replace(/,/g, '');
    if (raw === '' || /^(n\/?a|nan|null|none|-|—)$/i.test(raw)) return null;
    if (!NUMBER.test(raw)) this.fail(`column "${column}": expected a number, got "${this.text(column)}"`);
    return Number(raw);
  }

  /**
   * A share in [0, 1] from "42%", "42.0" (percent when `scale` is 'percent') or "0.42" (`scale` 'share').
   * 'auto' reads a bare number above 1 as a percentage.
   */
  share(column: string, scale: 'percent' | 'share' | 'auto' = 'auto'): number | null {
    const raw = this.text(column);
    const percent = PERCENT.exec(raw.replace(/,/g, ''));
    let value: number | null;
    if (percent) value = Number(percent[1]) / 100;
    else {
      const plain = this.number(column);
      if (plain === null) return null;
      value = scale === 'percent' || (scale === 'auto' && plain > 1) ? plain / 100 : plain;
    }
    if (value < 0 || value > 1.0001) this.fail(`column "${column}": share out of [0, 1]: "${raw}"`);
    return Math.min(1, value);
  }

  requiredDate(column: string): string {
    const date = this.date(column);
    if (date === null) this.fail(`column "${column}" is empty`);
    return date;
  }

  /** A date: 2024-05-13, 2024/05/13, 13/5/2024 (day first), 2024-05 (→ the 1st), "17 November 2025 4:28pm". */
  date(column: string): string | null {
    const raw = this.text(column);
    if (raw === '') return null;
    const parsed = parseLooseDate(raw);
    if (parsed === null) this.fail(`column "${column}": expected a date, got "${raw}"`);
    return parsed;
  }
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const pad = (value: number): string => String(value).padStart(2, '0');

function validDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Parses the date spellings found in the sources; null when it is not a date. */
export function parseLooseDate(text: string): string | null {
  const raw = text.trim();
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/.exec(raw);
  if (match) return validDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  if (match) return validDate(Number(match[3]), Number(match[2]), Number(match[1]));
  match = /^(\d{4})[-/](\d{1,2})$/.exec(raw);
  if (match) return validDate(Number(match[1]), Number(match[2]), 1);
  match = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})/.exec(raw);
  if (match) {
    const month = MONTH_NAMES.indexOf((match[2] ?? '').toLowerCase()) + 1;
    return month === 0 ? null : validDate(Number(match[3]), month, Number(match[1]));
  }
  return null;
}

/** Narrows an unknown JSON value to an object, or fails naming the file and the path. */
export function asRecord(value: unknown, file: string, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataError(file, undefined, `${where}: expected an object`);
  }
  return value as Record<string, unknown>;
}
