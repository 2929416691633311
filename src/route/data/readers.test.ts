import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, NotFoundError, ValidationError } from '../../errors.js';
import { buildPairDataset, listModels } from './pair-dataset.js';
import { readJudgements } from './read-judgements.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-route-readers-'));
function file(name: string, text: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
}

const prompts = file('eval_set.jsonl', ['{"id": 0, "instruction": "Say hi"}', '{"id": 1, "instruction": "Write a sonnet"}', ''].join('\n'));
const header = 'model_dir,annotator,id,generator_1,generator_2,preference,len_output_1,len_output_2';

function alpaca(rows: string[]): ReturnType<typeof readJudgements> {
  return readJudgements({ format: 'alpaca-eval', judgements: file(`j-${rows.length}-${Math.random()}.csv`, [header, ...rows].join('\n')), prompts });
}

function caught(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('alpaca-eval reader', () => {
  it('turns preferences into qualities and gives the reference 0.5', () => {
    const table = alpaca(['m,ann,0,ref,m,1.25,100,40', 'm,ann,1,ref,m,0,200,80', 'n,ann,0,ref,n,2,100,10', 'n,ann,1,ref,n,,200,0']);
    const dataset = buildPairDataset(table, { weak: 'm', strong: 'ref' });
    expect(dataset.rows.map((row) => [row.promptId, row.qWeak, row.qStrong])).toEqual([
      ['0', 0.25, 0.5],
      ['1', 0.5, 0.5], // preference 0 is a draw
    ]);
    expect(dataset.rows[0]?.strong.outputTokens).toBe(25); // 100 characters / 4
    expect(dataset.rows[0]?.weak.outputTokens).toBe(10);
    expect(table.missing).toBe(1);
    expect([...dataset.peers.keys()]).toEqual(['n']);
    expect(listModels(table).map((model) => model.model)).toEqual(['m', 'n', 'ref']);
  });

  it('names file, row and reason for a bad preference, an unknown prompt, a duplicate, a missing column', () => {
    const bad = caught(() => alpaca(['m,ann,0,ref,m,1.5,1,1', 'm,ann,1,ref,m,3,1,1']));
    expect(bad.row).toBe(3);
    expect(bad.message).toMatch(/j-2-.*\.csv, row 3: preference must be 0 \(draw\) or a number from 1 to 2, got "3"/);
    expect(caught(() => alpaca(['m,ann,7,ref,m,1.5,1,1'])).message).toMatch(/row 2: prompt id "7" is not in/);
    expect(caught(() => alpaca(['m,ann,0,ref,m,1.5,1,1', 'm,ann,0,ref,m,1.2,1,1'])).message).toMatch(/row 3: second judgement of m on prompt 0 by ann \(first on row 2\)/);
    expect(caught(() => alpaca(['m,ann,0,ref,m,1.5,-4,1'])).message).toMatch(/len_output_1 must be a non-negative number/);
    const noColumn = caught(() => readJudgements({ format: 'alpaca-eval', judgements: file('nocol.csv', 'annotator,id\nx,0\n'), prompts }));
    expect(noColumn.row).toBe(1);
    expect(noColumn.message).toMatch(/missing column\(s\) generator_1, generator_2, preference/);
    const ragged = caught(() => readJudgements({ format: 'alpaca-eval', judgements: file('ragged.csv', `${header}\nm,ann,0\n`), prompts }));
    expect(ragged.message).toMatch(/not a valid CSV/);
  });

  it('rejects a malformed prompts file with its line', () => {
    const badPrompts = file('bad-prompts.jsonl', '{"id": 0, "instruction": "x"}\n{"id": 1}\n');
    const error = caught(() => readJudgements({ format: 'alpaca-eval', judgements: file('ok.csv', `${header}\nm,ann,0,ref,m,1.5,1,1\n`), prompts: badPrompts }));
    expect(error.file).toBe(badPrompts);
    expect(error.row).toBe(2);
  });

  it('resolves names with or without an org prefix and explains unknown ones', () => {
    const table = alpaca(['org/m,ann,0,ref,org/m,1.5,1,1']);
    expect(buildPairDataset(table, { weak: 'm', strong: 'ref' }).weak).toBe('org/m');
    expect(() => buildPairDataset(table, { weak: 'nope', strong: 'ref' })).toThrow(NotFoundError);
    expect(() => buildPairDataset(table, { weak: 'ref', strong: 'ref' })).toThrow(ValidationError);
    expect(() => buildPairDataset(table, { weak: 'm', strong: 'ref', judge: 'other' })).toThrow(/judge "other"/);
  });
});

describe('single-score reader', () => {
  const questions = file('question.jsonl', '{"question_id": "q1", "turns": ["What is 2+2?"]}\n{"question_id": "q2", "turns": ["Write code", "now in Rust"]}\n');
  const read = (rows: string[], answers?: string) =>
    readJudgements({ format: 'single-score', judgements: file(`s-${Math.random()}.csv`, ['question_id,model,score', ...rows].join('\n')), prompts: questions, ...(answers ? { answers } : {}) });

  it('maps 1..10 to 0..1, treats empty and −1 as missing, reads answer lengths', async () => {
    const answers = path.join(dir, 'model_answer');
    await mkdir(answers, { recursive: true });
    writeFileSync(path.join(answers, 'weak.jsonl'), '{"question_id": "q1", "choices": [{"turns": ["four!"]}]}\n');
    const table = read(['q1,org/weak,10', 'q1,strong,1', 'q2,org/weak,', 'q2,strong,-1'], answers);
    expect(table.records.map((record) => [record.model, record.quality, record.outputChars])).toEqual([
      ['org/weak', 1, 5],
      ['strong', 0, undefined],
    ]);
    expect(table.missing).toBe(2);
    expect(table.prompts.get('q2')).toBe('Write code');
  });

  it('names file, row and reason for a score out of range and an unknown question', () => {
    expect(caught(() => read(['q1,a,7', 'q2,a,11'])).message).toMatch(/row 3: score must be a number from 1 to 10, got "11"/);
    expect(caught(() => read(['q9,a,7'])).message).toMatch(/row 2: question_id "q9" is not in/);
    expect(caught(() => read(['q1,a,seven'])).row).toBe(2);
  });
});

describe('parity-results reader', () => {
  const read = (lines: string[]) => readJudgements({ format: 'parity-results', judgements: file(`r-${Math.random()}.jsonl`, lines.join('\n')) });

  it('reads scores, pass and sizes; messages become the user text', () => {
    const table = read([
      JSON.stringify({ caseId: 'c1', prompt: [{ role: 'system', content: 'be nice' }, { role: 'user', content: 'hello' }], model: 'weak', score: 0.5, inputTokens: 10, outputTokens: 20 }),
      JSON.stringify({ caseId: 'c1', prompt: [{ role: 'system', content: 'be nice' }, { role: 'user', content: 'hello' }], model: 'strong', pass: true, costUsd: 0.01 }),
    ]);
    expect(table.prompts.get('c1')).toBe('hello');
    const dataset = buildPairDataset(table, { weak: 'weak', strong: 'strong' });
    expect(dataset.rows[0]).toMatchObject({ qWeak: 0.5, qStrong: 1, weak: { inputTokens: 10, outputTokens: 20 }, strong: { costUsd: 0.01 } });
  });

  it('names the line and reason for bad JSON, a missing score, a score out of range, a changed prompt', () => {
    expect(caught(() => read(['{"caseId": "c1", "prompt": "x", "model": "m", "score": 1}', '{oops'])).message).toMatch(/row 2: not valid JSON/);
    expect(caught(() => read(['{"caseId": "c1", "prompt": "x", "model": "m"}'])).message).toMatch(/row 1: needs score \(0\.\.1\) or pass/);
    expect(caught(() => read(['{"caseId": "c1", "prompt": "x", "model": "m", "score": 2}'])).message).toMatch(/row 1: score:/);
    expect(caught(() => read(['{"caseId": "c1", "prompt": "x", "model": "a", "score": 1}', '{"caseId": "c1", "prompt": "y", "model": "b", "score": 1}'])).message).toMatch(/row 2: case c1 has a different prompt/);
  });

  it('reports a missing file as a DataError naming it', () => {
    const error = caught(() => readJudgements({ format: 'parity-results', judgements: path.join(dir, 'absent.jsonl') }));
    expect(error.message).toMatch(/absent\.jsonl: file not found/);
  });

  it('requires --prompts for the formats that need it', () => {
    expect(() => readJudgements({ format: 'single-score', judgements: 'x.csv' })).toThrow(ValidationError);
  });
});
