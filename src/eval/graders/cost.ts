import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { verdict } from './types.js';
import type { Grader } from './types.js';

/** The call's cost is at most `maxUsd`. */
export const costConfigSchema = z.object({
  type: z.literal('cost'),
  maxUsd: z.number().nonnegative(),
});
export type CostConfig = z.output<typeof costConfigSchema>;

export const gradeCost: Grader<CostConfig> = async (input, config) => {
  if (input.costUsd === undefined) throw new ValidationError('grader cost: the output has no recorded cost', 'costUsd');
  const pass = input.costUsd <= config.maxUsd;
  return verdict(pass, `cost $${input.costUsd.toPrecision(3)} ${pass ? '<=' : '>'} $${config.maxUsd}`, { costUsd: input.costUsd });
};
