/**
 * Loads the bundled reference tables (`data/reference/*.json`) and validates them. The default directory is
 * the package's data/ (catalog's packageRoot).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { DataError } from '../errors.js';
import { parseOrThrow } from '../kernel/index.js';
import { ASSUMPTION_IDS, fineTuningFileSchema, packageRoot, type Assumption, type AssumptionId, type FineTuningReference } from '../catalog/index.js';
import {
  gpuPricesFileSchema,
  licensesFileSchema,
  throughputFileSchema,
  type ReferenceData,
} from '../catalog/index.js';

/** The package's `data/` directory; the reference tables live in its `reference/` folder. */
export const DEFAULT_DATA_DIR = path.join(packageRoot(), 'data');

const cache = new Map<string, ReferenceData>();

function readJson<T>(directory: string, name: string, schema: z.ZodType<T>): T {
  const file = path.join(directory, name);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DataError(file, undefined, 'cannot read the bundled reference table (run `npm run data:import`)', {
      cause: error,
    });
  }
  return parseOrThrow(schema, value, (issue) => new DataError(file, undefined, issue.text));
}

/**
 * Reads `<dataDir>/reference/{licenses,gpu-prices,throughput}.json` (default: the bundled copy), the same
 * layout `importReference(sharedDataDir, outDir)` writes under its `outDir`. Results are cached per directory.
 */
export function loadReference(dataDir: string = DEFAULT_DATA_DIR): ReferenceData {
  const directory = path.resolve(dataDir, 'reference');
  const cached = cache.get(directory);
  if (cached !== undefined) return cached;
  const data: ReferenceData = {
    licenses: readJson(directory, 'licenses.json', licensesFileSchema),
    gpuPrices: readJson(directory, 'gpu-prices.json', gpuPricesFileSchema),
    throughput: readJson(directory, 'throughput.json', throughputFileSchema),
  };
  cache.set(directory, data);
  return data;
}

const fineTuningCache = new Map<string, FineTuningReference>();

/**
 * Reads `<dataDir>/reference/fine-tuning.json` (the assumptions, GPU peaks, MFU, shapes and hosted prices of the
 * fine-tuning cost model; written by `npm run data:import` from `data/curated/fine-tuning.yaml`), cached per directory.
 */
export function loadFineTuningReference(dataDir: string = DEFAULT_DATA_DIR): FineTuningReference {
  const directory = path.resolve(dataDir, 'reference');
  const cached = fineTuningCache.get(directory);
  if (cached !== undefined) return cached;
  const file = readJson(directory, 'fine-tuning.json', fineTuningFileSchema);
  const byId = new Map(file.assumptions.map((row) => [row.id, row]));
  const assumptions = {} as Record<AssumptionId, Assumption>;
  for (const id of ASSUMPTION_IDS) {
    const row = byId.get(id);
    if (row === undefined) throw new DataError(path.join(directory, 'fine-tuning.json'), undefined, `assumptions: missing "${id}" (run \`npm run data:import\`)`);
    assumptions[id] = row;
  }
  const reference: FineTuningReference = { ...file, assumptions };
  fineTuningCache.set(directory, reference);
  return reference;
}
