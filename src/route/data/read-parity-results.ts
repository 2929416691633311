/**
 * `parity-results`: parity's own eval results, one JSON object per line.
 *
 *   {"caseId": "refund-17", "prompt": "…" | [{"role": "user", "content": "…"}], "model": "ollama/qwen2.5:7b",
 *    "score": 0.8, "pass": true, "inputTokens": 120, "outputTokens": 310, "costUsd": 0.0004, "judge": "rubric"}
 *
 * `score` (0..1) is the quality; when it is absent, `pass` gives 1 or 0. `pass`, when present, is also the verdict a
 * cascade's verifier is replayed against (`route eval --cascade`). Token counts and cost are optional and
 * used for cost figures when present. `judge` is optional (all rows share one judge when absent). Every row of
 * a case must carry the same prompt.
 */
import { z } from 'zod';
import { DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { chatMessageSchema } from '../../providers/index.js';
import { promptText } from '../prompt-text.js';
import type { QualityRecord, QualityTable } from './quality-table.js';
import { readJsonLines } from './read-lines.js';


export const parityResultRowSchema = z
  .object({
    caseId: z.union([z.string().min(1), z.number().int()]),
    prompt: z.union([z.string(), z.array(chatMessageSchema).min(1)]),
    model: z.string().min(1),
    score: z.number().min(0).max(1).optional(),
    pass: z.boolean().optional(),
    inputTokens: z.number().int().nonnegative().optional(),
    outputTokens: z.number().int().nonnegative().optional(),
    costUsd: z.number().nonnegative().optional(),
    judge: z.string().min(1).optional(),
  })
  .refine((row) => row.score !== undefined || row.pass !== undefined, { message: 'needs score (0..1) or pass' });
export type ParityResultRow = z.infer<typeof parityResultRowSchema>;

export function readParityResults(file: string): QualityTable {
  const prompts = new Map<string, string>();
  const records: QualityRecord[] = [];
  const seen = new Map<string, number>();
  for (const { row, value } of readJsonLines(file)) {
    const result = parseOrThrow(parityResultRowSchema, value, (issue) => new DataError(file, row, issue.path.length === 0 ? issue.message : issue.text)); // a row-wide rule names its own reason
    const id = String(result.caseId);
    const text = promptText(result.prompt);
    const known = prompts.get(id);
    if (known !== undefined && known !== text) throw new DataError(file, row, `case ${id} has a different prompt than on an earlier row`);
    prompts.set(id, text);
    const judge = result.judge ?? 'parity-results';
    const key = `${judge}\u0000${result.model}\u0000${id}`;
    const first = seen.get(key);
    if (first !== undefined) throw new DataError(file, row, `second result of ${result.model} on case ${id} (first on row ${first})`);
    seen.set(key, row);
    records.push({
      promptId: id,
      model: result.model,
      judge,
      quality: result.score ?? (result.pass ? 1 : 0),
      ...(result.inputTokens === undefined ? {} : { inputTokens: result.inputTokens }),
      ...(result.outputTokens === undefined ? {} : { outputTokens: result.outputTokens }),
      ...(result.costUsd === undefined ? {} : { costUsd: result.costUsd }),
      ...(result.pass === undefined ? {} : { passRate: result.pass ? 1 : 0 }),
    });
  }
  return { format: 'parity-results', file, prompts, records, missing: 0 };
}
