import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../errors.js';
import { importSimpleEvals, parseSimpleEvalsTable, SIMPLE_EVALS_README } from './simple-evals.js';
import { SourceFolder } from './source-files.js';
import type { ImportContext } from './context.js';

const fixture = readFileSync(new URL('../../../test/fixtures/catalog/shared/simple-evals/README.md', import.meta.url), 'utf8');

describe('parseSimpleEvalsTable', () => {
  it('reads every model row of the README table, with its section and whether its lab reported it', () => {
    const rows = parseSimpleEvalsTable(fixture);
    expect(rows).toHaveLength(33);
    expect(rows[0]).toEqual({
      model: 'o3-high',
      section: 'o3',
      reported: false,
      scores: { MMLU: 93.3, GPQA: 83.4, MATH: 98.1, HumanEval: 88.4, MGSM: 92, DROP: 89.8, SimpleQA: 48.6 },
    });
    const llama = rows.find((row) => row.model === 'Llama 3.1 405b')!;
    expect(llama).toMatchObject({ section: 'Other Models (Reported)', reported: true, scores: { MGSM: 91.6, SimpleQA: null } });
    expect(rows.find((row) => row.model === 'o1')?.scores['HumanEval']).toBeNull(); // "-"
    expect(rows.find((row) => row.model === 'Grok 2')?.scores['MGSM']).toBeNull(); // "n/a"
  });

  it('fails naming the file and line when the table is missing, lacks MGSM or holds a non-number', () => {
    expect(() => parseSimpleEvalsTable('# nothing here\n')).toThrow(DataError);
    expect(() => parseSimpleEvalsTable('# nothing here\n')).toThrow(/simple-evals\/README\.md: no results table/);
    expect(() => parseSimpleEvalsTable(fixture.replace('MGSM[^5]', 'GSM'))).toThrow(/README\.md, row \d+: the results table has no MGSM column/);
    expect(() => parseSimpleEvalsTable(fixture.replace('|  92.3  |', '|  ninety  |'))).toThrow(/row \d+: o3, MGSM: expected a percentage or n\/a, got "ninety"/);
  });
});

describe('importSimpleEvals', () => {
  const context = (root: string): ImportContext => ({
    folder: new SourceFolder(root),
    labs: { forModelName: (name: string) => (/llama/i.test(name) ? 'meta' : /^(o\d|gpt)/i.test(name) ? 'openai' : null), forOrganization: () => null } as unknown as ImportContext['labs'],
    licenses: {} as ImportContext['licenses'],
  });

  it('gives MGSM as a share per row, the reasoning-effort variants under their model, dated by the model', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'parity-simple-evals-'));
    try {
      mkdirSync(path.join(root, 'simple-evals'));
      writeFileSync(path.join(root, SIMPLE_EVALS_README), fixture);
      const { results } = importSimpleEvals(context(root));
      // 33 rows, 2 without an MGSM score (Grok 2, Grok 2 mini)
      expect(results).toHaveLength(31);
      expect(results.every((row) => row.benchmark === 'mgsm' && row.source === 'simple-evals' && row.date === null)).toBe(true);
      expect(results.filter((row) => row.modelName === 'o3').map((row) => [row.score, row.sourceRow])).toEqual([
        [0.92, 'o3-high'],
        [0.923, 'o3'],
        [0.919, 'o3-low'],
      ]);
      expect(results.find((row) => row.modelName === 'Llama 3.1 70b')).toMatchObject({ score: 0.869, lab: 'meta', sourceRow: 'Llama 3.1 70b (reported by its lab)' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('has no rows when the shared data folder has no copy of the file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'parity-simple-evals-'));
    try {
      expect(importSimpleEvals(context(root)).results).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
