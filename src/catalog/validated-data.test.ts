import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { DATA_FILES, type DataFileKey } from './data-files.js';
import { bundledCatalogDir } from './data-location.js';
import { readCatalogData } from './load.js';
import { contentDigest, readStampedFile } from './file-stamp.js';
import { clearValidationRecords, readValidationRecord, recordValidation, schemaFingerprint, writeValidationRecord, type ValidationRecord } from './validated-data.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  clearValidationRecords();
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-validated-'));
  dirs.push(dir);
  return dir;
}

/** A copy of the bundled catalog, and the record of it written beside (not in) it. */
function recordedCopy(): { dataDir: string; recordFile: string } {
  const root = scratch();
  const dataDir = path.join(root, 'data');
  // copies dated a minute back: a file changed just before the record is read gets no stamp (see the last test)
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const file of Object.values(DATA_FILES)) {
    cpSync(path.join(bundledCatalogDir(), file), path.join(dataDir, file));
    utimesSync(path.join(dataDir, file), minuteAgo, minuteAgo);
  }
  const recordFile = path.join(root, 'validated-data.json');
  writeValidationRecord(dataDir, recordFile);
  return { dataDir, recordFile };
}

describe('the record of validated catalog files', () => {
  it('vouches for the bundled files whose validated value is their plain JSON, and loads them byte-identically', () => {
    const { dataDir, recordFile } = recordedCopy();
    const record = readValidationRecord(recordFile);
    expect(record?.schema).toBe(schemaFingerprint());
    // the big files are the point of the record; conflicts.json is reordered by its schema and is not vouched for
    expect(Object.keys(record?.files ?? {})).toEqual(expect.arrayContaining(['models', 'prices', 'priceHistory', 'results', 'taxonomy']));
    expect(record?.files.conflicts).toBeUndefined();
    const validated = readCatalogData(dataDir, null);
    const vouched = readCatalogData(dataDir, record);
    for (const key of Object.keys(DATA_FILES) as DataFileKey[]) expect(JSON.stringify(vouched[key])).toBe(JSON.stringify(validated[key]));
  });

  it('validates a file in full once its bytes differ from the recorded ones', () => {
    const { dataDir, recordFile } = recordedCopy();
    const file = path.join(dataDir, DATA_FILES.models);
    const text = readFileSync(file, 'utf8');
    const date = /"releaseDate":"(\d{4}-\d{2}-\d{2})"/.exec(text)?.[0];
    expect(date).toBeDefined();
    writeFileSync(file, text.replace(date as string, '"releaseDate":"Sept 2024"'));
    expect(() => readCatalogData(dataDir, readValidationRecord(recordFile))).toThrow(DataError);
    expect(() => readCatalogData(dataDir, readValidationRecord(recordFile))).toThrow(/^models\.json, row \d+: releaseDate: expected a date YYYY-MM-DD/);
  });

  it('takes a file with the recorded stamp for the file the build hashed, and hashes any other', () => {
    const { dataDir, recordFile } = recordedCopy();
    const record = readValidationRecord(recordFile) as ValidationRecord;
    const file = path.join(dataDir, DATA_FILES.models);
    expect(record.stamps.models).toEqual(readStampedFile(file).stamp);
    const text = readFileSync(file, 'utf8');
    const date = /"releaseDate":"(\d{4}-\d{2}-\d{2})"/.exec(text)?.[0] as string;
    writeFileSync(file, text.replace(date, '"releaseDate":"Sept 2024"'));
    // the edit changed the stamp: the digest is checked, differs, and the file is validated in full
    expect(readStampedFile(file).stamp).not.toEqual(record.stamps.models);
    expect(() => readCatalogData(dataDir, record)).toThrow(/releaseDate: expected a date/);
    // a record that saw the file as it is now (its stamp) takes it without hashing — even with another digest
    const stamped = { ...record, stamps: { ...record.stamps, models: readStampedFile(file).stamp } };
    expect(readCatalogData(dataDir, stamped).models.some((model) => model.releaseDate === 'Sept 2024')).toBe(true);
  });

  it('keeps no stamp of a file changed just before it was read: a write in the same tick would keep the stamp', () => {
    const { dataDir } = recordedCopy();
    const file = path.join(dataDir, DATA_FILES.models);
    writeFileSync(file, readFileSync(file));
    const record = recordValidation(dataDir);
    expect(record.files.models).toBe(contentDigest(readFileSync(file)));
    expect(record.stamps.models).toBeUndefined();
    expect(record.stamps.results).toEqual(readStampedFile(path.join(dataDir, DATA_FILES.results)).stamp);
  });

  it('checks the references between files even when every file is vouched for', () => {
    const { dataDir, recordFile } = recordedCopy();
    const record = readValidationRecord(recordFile) as ValidationRecord;
    // a record vouching for a trimmed models file: the results then point at models the catalog lacks
    const file = path.join(dataDir, DATA_FILES.models);
    const models = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
    writeFileSync(file, `${JSON.stringify(models.slice(0, 10))}\n`);
    const vouching = { ...record, files: { ...record.files, models: contentDigest(readFileSync(file)) } };
    expect(() => readCatalogData(dataDir, vouching)).toThrow(/unknown model/);
  });

  it('ignores a record made with other schemas, an unreadable one and a missing one', () => {
    const { recordFile } = recordedCopy();
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as { schema: string };
    writeFileSync(recordFile, JSON.stringify({ ...record, schema: '0'.repeat(64) }));
    expect(readValidationRecord(recordFile)).toBeNull();
    clearValidationRecords();
    writeFileSync(recordFile, '{ not json');
    expect(readValidationRecord(recordFile)).toBeNull();
    expect(readValidationRecord(path.join(scratch(), 'none.json'))).toBeNull();
  });

  it('records nothing for invalid data', () => {
    const { dataDir } = recordedCopy();
    writeFileSync(path.join(dataDir, DATA_FILES.prices), '[{"modelId": 3}]\n');
    expect(() => recordValidation(dataDir)).toThrow(/^prices\.json, row 1/);
  });
});

