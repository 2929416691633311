#!/usr/bin/env node
/**
 * The build steps after tsc and the CLI bundle, over the bundled data/ with the compiled code:
 * - validates data/ in full and writes dist/catalog/validated-data.json, the digests of the files the loader may
 *   then read without zod (src/catalog/validated-data.ts); invalid data fails the build with the loader's message;
 * - computes the default track report and writes its memo for the bundle's build id to dist/track/
 *   (src/track/report-memo.ts), so `parity track` and `npm start` answer from it while data/ is unchanged.
 *
 *   node scripts/record-bundled-data.mjs
 *
 * `npm run data:import` runs it again after writing data/ (when the build is there).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundledCatalogDir, packageRoot } from '../dist/catalog/data-location.js';
import { VALIDATION_RECORD_FILE, writeValidationRecord } from '../dist/catalog/validated-data.js';
import { BUILD_ID_FILE } from '../dist/track/report-memo.js';
import { writeTrackMemo } from '../dist/track/write-report-memo.js';

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

try {
  const record = writeValidationRecord(bundledCatalogDir());
  process.stderr.write(`validated data/: ${Object.keys(record.files).length} files recorded in ${VALIDATION_RECORD_FILE}\n`);
} catch (error) {
  fail(`data/ is not valid: ${error instanceof Error ? error.message : String(error)}`);
}
const buildIdFile = path.join(packageRoot(), 'dist', 'cli-bundle', BUILD_ID_FILE);
let build;
try {
  build = readFileSync(buildIdFile, 'utf8').trim();
} catch (error) {
  fail(`cannot read ${buildIdFile} (${error instanceof Error ? error.message : String(error)}): run scripts/bundle-cli.mjs first`);
}
const memo = writeTrackMemo(bundledCatalogDir(), {}, build);
process.stderr.write(memo.written ? `track report memoized in ${memo.file}\n` : `track report not memoized: ${memo.reason} (parity track computes it)\n`);
