import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, DataError, formatIssuePath } from '../../errors.js';
import { caseSchema, suiteSchema, type Suite, type SuiteCase } from './schema.js';

export interface LoadedSuite {
  suite: Suite;
  cases: Array<SuiteCase & { id: string }>;
  /** Directory of the suite file; relative paths in the suite resolve against it. */
  baseDir: string;
  file: string;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
}

/** Parses and validates a suite from YAML text; errors name the file, the field path and the line. */
export function parseSuite(text: string, file: string): Suite {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new ConfigError(file, `invalid YAML: ${first.message.split('\n')[0]}`);
  }
  const result = suiteSchema.safeParse(document.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const node = document.getIn(issue.path as Array<string | number>, true) as { range?: [number, number] } | undefined;
    const line = node?.range ? ` (line ${lineOf(text, node.range[0])})` : '';
    throw new ConfigError(file, `${formatIssuePath(issue.path)}${line}: ${issue.message}`);
  }
  return result.data;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const RESERVED_COLUMNS = new Set(['id', 'expected', 'description']);

function rowToCase(row: Record<string, unknown>, file: string, rowNumber: number): SuiteCase {
  const candidate =
    'vars' in row && typeof row.vars === 'object'
      ? row
      : {
          id: row.id === undefined ? undefined : String(row.id),
          expected: row.expected,
          description: row.description,
          vars: Object.fromEntries(Object.entries(row).filter(([key]) => !RESERVED_COLUMNS.has(key))),
        };
  const parsed = caseSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError(file, rowNumber, `${formatIssuePath(issue.path)}: ${issue.message}`);
  }
  return parsed.data;
}

/** Reads cases from a CSV (header row; `id`, `expected` columns are special, the rest are vars) or JSONL file. */
export function loadCaseFile(file: string): SuiteCase[] {
  const text = readText(file);
  if (file.endsWith('.jsonl') || file.endsWith('.ndjson')) {
    const cases: SuiteCase[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new DataError(file, i + 1, `not valid JSON (${(error as Error).message})`);
      }
      const row = z.record(z.string(), z.unknown()).safeParse(value);
      if (!row.success) throw new DataError(file, i + 1, 'expected a JSON object per line');
      cases.push(rowToCase(row.data, file, i + 1));
    }
    return cases;
  }
  if (file.endsWith('.csv')) {
    let rows: Array<Record<string, string>>;
    try {
      rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;
    } catch (error) {
      const lines = (error as { lines?: number }).lines;
      throw new DataError(file, lines, `malformed CSV (${(error as Error).message})`);
    }
    return rows.map((row, index) => rowToCase(row, file, index + 2));
  }
  throw new ConfigError(file, 'cases file must end in .csv, .jsonl or .ndjson');
}

/** Loads a suite file and its cases, giving every case a stable id (its own, else its 1-based position). */
export function loadSuite(file: string): LoadedSuite {
  const absolute = path.resolve(file);
  const suite = parseSuite(readText(absolute), file);
  const baseDir = path.dirname(absolute);
  const raw = Array.isArray(suite.cases) ? suite.cases : loadCaseFile(path.resolve(baseDir, suite.cases.file));
  const seen = new Set<string>();
  const cases = raw.map((testCase, index) => {
    const id = testCase.id ?? String(index + 1);
    if (seen.has(id)) throw new DataError(file, index + 1, `duplicate case id "${id}"`);
    seen.add(id);
    return { ...testCase, id };
  });
  return { suite, cases, baseDir, file: absolute };
}
