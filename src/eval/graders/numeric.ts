import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { extractNumericAnswer, parseReferenceNumber } from './numeric-extract.js';
import { verdict } from './types.js';
import type { Grader } from './types.js';

/** The model's final number equals the reference (GSM8K / MGSM answer extraction). */
export const numericConfigSchema = z.object({
  type: z.literal('numeric'),
  reference: z.union([z.number(), z.string()]).optional().describe('The reference answer; defaults to the case\'s expected value.'),
  markers: z
    .array(z.string().min(1))
    .default(['The answer is', '####'])
    .describe('Answer markers; the first number after the last marker is the answer, else the last number.'),
  tolerance: z.number().nonnegative().default(1e-6).describe('Largest absolute difference that still counts as equal.'),
});
export type NumericConfig = z.output<typeof numericConfigSchema>;

export const gradeNumeric: Grader<NumericConfig> = async (input, config) => {
  const rawReference = config.reference ?? input.expected;
  const reference = parseReferenceNumber(rawReference);
  if (reference === undefined) {
    throw new ConfigError('grader numeric', `reference ${JSON.stringify(rawReference)} is not a single number`);
  }
  const answer = extractNumericAnswer(input.text, config.markers);
  if (answer === undefined) return verdict(false, 'no number in the output', { reference });
  const pass = Math.abs(answer.value - reference) <= config.tolerance;
  const reason = `answer ${answer.value} (${answer.via}) ${pass ? '=' : '≠'} reference ${reference}`;
  return verdict(pass, reason, { answer: answer.value, via: answer.via, reference });
};
