/**
 * Writes the track reproduction datasets (`data/datasets/epoch-2024.json`, `data/datasets/eci.json`) from a
 * copy of the shared data folder.
 *
 *   npx tsx scripts/import-track-datasets.ts [sharedDataDir]   (default: ../shared/data beside the repo)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importEciDataset } from '../src/catalog/importers/eci-dataset.js';
import { importEpoch2024 } from '../src/catalog/importers/epoch-2024.js';

export function importTrackDatasets(sharedDataDir: string, dataDir: string): string[] {
  const outDir = path.join(dataDir, 'datasets');
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const epoch = importEpoch2024(sharedDataDir);
  const epochFile = path.join(outDir, 'epoch-2024.json');
  writeFileSync(epochFile, `${JSON.stringify(epoch, null, 1)}\n`);
  written.push(`${epochFile} (${epoch.rows.length} rows)`);
  const eci = importEciDataset(sharedDataDir);
  const eciFile = path.join(outDir, 'eci.json');
  writeFileSync(eciFile, `${JSON.stringify(eci, null, 1)}\n`);
  written.push(`${eciFile} (${eci.rows.length} rows)`);
  return written;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  const shared = path.resolve(process.argv[2] ?? path.join(repoRoot, '../shared/data'));
  for (const line of importTrackDatasets(shared, path.join(repoRoot, 'data'))) process.stdout.write(`wrote ${line}\n`);
}
