/**
 * Loads the bundled reference tables (`data/reference/*.json`) and validates them. The default directory is
 * found from this file's location, which is `src/decide/` when run from source and `dist/decide/` when run
 * from the build; both sit two levels below the package root.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { DataError, formatIssuePath } from '../errors.js';
import {
  gpuPricesFileSchema,
  licensesFileSchema,
  throughputFileSchema,
  type ReferenceData,
} from '../catalog/reference-schema.js';

/** The package's `data/` directory; the reference tables live in its `reference/` folder. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

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
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataError(file, undefined, `${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
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
