/**
 * Output lengths for single-score data, from FastChat-style answer files: a directory holding
 * `<model>.jsonl` (the part of the model name after any `org/`), one {question_id, choices: [{turns: [..]}]}
 * per line. Only the first turn's length is read (characters), since only first-turn scores are used.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DataError } from '../../errors.js';
import { readJsonLines } from './read-lines.js';

const answerRow = z.object({
  question_id: z.union([z.string().min(1), z.number().int()]),
  choices: z.array(z.object({ turns: z.array(z.string()).min(1) })).min(1),
});

/** Question id → first-turn output characters, or undefined when the directory has no file for the model. */
export function readAnswerLengths(directory: string, model: string): Map<string, number> | undefined {
  const file = path.join(directory, `${model.slice(model.lastIndexOf('/') + 1)}.jsonl`);
  if (!existsSync(file)) return undefined;
  const lengths = new Map<string, number>();
  for (const { row, value } of readJsonLines(file)) {
    const parsed = answerRow.safeParse(value);
    if (!parsed.success) throw new DataError(file, row, 'expected {question_id, choices: [{turns: [...]}]}');
    lengths.set(String(parsed.data.question_id), parsed.data.choices[0]?.turns[0]?.length ?? 0);
  }
  return lengths;
}
