import { z } from 'zod';
import { readJsonl, resolveFile, rowGrader } from './read-files.js';
import { benchmarkWithGold } from './types.js';
import type { BenchmarkCase, BenchmarkLoader } from './types.js';

const rowSchema = z.object({
  task_id: z.string().min(1),
  prompt: z.string().min(1),
  canonical_solution: z.string(),
  test: z.string().min(1),
  entry_point: z.string().regex(/^[A-Za-z_]\w*$/, 'must be a Python identifier'),
});

/** The top-level import lines of a prompt, kept in front of answers that restate the whole function. */
function importLines(prompt: string): string {
  return prompt
    .split('\n')
    .filter((line) => /^(?:import|from)\s+\S/.test(line))
    .join('\n');
}

export function humanevalPrompt(codePrompt: string): string {
  return `Complete the following Python function. Reply with the complete function, signature included, in a \`\`\`python code block.\n\n\`\`\`python\n${codePrompt}\`\`\``;
}

/**
 * HumanEval (Chen et al. 2021): 164 Python functions with docstrings and hidden tests. An answer passes when
 * `check(entry_point)` from the task's test runs cleanly. A body-only answer is appended to the prompt.
 */
export const humanevalLoader: BenchmarkLoader = {
  name: 'humaneval',
  title: 'HumanEval',
  domains: ['coding'],
  origin: 'openai/human-eval, data/HumanEval.jsonl.gz',
  licence: 'MIT',
  expects: 'HumanEval.jsonl or HumanEval.jsonl.gz, or a directory holding one',
  async load(target) {
    const file = await resolveFile(target, ['HumanEval.jsonl', 'HumanEval.jsonl.gz']);
    const rows = await readJsonl(file, rowSchema);
    const entries = rows.map(({ row, value }) => {
      const grader = rowGrader(
        {
          type: 'code',
          language: 'python',
          preamble: importLines(value.prompt),
          prefix: value.prompt,
          entryPoint: value.entry_point,
          harness: `${value.test}\n\ncheck(${value.entry_point})\n`,
        },
        file,
        row,
      );
      const testCase: BenchmarkCase = {
        id: value.task_id,
        prompt: humanevalPrompt(value.prompt),
        vars: { task_id: value.task_id, code_prompt: value.prompt, entry_point: value.entry_point },
        expected: undefined,
        grader,
      };
      return { testCase, gold: value.prompt + value.canonical_solution };
    });
    return benchmarkWithGold('humaneval', [file], entries);
  },
};
