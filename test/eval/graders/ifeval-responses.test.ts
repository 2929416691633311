import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS, loadIfevalResponses } from '../../../src/eval/benchmarks/index.js';
import { gradeParsed } from '../../../src/eval/graders/index.js';
import type { InstructionOutcome } from '../../../src/eval/graders/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/eval/', import.meta.url));

/**
 * Six real GPT-4 responses shipped with IFEval. The expected verdicts were decided by reading each response
 * against the reference definitions: 1001 uses commas; 1005 has 33 bracketed placeholders (>= 12); 1075 is one
 * JSON object; 1477 is Persian; 2341 is "YES", upper case but too short to be identified as English (the
 * reference's langdetect names another language for it, so it is not followed); 2736 is all capitals and ends
 * with the phrase (compared ignoring case).
 */
const EXPECTED: Readonly<Record<string, boolean[]>> = {
  'ifeval-1001': [false],
  'ifeval-1005': [true],
  'ifeval-1075': [true],
  'ifeval-1477': [true],
  'ifeval-2341': [false],
  'ifeval-2736': [true, true],
};

describe('IFEval grader on shipped GPT-4 responses', () => {
  it('gives the verdicts a reader gives', async () => {
    const benchmark = await BENCHMARKS.ifeval.load(`${fixtures}ifeval-input-sample.jsonl`);
    const responses = await loadIfevalResponses(`${fixtures}ifeval-responses-sample.jsonl`);
    expect(responses.size).toBe(6);
    for (const testCase of benchmark.cases) {
      const response = responses.get(testCase.prompt);
      expect(response, testCase.id).toBeDefined();
      const result = await gradeParsed({ text: response ?? '', prompt: testCase.prompt }, testCase.grader);
      const outcomes = result.details?.instructions as InstructionOutcome[];
      expect(outcomes.map((outcome) => outcome.strict), testCase.id).toEqual(EXPECTED[testCase.id]);
      for (const outcome of outcomes) if (outcome.strict) expect(outcome.loose).toBe(true);
    }
  });
});
