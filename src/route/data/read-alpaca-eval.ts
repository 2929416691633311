/**
 * AlpacaEval's compact judgements: one row per (annotator, prompt, evaluated model) with the judge's preference
 * of the evaluated model's output (generator_2) over the reference output (generator_1).
 *
 * Quality, on the issue's definition:
 * - the evaluated model: preference − 1, in [0, 1] (1 = reference better, 2 = evaluated model better,
 *   continuous for the weighted annotator; 0, which AlpacaEval uses for a draw, counts as 0.5);
 * - the reference itself: 0.5 on every prompt (a tie with itself).
 * The evaluated model is named by `model_dir` when that column is present (it is unique per results folder;
 * `generator_2` is not always), else by `generator_2`. Output lengths are characters.
 */
import { z } from 'zod';
import { DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import type { QualityRecord, QualityTable } from './quality-table.js';
import { readCsv } from './read-csv.js';
import { readJsonLines } from './read-lines.js';

const promptRow = z.object({
  id: z.union([z.number().int(), z.string().min(1)]),
  instruction: z.string(),
});

/** Reads `eval_set.jsonl`-shaped prompts: {id, instruction}. */
export function readAlpacaPrompts(file: string): Map<string, string> {
  const prompts = new Map<string, string>();
  for (const { row, value } of readJsonLines(file)) {
    const prompt = parseOrThrow(promptRow, value, (issue) => new DataError(file, row, `expected {id, instruction}: ${issue.text}`));
    const id = String(prompt.id);
    if (prompts.has(id)) throw new DataError(file, row, `duplicate prompt id ${id}`);
    prompts.set(id, prompt.instruction);
  }
  return prompts;
}

function parseLength(file: string, row: number, column: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new DataError(file, row, `${column} must be a non-negative number, got "${raw}"`);
  return value;
}

function parsePreference(file: string, row: number, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !(value === 0 || (value >= 1 && value <= 2))) {
    throw new DataError(file, row, `preference must be 0 (draw) or a number from 1 to 2, got "${raw}"`);
  }
  return value === 0 ? 0.5 : value - 1;
}

export function readAlpacaEval(judgementsFile: string, promptsFile: string): QualityTable {
  const prompts = readAlpacaPrompts(promptsFile);
  const rows = readCsv(judgementsFile, ['annotator', 'id', 'generator_1', 'generator_2', 'preference']);
  const records: QualityRecord[] = [];
  const seen = new Map<string, number>();
  const references = new Set<string>();
  let missing = 0;
  for (const { row, value } of rows) {
    const judge = value.annotator ?? '';
    const id = (value.id ?? '').trim();
    const reference = value.generator_1 ?? '';
    const model = value.model_dir !== undefined && value.model_dir !== '' ? value.model_dir : (value.generator_2 ?? '');
    if (judge === '') throw new DataError(judgementsFile, row, 'annotator is empty');
    if (reference === '' || model === '') throw new DataError(judgementsFile, row, 'generator_1 and the evaluated model must be named');
    if (!prompts.has(id)) throw new DataError(judgementsFile, row, `prompt id "${id}" is not in ${promptsFile}`);
    if ((value.preference ?? '').trim() === '') {
      missing++;
      continue;
    }
    const quality = parsePreference(judgementsFile, row, value.preference ?? '');
    const referenceChars = parseLength(judgementsFile, row, 'len_output_1', value.len_output_1);
    const modelChars = parseLength(judgementsFile, row, 'len_output_2', value.len_output_2);
    if (model === reference) continue; // the reference is fixed at 0.5 below, never judged against itself
    const key = `${judge}\u0000${model}\u0000${id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DataError(judgementsFile, row, `second judgement of ${model} on prompt ${id} by ${judge} (first on row ${first})`);
    }
    seen.set(key, row);
    records.push({ promptId: id, model, judge, quality, ...(modelChars === undefined ? {} : { outputChars: modelChars }) });
    const referenceKey = `${judge}\u0000${reference}\u0000${id}`;
    if (!references.has(referenceKey)) {
      references.add(referenceKey);
      records.push({
        promptId: id,
        model: reference,
        judge,
        quality: 0.5,
        ...(referenceChars === undefined ? {} : { outputChars: referenceChars }),
      });
    }
  }
  return { format: 'alpaca-eval', file: judgementsFile, prompts, records, missing };
}
