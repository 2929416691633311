/**
 * MT-Bench-style single-answer grading: one row per (question, model) with a judge's score from 1 to 10.
 * Quality = (score − 1) / 9. An empty score or −1 (FastChat's mark for an unparsable judgement) is a missing
 * judgement. When a `turn` column is present only first-turn scores are read, because the router decides on
 * the first user turn. A `judge` column, when present, names the judge; otherwise all rows share one judge.
 */
import { z } from 'zod';
import { DataError } from '../../errors.js';
import type { QualityRecord, QualityTable } from './quality-table.js';
import { readCsv } from './read-csv.js';
import { readJsonLines } from './read-lines.js';
import { readAnswerLengths } from './read-model-answers.js';

const questionRow = z.union([
  z.object({ question_id: z.union([z.string().min(1), z.number().int()]), turns: z.array(z.string()).min(1) }),
  z.object({ uid: z.union([z.string().min(1), z.number().int()]), prompt: z.string() }),
]);

/** Reads `question.jsonl`-shaped prompts: {question_id, turns[]} (first turn used) or {uid, prompt}. */
export function readQuestions(file: string): Map<string, string> {
  const prompts = new Map<string, string>();
  for (const { row, value } of readJsonLines(file)) {
    const parsed = questionRow.safeParse(value);
    if (!parsed.success) throw new DataError(file, row, 'expected {question_id, turns[]} or {uid, prompt}');
    const [id, text] = 'turns' in parsed.data ? [String(parsed.data.question_id), parsed.data.turns[0] ?? ''] : [String(parsed.data.uid), parsed.data.prompt];
    if (prompts.has(id)) throw new DataError(file, row, `duplicate question id ${id}`);
    prompts.set(id, text);
  }
  return prompts;
}

export const SINGLE_SCORE_MIN = 1;
export const SINGLE_SCORE_MAX = 10;

/** `answersDirectory`: optional FastChat `model_answer/` folder, for output lengths (and so costs). */
export function readSingleScore(judgementsFile: string, promptsFile: string, answersDirectory?: string): QualityTable {
  const prompts = readQuestions(promptsFile);
  const rows = readCsv(judgementsFile, ['question_id', 'model', 'score']);
  const records: QualityRecord[] = [];
  const seen = new Map<string, number>();
  let missing = 0;
  const lengths = new Map<string, Map<string, number> | undefined>();
  const outputChars = (model: string, id: string): number | undefined => {
    if (answersDirectory === undefined) return undefined;
    if (!lengths.has(model)) lengths.set(model, readAnswerLengths(answersDirectory, model));
    return lengths.get(model)?.get(id);
  };
  for (const { row, value } of rows) {
    const turn = (value.turn ?? '').trim();
    if (turn !== '' && turn !== '1') continue;
    const id = (value.question_id ?? '').trim();
    const model = (value.model ?? '').trim();
    const judge = (value.judge ?? '').trim() || 'single-score';
    if (model === '') throw new DataError(judgementsFile, row, 'model is empty');
    if (!prompts.has(id)) throw new DataError(judgementsFile, row, `question_id "${id}" is not in ${promptsFile}`);
    const raw = (value.score ?? '').trim();
    if (raw === '' || raw === '-1' || raw === '-1.0') {
      missing++;
      continue;
    }
    const score = Number(raw);
    if (!Number.isFinite(score) || score < SINGLE_SCORE_MIN || score > SINGLE_SCORE_MAX) {
      throw new DataError(judgementsFile, row, `score must be a number from ${SINGLE_SCORE_MIN} to ${SINGLE_SCORE_MAX}, got "${raw}"`);
    }
    const key = `${judge}\u0000${model}\u0000${id}`;
    const first = seen.get(key);
    if (first !== undefined) throw new DataError(judgementsFile, row, `second score of ${model} on question ${id} (first on row ${first})`);
    seen.set(key, row);
    const chars = outputChars(model, id);
    records.push({ promptId: id, model, judge, quality: (score - SINGLE_SCORE_MIN) / (SINGLE_SCORE_MAX - SINGLE_SCORE_MIN), ...(chars === undefined ? {} : { outputChars: chars }) });
  }
  return { format: 'single-score', file: judgementsFile, prompts, records, missing };
}
