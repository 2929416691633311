/**
 * A record of catalog files already validated, so the loader need not run zod over ~5 MB of bundled data on
 * every start. `npm run build` validates the bundled data/ in full (every row with zod, then the references)
 * and writes, next to the compiled schemas, the SHA-256 of each file whose validated value is exactly its plain
 * JSON parse (same values, same key order). At load, a file whose bytes hash to its recorded digest is read
 * with JSON.parse alone; any other file — a user's update, a hand edit, a new import, a file zod would reshape
 * — is validated in full, as before. The cross-file checks (references) always run.
 *
 * Content-addressed, so a record can only vouch for the exact bytes it saw, and it names the schema code it was
 * made with: a record from other schemas (a stale build) vouches for nothing. From src/ (tests, tsx) there is
 * no record and every file is validated.
 *
 * Hashing ~5 MB takes longer than anything else in the check, so the record also keeps each vouched file's
 * stamp as the build saw it (absolute path, device, inode, size, mtime): a file read now with that very stamp is
 * the file the build hashed, and is not hashed again. Any other stamp — an edit, a copy, another folder —
 * falls back to the digest, so changed bytes are never taken on trust. A file changed just before the build read
 * it (within file-stamp.ts's SETTLE_MS) gets no stamp: it is hashed on every load.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DATA_FILES, PARSERS, checkReferences, type CatalogData, type DataFileKey } from './data-files.js';
import { packageRoot } from './data-location.js';
import { contentDigest, fileStampSchema, readStampedFile, sameStamp, type FileStamp } from './file-stamp.js';

const RECORD_FORMAT = 2;
const moduleFile = fileURLToPath(import.meta.url);
/** `.ts` under src/, `.js` in dist/ or in the CLI's bundle. */
const extension = path.extname(moduleFile);
/**
 * The schema modules a record is tied to: beside this module under src/ (where no record is ever written), else
 * the compiled ones in dist/catalog/ — also when this code runs from the CLI's bundle, which the build makes
 * from them (scripts/bundle-cli.mjs).
 */
const schemaDir = extension === '.ts' ? path.dirname(moduleFile) : path.join(packageRoot(), 'dist', 'catalog');

/** Where the build writes the record of the bundled data: beside the compiled schemas (dist/catalog/). */
export const VALIDATION_RECORD_FILE = path.join(schemaDir, 'validated-data.json');

/** The modules whose code decides whether a file is valid: a change to any of them voids a record. */
const SCHEMA_MODULES = ['schema', 'data-files', 'validated-data', 'file-stamp'];

const fileKey = z.enum(Object.keys(DATA_FILES) as [DataFileKey, ...DataFileKey[]]);
const recordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  schema: z.string(),
  files: z.partialRecord(fileKey, z.string().regex(/^[0-9a-f]{64}$/)),
  stamps: z.partialRecord(fileKey, fileStampSchema),
});
export type ValidationRecord = z.output<typeof recordSchema>;

let fingerprint: string | undefined;

/** The digest of the schema code (and the zod version) this process validates with. */
export function schemaFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256').update(`zod ${z.core.version.major}.${z.core.version.minor}.${z.core.version.patch}\0`);
    for (const name of SCHEMA_MODULES) hash.update(readFileSync(path.join(schemaDir, `${name}${extension}`))).update('\0');
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}

const records = new Map<string, ValidationRecord | null>();

/**
 * The record at `file` if it was made with this process's schemas, else null (none, unreadable, or from other
 * schemas: then every file is validated). Read once per process.
 */
export function readValidationRecord(file: string = VALIDATION_RECORD_FILE): ValidationRecord | null {
  const known = records.get(file);
  if (known !== undefined) return known;
  let record: ValidationRecord | null = null;
  if (existsSync(file)) {
    try {
      const parsed = recordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success && parsed.data.schema === schemaFingerprint()) record = parsed.data;
    } catch {
      record = null; // an unreadable record vouches for nothing; the files are validated
    }
  }
  records.set(file, record);
  return record;
}

/** Forgets records read (tests that rewrite one). */
export function clearValidationRecords(): void {
  records.clear();
}

/**
 * One file's value: plain JSON.parse when `record` vouches for these bytes (the file's stamp is the recorded one,
 * else its digest is), else the full validation.
 */
export function parseCatalogFile<K extends DataFileKey>(key: K, bytes: Buffer, record: ValidationRecord | null, stamp: FileStamp | null = null): CatalogData[K] {
  const file = DATA_FILES[key];
  const text = bytes.toString('utf8');
  const vouched = record?.files[key];
  const recordedStamp = record?.stamps[key];
  if (vouched !== undefined) {
    const unchanged = stamp !== null && recordedStamp !== undefined && sameStamp(stamp, recordedStamp) && stamp.size === bytes.length;
    if (unchanged || vouched === contentDigest(bytes)) return JSON.parse(text) as CatalogData[K];
  }
  return PARSERS[key](file, text);
}

/**
 * Validates every file of `dataDir` in full and returns the record of those whose validated value is their
 * plain JSON parse. Throws the loader's DataError when anything is invalid (no record of invalid data).
 */
export function recordValidation(dataDir: string): ValidationRecord {
  const files: ValidationRecord['files'] = {};
  const stamps: ValidationRecord['stamps'] = {};
  const data: Partial<CatalogData> = {};
  for (const key of Object.keys(DATA_FILES) as DataFileKey[]) {
    const { bytes, stamp, settled } = readStampedFile(path.join(dataDir, DATA_FILES[key]));
    const text = bytes.toString('utf8');
    const validated = PARSERS[key](DATA_FILES[key], text);
    (data as Record<DataFileKey, unknown>)[key] = validated;
    let plain: unknown;
    try {
      plain = JSON.parse(text) as unknown;
    } catch {
      continue; // valid YAML that is not JSON: validated on every load
    }
    if (JSON.stringify(plain) === JSON.stringify(validated)) {
      files[key] = contentDigest(bytes);
      if (settled) stamps[key] = stamp;
    }
  }
  checkReferences(data as CatalogData);
  return { format: RECORD_FORMAT, schema: schemaFingerprint(), files, stamps };
}

/** `recordValidation(dataDir)` written to `file` (the build step). */
export function writeValidationRecord(dataDir: string, file: string = VALIDATION_RECORD_FILE): ValidationRecord {
  const record = recordValidation(dataDir);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  records.delete(file);
  return record;
}
