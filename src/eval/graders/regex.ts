import { z } from 'zod';
import { verdict } from './types.js';
import type { Grader } from './types.js';

function isValidRegex(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/** The output matches a regular expression (JavaScript syntax). */
export const regexConfigSchema = z
  .object({
    type: z.literal('regex'),
    pattern: z.string().min(1),
    flags: z.string().regex(/^[dgimsuvy]*$/, 'only JavaScript RegExp flags').default(''),
    negate: z.boolean().default(false).describe('Pass when the output does NOT match.'),
  })
  .refine((config) => isValidRegex(config.pattern, config.flags), { message: 'invalid regular expression', path: ['pattern'] });
export type RegexConfig = z.output<typeof regexConfigSchema>;

export const gradeRegex: Grader<RegexConfig> = async (input, config) => {
  const matched = new RegExp(config.pattern, config.flags.replace('g', '')).exec(input.text);
  const pass = config.negate ? matched === null : matched !== null;
  const reason = matched === null ? `no match for /${config.pattern}/` : `matched ${JSON.stringify(matched[0])}`;
  return verdict(pass, reason, matched === null ? undefined : { match: matched[0] });
};
