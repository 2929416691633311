import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { verdict } from './types.js';
import type { Grader } from './types.js';

/** The call's latency is at most `maxMs`. */
export const latencyConfigSchema = z.object({
  type: z.literal('latency'),
  maxMs: z.number().positive(),
});
export type LatencyConfig = z.output<typeof latencyConfigSchema>;

export const gradeLatency: Grader<LatencyConfig> = async (input, config) => {
  if (input.latencyMs === undefined) throw new ValidationError('grader latency: the output has no recorded latency', 'latencyMs');
  const pass = input.latencyMs <= config.maxMs;
  return verdict(pass, `latency ${Math.round(input.latencyMs)} ms ${pass ? '<=' : '>'} ${config.maxMs} ms`, { latencyMs: input.latencyMs });
};
