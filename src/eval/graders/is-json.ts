import { z } from 'zod';
import { parseJsonText } from './json-text.js';
import { verdict } from './types.js';
import type { Grader } from './types.js';

/** The whole output is valid JSON. */
export const isJsonConfigSchema = z.object({
  type: z.literal('is-json'),
  allowFence: z.boolean().default(true).describe('Accept one Markdown code fence around the JSON.'),
});
export type IsJsonConfig = z.output<typeof isJsonConfigSchema>;

export const gradeIsJson: Grader<IsJsonConfig> = async (input, config) => {
  const parsed = parseJsonText(input.text, config.allowFence);
  return parsed.ok ? verdict(true, 'output is valid JSON') : verdict(false, `output is not valid JSON: ${parsed.error}`);
};
