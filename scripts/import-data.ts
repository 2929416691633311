/**
 * `npm run data:import [-- --shared DIR] [--out DIR] [--curated DIR]`
 *
 * Reads the public sources in the shared data folder (default ../shared/data, relative to the repository)
 * and writes the bundled catalog to data/ atomically. On a malformed source nothing in data/ changes and the
 * error names the file, the row and the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ParityError } from '../src/errors.js';
import { importFineTuning } from '../src/catalog/importers/reference-fine-tuning.js';
import { importReference } from '../src/catalog/importers/reference.js';
import { runImport } from '../src/catalog/importers/run-import.js';
import { importTrackDatasets } from './import-track-datasets.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * After data/ changed: the build's records of it (the validated-data record, the memoized track report) describe
 * the old files, so `parity track` would validate and compute in full until the next build. When the build is
 * there, its record step runs again over the new files (scripts/record-bundled-data.mjs).
 */
function refreshBuildRecords(outDir: string): void {
  if (path.resolve(outDir) !== path.join(repoRoot, 'data')) return;
  const step = path.join(repoRoot, 'scripts/record-bundled-data.mjs');
  if (!existsSync(path.join(repoRoot, 'dist', 'cli-bundle', 'build-id'))) {
    process.stdout.write('no build yet: `npm run build` records the new data/\n');
    return;
  }
  const result = spawnSync(process.execPath, [step], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) process.stdout.write('warning: recording the new data/ for the build failed; run `npm run build`\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string', default: path.resolve(repoRoot, '../shared/data') },
      out: { type: 'string', default: path.join(repoRoot, 'data') },
      curated: { type: 'string' },
      'catalog-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run data:import -- [--shared ../shared/data] [--out data] [--curated data/curated] [--catalog-only]\n' +
        '  writes the catalog (models, prices, results, taxonomy, aliases…), then data/reference/ and data/datasets/\n',
    );
    return 0;
  }
  const started = Date.now();
  const summary = runImport({ sharedDir: values.shared, outDir: values.out, ...(values.curated ? { curatedDir: values.curated } : {}) });
  const share = summary.results === 0 ? 0 : (100 * summary.unmatchedResults) / summary.results;
  process.stdout.write(`wrote ${summary.outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  for (const file of summary.files) {
    process.stdout.write(`  ${file.name.padEnd(20)} ${String(file.rows ?? '').padStart(7)} rows ${(file.bytes / 1024).toFixed(0).padStart(7)} KiB\n`);
  }
  process.stdout.write(
    `models ${summary.models} (${summary.openModels} open weights), results ${summary.results} ` +
      `(${summary.unmatchedResults} unmatched = ${share.toFixed(2)}%), prices ${summary.prices}, conflicts ${summary.conflicts}\n`,
  );
  for (const warning of summary.warnings) process.stdout.write(`warning: ${warning}\n`);
  for (const note of summary.setAside) process.stdout.write(`set aside: ${note}\n`);
  refreshBuildRecords(values.out);
  if (values['catalog-only']) return 0;
  // the reference tables (decide) and the track datasets have importers of their own, each writing its folder
  const reference = await importReference(values.shared, values.out);
  for (const file of reference.written) process.stdout.write(`wrote ${file}\n`);
  for (const warning of reference.warnings) process.stdout.write(`warning: ${warning}\n`);
  // the fine-tuning table is parity's own curation (sourced rows), not a shared source
  const fineTuning = await importFineTuning(values.curated ?? path.join(values.out, 'curated'), values.out);
  process.stdout.write(`wrote ${fineTuning.written} (${fineTuning.rows} rows)\n`);
  for (const line of importTrackDatasets(values.shared, values.out)) process.stdout.write(`wrote ${line}\n`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ParityError) {
    process.stderr.write(`data:import failed: ${error.message}\n`);
    process.exitCode = 4;
  } else throw error;
}
