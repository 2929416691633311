import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import type { CaseList } from '../runner/ports.js';
import { caseFileKind, caseFileRows, readCaseFile } from './case-file.js';
import { suiteSchema, type Suite, type SuiteCase } from './schema.js';

export interface LoadedSuite {
  suite: Suite;
  /** Inline cases, or a cases file read afresh on each iteration. */
  cases: CaseList<SuiteCase & { id: string }>;
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
  return parseOrThrow(suiteSchema, document.toJS(), (issue) => {
    const node = document.getIn(issue.path as Array<string | number>, true) as { range?: [number, number] } | undefined;
    const line = node?.range ? ` (line ${lineOf(text, node.range[0])})` : '';
    return new ConfigError(file, `${issue.field}${line}: ${issue.message}`);
  });
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Reads cases from a CSV (header row; `id`, `expected` columns are special, the rest are vars) or JSONL file. */
export function loadCaseFile(file: string): SuiteCase[] {
  const kind = caseFileKind(file);
  return [...caseFileRows(file, readCaseFile(file), kind)];
}

/** Gives every case a stable id (its own, else its 1-based position); a duplicate is a DataError of `suiteFile`. */
function* withIds(cases: Iterable<SuiteCase>): Generator<SuiteCase & { id: string }> {
  let position = 0;
  for (const testCase of cases) {
    position++;
    testCase.id ??= String(position);
    yield testCase as SuiteCase & { id: string };
  }
}

/** Checks every case once (row errors, duplicate ids) and counts them. */
function checkCases(cases: Iterable<SuiteCase & { id: string }>, suiteFile: string): number {
  const seen = new Set<string>();
  for (const testCase of cases) {
    if (seen.has(testCase.id)) throw new DataError(suiteFile, seen.size + 1, `duplicate case id "${testCase.id}"`);
    seen.add(testCase.id);
  }
  return seen.size;
}

/**
 * A cases file as a `CaseList`: checked once here, then read afresh from its bytes on every iteration, each case
 * made as it is reached and dropped after (a 100,000-case suite is a few MB of file, not 100,000 objects).
 */
export function openCaseFile(file: string, suiteFile: string = file): CaseList<SuiteCase & { id: string }> {
  const kind = caseFileKind(file);
  const bytes = readCaseFile(file);
  const iterate = () => withIds(caseFileRows(file, bytes, kind));
  const length = checkCases(iterate(), suiteFile);
  return { length, [Symbol.iterator]: iterate };
}

/** Loads a suite file and its cases, giving every case a stable id (its own, else its 1-based position). */
export function loadSuite(file: string): LoadedSuite {
  const absolute = path.resolve(file);
  return withCases(parseSuite(readText(absolute), file), absolute);
}

/** A parsed suite with its cases: inline, or its cases file (resolved against the suite file's folder). */
export function withCases(suite: Suite, file: string): LoadedSuite {
  const absolute = path.resolve(file);
  const baseDir = path.dirname(absolute);
  let cases: CaseList<SuiteCase & { id: string }>;
  if (Array.isArray(suite.cases)) {
    cases = [...withIds(suite.cases)];
    checkCases(cases, file);
  } else {
    cases = openCaseFile(path.resolve(baseDir, suite.cases.file), file);
  }
  return { suite, cases, baseDir, file: absolute };
}
