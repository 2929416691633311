import { z } from 'zod';
import { GraderError } from './grader-error.js';
import { verdict } from './types.js';
import type { Grader } from './types.js';

/** The call's cost is at most `maxUsd`. */
export const costConfigSchema = z.object({
  type: z.literal('cost'),
  maxUsd: z.number().nonnegative(),
});
export type CostConfig = z.output<typeof costConfigSchema>;

export const gradeCost: Grader<CostConfig> = async (input, config) => {
  if (input.costUsd === undefined) {
    throw new GraderError('cost', "the answer's cost is unknown: the model has no price (set price on the provider in the suite), or its provider reported no token counts");
  }
  const pass = input.costUsd <= config.maxUsd;
  return verdict(pass, `cost $${input.costUsd.toPrecision(3)} ${pass ? '<=' : '>'} $${config.maxUsd}`, { costUsd: input.costUsd });
};
