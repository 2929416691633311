/**
 * The data of Epoch AI's report "How far behind are open models?" (Nov 2024), normalised into one JSON file
 * (`data/datasets/epoch-2024.json`) so the reproduction runs without the original CSVs. Rows are kept as the
 * report's files have them; every filter the report applied is applied by the reproduction, not here.
 */
import path from 'node:path';
import { z } from 'zod';
import { isoDate } from '../schema.js';
import { bundledDataDir } from './paths.js';
import { readValidatedJson } from './read-json.js';

export const EPOCH_2024_FILES = ['benchmarks', 'gsm1k'] as const;

const nullableScore = z.number().nullable();

export const epoch2024RowSchema = z.object({
  /** The `System` column, verbatim. */
  system: z.string().min(1),
  date: isoDate.nullable(),
  /** The `Open/Closed` column; null where blank (the `Random chance` row). */
  group: z.enum(['open', 'closed']).nullable(),
  /** Which of the report's two tables the row comes from, and its 1-based data row there. */
  file: z.enum(EPOCH_2024_FILES),
  row: z.number().int().positive(),
  scores: z.object({
    mmlu: nullableScore,
    gpqa: nullableScore,
    bbh: nullableScore,
    gsm1k: nullableScore,
    sealMath: nullableScore,
  }),
  /** `Trust in benchmark results` (−1, 0, 1); null where the table has no such column. */
  trust: z.number().int().nullable(),
});
export type Epoch2024Row = z.infer<typeof epoch2024RowSchema>;

export const epoch2024DatasetSchema = z.object({
  dataset: z.literal('epoch-2024'),
  title: z.string(),
  origin: z.string(),
  licence: z.string(),
  files: z.record(z.enum(EPOCH_2024_FILES), z.string()),
  /** The `System` names listed in `excluded_finetuned_systems.csv`. */
  excludedSystems: z.array(z.string()),
  rows: z.array(epoch2024RowSchema),
});
export type Epoch2024Dataset = z.infer<typeof epoch2024DatasetSchema>;

export const EPOCH_2024_FILE = 'datasets/epoch-2024.json';

export function loadEpoch2024Dataset(dataDir: string = bundledDataDir()): Epoch2024Dataset {
  return readValidatedJson(path.join(dataDir, EPOCH_2024_FILE), epoch2024DatasetSchema);
}
