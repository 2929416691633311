#!/usr/bin/env node
/**
 * The build step after tsc: validates the bundled data/ in full with the compiled schemas and writes
 * dist/catalog/validated-data.json, the digests of the files the loader may then read without zod
 * (src/catalog/validated-data.ts). Invalid data fails the build with the loader's message.
 *
 *   node scripts/record-validated-data.mjs
 */
import { bundledCatalogDir } from '../dist/catalog/data-location.js';
import { VALIDATION_RECORD_FILE, writeValidationRecord } from '../dist/catalog/validated-data.js';

try {
  const record = writeValidationRecord(bundledCatalogDir());
  const vouched = Object.keys(record.files);
  process.stderr.write(`validated data/: ${vouched.length} files recorded in ${VALIDATION_RECORD_FILE}\n`);
} catch (error) {
  process.stderr.write(`data/ is not valid: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
