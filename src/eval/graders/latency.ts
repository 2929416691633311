import { z } from 'zod';
import { GraderError } from './grader-error.js';
import { verdict } from './types.js';
import type { Grader } from './types.js';

/** The call's latency is at most `maxMs`. */
export const latencyConfigSchema = z.object({
  type: z.literal('latency'),
  maxMs: z.number().positive(),
});
export type LatencyConfig = z.output<typeof latencyConfigSchema>;

export const gradeLatency: Grader<LatencyConfig> = async (input, config) => {
  if (input.latencyMs === undefined) throw new GraderError('latency', 'the answer has no measured latency (a replayed or recorded answer)');
  const pass = input.latencyMs <= config.maxMs;
  return verdict(pass, `latency ${Math.round(input.latencyMs)} ms ${pass ? '<=' : '>'} ${config.maxMs} ms`, { latencyMs: input.latencyMs });
};
