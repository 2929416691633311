/**
 * Epoch AI's Capabilities Index (ECI) table, with each model's accessibility, normalised into
 * `data/datasets/eci.json` for the open-vs-closed ECI lag.
 */
import path from 'node:path';
import { z } from 'zod';
import { isoDate } from '../schema.js';
import { bundledDataDir } from './paths.js';
import { readValidatedJson } from './read-json.js';

/** The `Model accessibility` values of Epoch's table. */
export const ECI_ACCESSIBILITY = [
  'API access',
  'Hosted access (no API)',
  'Open weights (unrestricted)',
  'Open weights (restricted use)',
  'Open weights (non-commercial)',
  'Unreleased',
] as const;
export type EciAccessibility = (typeof ECI_ACCESSIBILITY)[number];

export const eciRowSchema = z.object({
  modelVersion: z.string().min(1),
  displayName: z.string().nullable(),
  modelName: z.string().nullable(),
  organization: z.string(),
  releaseDate: isoDate,
  eci: z.number(),
  accessibility: z.enum(ECI_ACCESSIBILITY),
  confidence: z.string().nullable(),
  /** 1-based data row in the source CSV. */
  row: z.number().int().positive(),
});
export type EciRow = z.infer<typeof eciRowSchema>;

export const eciDatasetSchema = z.object({
  dataset: z.literal('eci'),
  title: z.string(),
  origin: z.string(),
  licence: z.string(),
  file: z.string(),
  snapshotDate: isoDate,
  rows: z.array(eciRowSchema),
});
export type EciDataset = z.infer<typeof eciDatasetSchema>;

export const ECI_FILE = 'datasets/eci.json';

export function loadEciDataset(dataDir: string = bundledDataDir()): EciDataset {
  return readValidatedJson(path.join(dataDir, ECI_FILE), eciDatasetSchema);
}
