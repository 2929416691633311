/**
 * Imports the hand-collected reference tables (licences, GPU prices, serving throughput) from a shared data
 * directory into the bundled `data/reference/*.json`. Run by `scripts/import-data.ts`; never at run time.
 *
 *   importReference('/path/to/shared/data', '/path/to/repo/data')
 *     reads  <shared>/reference/{licenses.yaml, gpu-prices.csv, throughput.csv}
 *     writes <out>/reference/{licenses.json, gpu-prices.json, throughput.json}
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '../../errors.js';
import { importLicenses } from './reference-licenses.js';
import { importGpuPrices, importThroughput } from './reference-tables.js';

export const REFERENCE_FILES = {
  licenses: { source: 'licenses.yaml', output: 'licenses.json' },
  gpuPrices: { source: 'gpu-prices.csv', output: 'gpu-prices.json' },
  throughput: { source: 'throughput.csv', output: 'throughput.json' },
} as const;

export interface ReferenceImportResult {
  /** Absolute paths of the files written. */
  written: string[];
  counts: { licenseFamilies: number; licenseRedirects: number; gpuPrices: number; throughputRows: number };
  /** Things a maintainer should look at (e.g. a licence family no rule maps models to). */
  warnings: string[];
}

async function readSource(directory: string, name: string): Promise<{ text: string; label: string }> {
  const file = path.join(directory, name);
  const label = `reference/${name}`;
  try {
    return { text: await readFile(file, 'utf8'), label };
  } catch (error) {
    throw new DataError(label, undefined, `cannot read ${file}`, { cause: error });
  }
}

/** Validates the three reference sources and writes their normalised JSON. Throws DataError on bad input. */
export async function importReference(sharedDataDir: string, outDir: string): Promise<ReferenceImportResult> {
  const sourceDir = path.join(sharedDataDir, 'reference');
  const targetDir = path.join(outDir, 'reference');
  const licensesSource = await readSource(sourceDir, REFERENCE_FILES.licenses.source);
  const pricesSource = await readSource(sourceDir, REFERENCE_FILES.gpuPrices.source);
  const throughputSource = await readSource(sourceDir, REFERENCE_FILES.throughput.source);

  // Parse everything before writing anything, so a bad file leaves the previous output intact.
  const licenses = importLicenses(licensesSource.text, licensesSource.label);
  const gpuPrices = importGpuPrices(pricesSource.text, pricesSource.label);
  const throughput = importThroughput(throughputSource.text, throughputSource.label);

  await mkdir(targetDir, { recursive: true });
  const outputs: Array<[string, unknown]> = [
    [REFERENCE_FILES.licenses.output, licenses.file],
    [REFERENCE_FILES.gpuPrices.output, gpuPrices],
    [REFERENCE_FILES.throughput.output, throughput],
  ];
  const written: string[] = [];
  for (const [name, value] of outputs) {
    const file = path.resolve(targetDir, name);
    await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
    written.push(file);
  }
  return {
    written,
    counts: {
      licenseFamilies: licenses.file.families.length,
      licenseRedirects: licenses.file.redirects.length,
      gpuPrices: gpuPrices.rows.length,
      throughputRows: throughput.rows.length,
    },
    warnings: licenses.warnings,
  };
}
