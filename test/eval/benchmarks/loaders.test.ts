import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, NotFoundError } from '../../../src/errors.js';
import { BENCHMARKS, BENCHMARK_NAMES } from '../../../src/eval/benchmarks/index.js';
import { gradeParsed } from '../../../src/eval/graders/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/eval/', import.meta.url));
const fixture = (name: string): string => path.join(fixtures, name);

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'parity-loaders-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function badFile(name: string, text: string): Promise<string> {
  const file = path.join(scratch, name);
  await writeFile(file, text, 'utf8');
  return file;
}

describe('benchmark registry', () => {
  it('has a loader for every benchmark name', () => {
    expect(Object.keys(BENCHMARKS).sort()).toEqual([...BENCHMARK_NAMES].sort());
    for (const name of BENCHMARK_NAMES) expect(BENCHMARKS[name].name).toBe(name);
  });
});

describe('GSM8K loader', () => {
  it('reads the final answer after #### (commas allowed) and grades its gold', async () => {
    const benchmark = await BENCHMARKS.gsm8k.load(fixture('gsm8k-sample.jsonl'));
    expect(benchmark.cases).toHaveLength(5);
    const first = benchmark.cases[0];
    expect(first).toMatchObject({ id: 'gsm8k-0', expected: 18, grader: { type: 'numeric' } });
    expect(first?.prompt).toContain('Janet');
    expect(first?.prompt).toContain('The answer is');
    expect(benchmark.cases[4]?.expected).toBe(2125);
    expect(benchmark.gold(benchmark.cases[4]!)).toBe('2,125');
    for (const testCase of benchmark.cases) {
      expect((await gradeParsed({ text: benchmark.gold(testCase) ?? '', expected: testCase.expected }, testCase.grader)).pass).toBe(true);
    }
  });

  it('names the file and line of a malformed row', async () => {
    const file = await badFile('gsm8k-bad.jsonl', '{"question": "q", "answer": "a\\n#### 3"}\n{"question": "q", "answer": "no marker"}\n');
    await expect(BENCHMARKS.gsm8k.load(file)).rejects.toMatchObject({ name: 'DataError', file, row: 2 });
    const notJson = await badFile('gsm8k-not-json.jsonl', '{"question": "q", "answer": "#### 3"}\n{oops\n');
    await expect(BENCHMARKS.gsm8k.load(notJson)).rejects.toBeInstanceOf(DataError);
  });

  it('throws NotFoundError for a missing path', async () => {
    await expect(BENCHMARKS.gsm8k.load(path.join(scratch, 'absent'))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('MGSM loader', () => {
  it('loads every mgsm_<language>.tsv in a directory and takes the language from the file name', async () => {
    const benchmark = await BENCHMARKS.mgsm.load(fixture('mgsm'));
    expect(benchmark.cases).toHaveLength(6);
    expect(new Set(benchmark.cases.map((testCase) => testCase.vars.language))).toEqual(new Set(['bn', 'de']));
    const german = benchmark.cases.find((testCase) => testCase.id === 'mgsm-de-0');
    expect(german?.prompt).toContain('Janets Enten');
    expect(german?.expected).toBe(18);
    for (const testCase of benchmark.cases) {
      expect((await gradeParsed({ text: benchmark.gold(testCase) ?? '', expected: testCase.expected }, testCase.grader)).pass).toBe(true);
    }
  });

  it('rejects a row without exactly two fields', async () => {
    const file = await badFile('mgsm_xx.tsv', 'question one\t3\nquestion two without answer\n');
    await expect(BENCHMARKS.mgsm.load(file)).rejects.toMatchObject({ name: 'DataError', row: 2 });
  });
});

describe('HumanEval loader', () => {
  it('builds code graders whose gold passes and whose bare prompt fails', async () => {
    const benchmark = await BENCHMARKS.humaneval.load(fixture('humaneval-sample.jsonl'));
    expect(benchmark.cases.map((testCase) => testCase.id)).toEqual(['HumanEval/0', 'HumanEval/2', 'HumanEval/53']);
    for (const testCase of benchmark.cases) {
      expect(testCase.grader.type).toBe('code');
      expect((await gradeParsed({ text: benchmark.gold(testCase) ?? '' }, testCase.grader)).pass, testCase.id).toBe(true);
      expect((await gradeParsed({ text: String(testCase.vars.code_prompt) }, testCase.grader)).pass, testCase.id).toBe(false);
    }
  });

  it('rejects a row whose entry point is not an identifier', async () => {
    const file = await badFile('HumanEval.jsonl', '{"task_id": "T/0", "prompt": "def f():\\n", "canonical_solution": "  pass", "test": "pass", "entry_point": "f()"}\n');
    await expect(BENCHMARKS.humaneval.load(file)).rejects.toMatchObject({ name: 'DataError', row: 1 });
  });
});

describe('MBPP loader', () => {
  it('runs setup code between the answer and the asserts', async () => {
    const benchmark = await BENCHMARKS.mbpp.load(fixture('mbpp-sample.jsonl'));
    expect(benchmark.cases.map((testCase) => testCase.id)).toEqual(['mbpp-2', 'mbpp-11', 'mbpp-367']);
    expect(benchmark.cases[0]?.prompt).toContain('Your code should pass these tests:');
    for (const testCase of benchmark.cases) {
      expect((await gradeParsed({ text: benchmark.gold(testCase) ?? '' }, testCase.grader)).pass, testCase.id).toBe(true);
    }
    const wrong = await gradeParsed({ text: 'def similar_elements(a, b):\n    return ()\n' }, benchmark.cases[0]!.grader);
    expect(wrong.pass).toBe(false);
  });
});

describe('IFEval loader', () => {
  it('turns instruction ids and kwargs into an ifeval grader, with no gold', async () => {
    const benchmark = await BENCHMARKS.ifeval.load(fixture('ifeval-input-sample.jsonl'));
    expect(benchmark.cases).toHaveLength(6);
    const testCase = benchmark.cases.find((candidate) => candidate.id === 'ifeval-2736');
    expect(testCase?.grader).toMatchObject({
      type: 'ifeval',
      mode: 'strict',
      instructions: [{ id: 'change_case:english_capital' }, { id: 'startend:end_checker', kwargs: { end_phrase: 'What would happen to human next?' } }],
    });
    expect(benchmark.gold(testCase!)).toBeUndefined();
  });

  it('rejects an unknown instruction id and mismatched kwargs', async () => {
    const unknown = await badFile('ifeval-unknown.jsonl', '{"key": 1, "prompt": "p", "instruction_id_list": ["made:up"], "kwargs": [{}]}\n');
    await expect(BENCHMARKS.ifeval.load(unknown)).rejects.toMatchObject({ name: 'DataError', row: 1 });
    const mismatched = await badFile('ifeval-mismatch.jsonl', '{"key": 1, "prompt": "p", "instruction_id_list": ["punctuation:no_comma"], "kwargs": []}\n');
    await expect(BENCHMARKS.ifeval.load(mismatched)).rejects.toMatchObject({ name: 'DataError', row: 1 });
  });
});
