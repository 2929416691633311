/** Output of `parity track --dataset epoch-2024`: the reproduction of Epoch AI's Nov 2024 lags. */
import { z } from 'zod';
import { isoDate } from '../../catalog/index.js';

export const EPOCH_2024_BENCHMARKS = ['MMLU', 'GPQA', 'GSM1k', 'BBH'] as const;
export type Epoch2024Benchmark = (typeof EPOCH_2024_BENCHMARKS)[number];

export { EPOCH_2024_METHODS, type Epoch2024Method } from './track-ids.js';

/** A row of the report's data as it enters a frontier: its raw accuracy, transformed score and origin. */
export const epochPointSchema = z.object({
  system: z.string(),
  date: isoDate,
  accuracy: z.number().describe('raw accuracy in [0, 1], as in the source row'),
  score: z.number().describe('−ln(1 − accuracy), or the raw random-chance accuracy for an area start point'),
  source: z.string().describe('file and 1-based data row, e.g. "benchmarks_with_model_accessibility.csv#row=12"'),
});
export type EpochPoint = z.infer<typeof epochPointSchema>;

export const epochThresholdEntrySchema = z.object({
  benchmark: z.enum(EPOCH_2024_BENCHMARKS),
  level: z.number().describe('accuracy level in %, 35…95'),
  lagMonths: z.number().describe('(open date − closed date) in days / 365 × 12'),
  closed: epochPointSchema.describe('first closed frontier point reaching the level'),
  open: epochPointSchema.describe('first open frontier point reaching the level'),
});

export const pooledSchema = z.object({
  n: z.number().int(),
  mean: z.number(),
  median: z.number(),
  q1: z.number(),
  q3: z.number(),
  iqr: z.number(),
  quantiles: z.string().describe('how quartiles are computed'),
});

export const epochAreaEntrySchema = z.object({
  benchmark: z.enum(EPOCH_2024_BENCHMARKS),
  lagMonths: z.number().nullable().describe('(integral_open − integral_closed) / open score range; dates in days/30'),
  leading: z.enum(['open', 'closed']),
  cutScore: z.number().nullable(),
  integralOpen: z.number().nullable(),
  integralClosed: z.number().nullable(),
  openRange: z.number().nullable(),
  open: z.array(epochPointSchema).describe('the truncated open frontier, start point first'),
  closed: z.array(epochPointSchema).describe('the truncated closed frontier, start point first'),
  note: z.string().nullable(),
});

export const epochFrontiersSchema = z.object({
  benchmark: z.enum(EPOCH_2024_BENCHMARKS),
  rowsUsed: z.object({ open: z.number().int(), closed: z.number().int() }),
  open: z.array(epochPointSchema),
  closed: z.array(epochPointSchema),
});

export const epoch2024OutputSchema = z.object({
  kind: z.literal('epoch-2024'),
  title: z.string(),
  source: z.object({ dataset: z.string(), origin: z.string(), licence: z.string(), file: z.string() }),
  method: z.array(z.string()).describe('the steps applied, in order, as stated in the report'),
  excludedRows: z.array(z.object({ system: z.string(), reason: z.string() })),
  frontiers: z.array(epochFrontiersSchema),
  threshold: z
    .object({ entries: z.array(epochThresholdEntrySchema), pooled: pooledSchema.nullable() })
    .optional(),
  area: z.object({ benchmarks: z.array(epochAreaEntrySchema) }).optional(),
});
export type Epoch2024Output = z.infer<typeof epoch2024OutputSchema>;
export type EpochThresholdEntry = z.infer<typeof epochThresholdEntrySchema>;
export type EpochAreaEntry = z.infer<typeof epochAreaEntrySchema>;
