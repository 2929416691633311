import { z } from 'zod';
import { DataError } from '../../errors.js';
import { parseRow, readJsonl, readText, resolveFile, rowGrader } from './read-files.js';
import { benchmarkWithGold } from './types.js';
import type { BenchmarkCase, BenchmarkLoader } from './types.js';

/** mbpp.jsonl: the full release (974 problems). */
const fullRowSchema = z.object({
  task_id: z.number().int(),
  text: z.string().min(1),
  code: z.string().min(1),
  test_setup_code: z.string().default(''),
  test_list: z.array(z.string().min(1)).min(1),
  challenge_test_list: z.array(z.string()).default([]),
});

/** sanitized-mbpp.json: the hand-verified subset (427 problems), a JSON array with slightly different fields. */
const sanitizedRowSchema = z.object({
  task_id: z.number().int(),
  prompt: z.string().min(1),
  code: z.string().min(1),
  test_imports: z.array(z.string()).default([]),
  test_list: z.array(z.string().min(1)).min(1),
});

interface MbppItem {
  row: number;
  taskId: number;
  text: string;
  code: string;
  setup: string;
  tests: readonly string[];
}

export function mbppPrompt(text: string, tests: readonly string[]): string {
  return `${text.trim()}\nYour code should pass these tests:\n\n${tests.join('\n')}\n\nReply with the Python code in a \`\`\`python code block.`;
}

async function readItems(file: string): Promise<MbppItem[]> {
  if (!file.endsWith('.json')) {
    const rows = await readJsonl(file, fullRowSchema);
    return rows.map(({ row, value }) => ({ row, taskId: value.task_id, text: value.text, code: value.code, setup: value.test_setup_code, tests: value.test_list }));
  }
  const text = await readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError(file, undefined, `not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!Array.isArray(json)) throw new DataError(file, undefined, 'expected a JSON array of problems');
  return json.map((item: unknown, index) => {
    const value = parseRow(sanitizedRowSchema, item, file, index + 1);
    return { row: index + 1, taskId: value.task_id, text: value.prompt, code: value.code, setup: value.test_imports.join('\n'), tests: value.test_list };
  });
}

/**
 * MBPP (Austin et al. 2021): crowd-sourced Python problems with three asserts each (`test_list`); setup code
 * runs between the answer and the asserts. Rows in the sanitized JSON are numbered by array index.
 */
export const mbppLoader: BenchmarkLoader = {
  name: 'mbpp',
  title: 'MBPP',
  domains: ['coding'],
  origin: 'google-research/google-research, mbpp/mbpp.jsonl (or sanitized-mbpp.json)',
  licence: 'CC BY 4.0 (dataset card); the repository is Apache-2.0',
  expects: 'mbpp.jsonl or sanitized-mbpp.json, or a directory holding mbpp.jsonl',
  async load(target) {
    const file = await resolveFile(target, ['mbpp.jsonl', 'sanitized-mbpp.json']);
    const items = await readItems(file);
    const entries = items.map((item) => {
      const harness = [item.setup, ...item.tests].filter((part) => part.trim() !== '').join('\n');
      const testCase: BenchmarkCase = {
        id: `mbpp-${item.taskId}`,
        prompt: mbppPrompt(item.text, item.tests),
        vars: { task_id: item.taskId, text: item.text, tests: item.tests.join('\n') },
        expected: undefined,
        grader: rowGrader({ type: 'code', language: 'python', harness }, file, item.row),
      };
      return { testCase, gold: item.code };
    });
    return benchmarkWithGold('mbpp', [file], entries);
  },
};
