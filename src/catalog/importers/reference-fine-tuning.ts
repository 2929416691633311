/**
 * `data/curated/fine-tuning.yaml` (parity's hand-collected, sourced rows) → `data/reference/fine-tuning.json`.
 * Validated with the table's zod schema plus the checks a schema cannot express: every assumption exactly
 * once, every offer's service described, no GPU or model key twice. Errors name the file and the line.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '../../errors.js';
import { ASSUMPTION_IDS, fineTuningFileSchema, type FineTuningFile } from '../fine-tuning-schema.js';
import { parseYamlRows } from './yaml-rows.js';

export const FINE_TUNING_FILES = { source: 'fine-tuning.yaml', output: 'fine-tuning.json' } as const;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

/** Parses and checks the YAML text; `fileLabel` names the file in errors. */
export function parseFineTuning(text: string, fileLabel: string): FineTuningFile {
  const { data: file, lineOf } = parseYamlRows(text, fileLabel, fineTuningFileSchema);
  const ids: string[] = file.assumptions.map((row) => row.id);
  const missing = ASSUMPTION_IDS.filter((id) => !ids.includes(id));
  if (missing.length > 0) throw new DataError(fileLabel, lineOf(['assumptions']), `assumptions: missing ${missing.join(', ')}`);
  const twice = duplicates(ids)[0];
  if (twice !== undefined) throw new DataError(fileLabel, lineOf(['assumptions', ids.lastIndexOf(twice)]), `assumptions: "${twice}" appears twice`);
  const gpuTwice = duplicates(file.gpuPeaks.map((row) => row.gpuKey))[0];
  if (gpuTwice !== undefined) throw new DataError(fileLabel, lineOf(['gpuPeaks']), `gpuPeaks: "${gpuTwice}" appears twice`);
  const keyTwice = duplicates(file.architectures.flatMap((row) => row.modelKeys))[0];
  if (keyTwice !== undefined) throw new DataError(fileLabel, lineOf(['architectures']), `architectures: model key "${keyTwice}" appears twice`);
  const services = new Set(file.hosted.services.map((service) => service.service));
  file.hosted.offers.forEach((offer, index) => {
    if (!services.has(offer.service)) {
      throw new DataError(fileLabel, lineOf(['hosted', 'offers', index]), `hosted.offers[${index}]: service "${offer.service}" is not in hosted.services`);
    }
    if (offer.sizes !== undefined && !(offer.sizes.upToB > offer.sizes.aboveB)) {
      throw new DataError(fileLabel, lineOf(['hosted', 'offers', index, 'sizes']), `hosted.offers[${index}].sizes: upToB must exceed aboveB`);
    }
  });
  return file;
}

/** Reads `<curatedDir>/fine-tuning.yaml` and writes `<outDir>/reference/fine-tuning.json`; returns the file written. */
export async function importFineTuning(curatedDir: string, outDir: string): Promise<{ written: string; rows: number }> {
  const sourceFile = path.join(curatedDir, FINE_TUNING_FILES.source);
  const label = `curated/${FINE_TUNING_FILES.source}`;
  let text: string;
  try {
    text = await readFile(sourceFile, 'utf8');
  } catch (error) {
    throw new DataError(label, undefined, `cannot read ${sourceFile}`, { cause: error });
  }
  const file = parseFineTuning(text, label);
  const targetDir = path.join(outDir, 'reference');
  await mkdir(targetDir, { recursive: true });
  const written = path.resolve(targetDir, FINE_TUNING_FILES.output);
  await writeFile(written, `${JSON.stringify(file, null, 2)}\n`);
  const rows = file.assumptions.length + file.gpuPeaks.length + file.mfu.length + file.architectures.length + file.hosted.offers.length;
  return { written, rows };
}
