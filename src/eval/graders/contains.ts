import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { expectedText } from './types.js';
import type { Grader } from './types.js';

/** The output contains any / all of some strings. */
export const containsConfigSchema = z.object({
  type: z.literal('contains'),
  value: z
    .union([z.string(), z.array(z.string()).min(1)])
    .optional()
    .describe('One string or a list; defaults to the case\'s expected value.'),
  mode: z.enum(['any', 'all']).default('any'),
  ignoreCase: z.boolean().default(false),
});
export type ContainsConfig = z.output<typeof containsConfigSchema>;

export const gradeContains: Grader<ContainsConfig> = async (input, config) => {
  const fallback = expectedText(input.expected);
  const needles = config.value === undefined ? (fallback === undefined ? [] : [fallback]) : [config.value].flat();
  if (needles.length === 0) throw new ConfigError('grader contains', 'no `value` and the case has no expected value');
  const fold = (text: string): string => (config.ignoreCase ? text.toLowerCase() : text);
  const haystack = fold(input.text);
  const found = needles.filter((needle) => haystack.includes(fold(needle)));
  const missing = needles.filter((needle) => !found.includes(needle));
  const pass = config.mode === 'all' ? missing.length === 0 : found.length > 0;
  const score = config.mode === 'all' ? found.length / needles.length : pass ? 1 : 0;
  const reason = pass
    ? `found ${found.map((needle) => JSON.stringify(needle)).join(', ')}`
    : config.mode === 'all'
      ? `missing ${missing.map((needle) => JSON.stringify(needle)).join(', ')}`
      : `none of ${needles.map((needle) => JSON.stringify(needle)).join(', ')} found`;
  return { pass, score, reason, details: { found, missing } };
};
