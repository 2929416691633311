/**
 * The hash that names a suite's work: its cases in order, then the suite itself, as canonical JSON. A resumed run
 * must match it, and `parity route train --run` checks it before trusting the prompts it rebuilds. Fed case by
 * case, so a large cases file is never one string.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../kernel/index.js';

export interface SuiteHash {
  addCase(testCase: unknown): void;
  /** The first 16 hex digits of sha256 of `{"cases":[…],"suite":…}`. */
  digest(suite: unknown): string;
}

export function createSuiteHash(): SuiteHash {
  const hash = createHash('sha256').update('{"cases":[');
  let first = true;
  return {
    addCase(testCase) {
      hash.update(first ? canonicalJson(testCase) : `,${canonicalJson(testCase)}`);
      first = false;
    },
    digest: (suite) => hash.update(`],"suite":${canonicalJson(suite)}}`).digest('hex').slice(0, 16),
  };
}
