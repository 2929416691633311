import { z } from 'zod';
import { DataError } from '../../errors.js';
import { readJsonl, resolveFile, rowGrader } from './read-files.js';
import { benchmarkWithGold } from './types.js';
import type { BenchmarkCase, BenchmarkLoader } from './types.js';

const rowSchema = z.object({
  key: z.number().int(),
  prompt: z.string().min(1),
  instruction_id_list: z.array(z.string().min(1)).min(1),
  kwargs: z.array(z.record(z.string(), z.unknown())),
});

/**
 * IFEval (Zhou et al. 2023): 541 prompts with 1–3 verifiable instructions each. The grader checks every
 * instruction strictly and loosely (see graders/ifeval.ts). There is no gold answer.
 */
export const ifevalLoader: BenchmarkLoader = {
  name: 'ifeval',
  title: 'IFEval',
  domains: ['instruction-following'],
  origin: 'google-research/google-research, instruction_following_eval/data/input_data.jsonl',
  licence: 'Apache-2.0',
  expects: 'input_data.jsonl, or a directory holding it',
  async load(target) {
    const file = await resolveFile(target, ['input_data.jsonl']);
    const rows = await readJsonl(file, rowSchema);
    const entries = rows.map(({ row, value }) => {
      if (value.kwargs.length !== value.instruction_id_list.length) {
        throw new DataError(file, row, `${value.instruction_id_list.length} instruction ids but ${value.kwargs.length} kwargs`);
      }
      const instructions = value.instruction_id_list.map((id, index) => ({ id, kwargs: value.kwargs[index] ?? {} }));
      const testCase: BenchmarkCase = {
        id: `ifeval-${value.key}`,
        prompt: value.prompt,
        vars: { key: value.key, instruction_ids: value.instruction_id_list.join(',') },
        expected: undefined,
        grader: rowGrader({ type: 'ifeval', instructions }, file, row),
      };
      return { testCase, gold: undefined };
    });
    return benchmarkWithGold('ifeval', [file], entries);
  },
};

const responseRowSchema = z.object({ prompt: z.string().min(1), response: z.string() });

/**
 * Reads an IFEval response file (`input_response_data_*.jsonl`: {prompt, response} per line) into a map from
 * prompt text to response, which is how IFEval joins responses to its inputs.
 */
export async function loadIfevalResponses(file: string): Promise<Map<string, string>> {
  const rows = await readJsonl(file, responseRowSchema);
  const responses = new Map<string, string>();
  for (const { row, value } of rows) {
    if (responses.has(value.prompt)) throw new DataError(file, row, 'the same prompt appears twice');
    responses.set(value.prompt, value.response);
  }
  return responses;
}
