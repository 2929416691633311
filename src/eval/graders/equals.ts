import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { expectedText, verdict } from './types.js';
import type { Grader } from './types.js';

/** The output equals a value (default: the case's `expected`). */
export const equalsConfigSchema = z.object({
  type: z.literal('equals'),
  value: z.string().optional().describe('The value to compare with; defaults to the case\'s expected value.'),
  ignoreCase: z.boolean().default(false),
  trim: z.boolean().default(true).describe('Trim surrounding whitespace from both sides before comparing.'),
});
export type EqualsConfig = z.output<typeof equalsConfigSchema>;

export const gradeEquals: Grader<EqualsConfig> = async (input, config) => {
  const wanted = config.value ?? expectedText(input.expected);
  if (wanted === undefined) throw new ConfigError('grader equals', 'no `value` and the case has no expected value');
  const normalise = (text: string): string => {
    const trimmed = config.trim ? text.trim() : text;
    return config.ignoreCase ? trimmed.toLowerCase() : trimmed;
  };
  const pass = normalise(input.text) === normalise(wanted);
  return verdict(pass, pass ? 'output equals the expected value' : `output differs from ${JSON.stringify(wanted)}`);
};
