import { z } from 'zod';
import { DataError } from '../../errors.js';
import { parseReferenceNumber } from '../graders/numeric-extract.js';
import { mathPrompt } from './math-prompt.js';
import { readJsonl, resolveFile, rowGrader } from './read-files.js';
import { benchmarkWithGold } from './types.js';
import type { BenchmarkCase, BenchmarkLoader } from './types.js';

const rowSchema = z.object({ question: z.string().min(1), answer: z.string().min(1) });

/** GSM8K (Cobbe et al. 2021): grade-school math; the answer field's final value follows `####`. */
export const gsm8kLoader: BenchmarkLoader = {
  name: 'gsm8k',
  title: 'GSM8K',
  domains: ['math'],
  origin: 'openai/grade-school-math, grade_school_math/data/test.jsonl',
  licence: 'MIT',
  expects: 'test.jsonl (JSON Lines of {question, answer}) or a directory holding it',
  async load(target) {
    const file = await resolveFile(target, ['test.jsonl', 'test.jsonl.gz']);
    const rows = await readJsonl(file, rowSchema);
    const entries = rows.map(({ row, value }, index) => {
      const marker = value.answer.lastIndexOf('####');
      if (marker < 0) throw new DataError(file, row, 'answer has no "####" final value');
      const finalAnswer = value.answer.slice(marker + 4).trim();
      const reference = parseReferenceNumber(finalAnswer);
      if (reference === undefined) throw new DataError(file, row, `final answer ${JSON.stringify(finalAnswer)} is not a number`);
      const testCase: BenchmarkCase = {
        id: `gsm8k-${index}`,
        prompt: mathPrompt(value.question),
        vars: { question: value.question, solution: value.answer },
        expected: reference,
        grader: rowGrader({ type: 'numeric' }, file, row),
      };
      return { testCase, gold: finalAnswer };
    });
    return benchmarkWithGold('gsm8k', [file], entries);
  },
};
