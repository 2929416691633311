/** The track report memo (src/track/report-memo.ts): used only for the very data, options and build it was computed with. */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCatalogData } from '../catalog/catalog-test-data.js';
import { DATA_FILES, taxonomyText, toJsonLines, type CatalogData, type DataFileKey } from '../../src/catalog/data-files.js';
import { bundledCatalogDir, packageRoot } from '../../src/catalog/data-location.js';
import { contentDigest } from '../../src/catalog/file-stamp.js';
import { clearCatalogCache, loadCatalog } from '../../src/catalog/load.js';
import { computeTrack } from '../../src/track/compute-track.js';
import { resolveTrackOptions, type TrackOptions } from '../../src/track/options.js';
import type { TrackReport } from '../../src/track/output/track-report.js';
import { memoKey, memoizedTrack, readMemoFile, readTrackMemo, trackMemoFile, TRACK_MEMO_FILE, type MemoKey } from '../../src/track/report-memo.js';
import { readsBackAs, writeTrackMemo } from '../../src/track/write-report-memo.js';

const BUILD = 'a'.repeat(64);
const OTHER_BUILD = 'b'.repeat(64);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  clearCatalogCache();
});

function fileText(data: CatalogData, key: DataFileKey): string {
  return key === 'taxonomy' ? taxonomyText(data.taxonomy) : toJsonLines(data[key] as readonly unknown[]);
}

/** A small valid catalog folder whose files last changed a minute ago (settled: the memo keeps their stamps). */
function catalogDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-memo-'));
  dirs.push(dir);
  const data = testCatalogData();
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const key of Object.keys(DATA_FILES) as DataFileKey[]) {
    writeFileSync(path.join(dir, DATA_FILES[key]), fileText(data, key));
    utimesSync(path.join(dir, DATA_FILES[key]), minuteAgo, minuteAgo);
  }
  return dir;
}

const keyFor = (options: TrackOptions, build = BUILD): MemoKey => memoKey(resolveTrackOptions(options), build);
const read = (dir: string, options: TrackOptions = {}, build = BUILD): TrackReport | null => readTrackMemo(trackMemoFile(dir), dir, keyFor(options, build));
/** What `parity track --json` prints of a report. */
const printed = (report: TrackReport | null): string => JSON.stringify(report, null, 2);
function computed(dir: string, options: TrackOptions = {}): TrackReport {
  clearCatalogCache();
  return computeTrack(loadCatalog(dir), options);
}

/** Rewrites the memo's report with `change` applied and its digest updated: a memo that is read, not computed. */
function forge(dir: string, change: (report: TrackReport) => void): void {
  const file = trackMemoFile(dir);
  const memo = readMemoFile(file);
  if (memo === null) throw new Error('no memo to forge');
  const report = JSON.parse(memo.body.toString('utf8')) as TrackReport;
  change(report);
  const body = JSON.stringify(report);
  writeFileSync(file, `${JSON.stringify({ ...memo.header, report: contentDigest(Buffer.from(body)) })}\n${body}`);
}

describe('the track report memo', () => {
  it('reads back, for the same data, options and build, the very report the computation gives', () => {
    const dir = catalogDir();
    const outcome = writeTrackMemo(dir, {}, BUILD);
    expect(outcome.written).toBe(true);
    expect(outcome.written && outcome.file).toBe(path.join(dir, TRACK_MEMO_FILE));
    const memo = read(dir);
    expect(memo).not.toBeNull();
    expect(printed(memo)).toBe(printed(computed(dir)));
    // the defaults spelled out resolve to the same options
    expect(printed(read(dir, { methods: ['threshold', 'area', 'daily'], openDefinition: 'weights', pricePolicy: 'first-party' }))).toBe(printed(memo));
    // every data file is named, with its digest and (settled files) its stamp
    const header = readMemoFile(trackMemoFile(dir))?.header;
    for (const key of Object.keys(DATA_FILES) as DataFileKey[]) {
      expect(header?.files[key]?.digest, key).toBe(contentDigest(readFileSync(path.join(dir, DATA_FILES[key]))));
      expect(header?.files[key]?.stamp?.path, key).toBe(path.join(dir, DATA_FILES[key]));
    }
  });

  it('holds nothing for another build, another Node or other options', () => {
    const dir = catalogDir();
    writeTrackMemo(dir, {}, BUILD);
    expect(read(dir, {}, OTHER_BUILD)).toBeNull();
    expect(readTrackMemo(trackMemoFile(dir), dir, { ...keyFor({}), node: 'v0.0.0' })).toBeNull();
    expect(read(dir, { methods: ['threshold'] })).toBeNull();
    expect(read(dir, { openDefinition: 'permissive' })).toBeNull();
    expect(read(dir, { until: '2024-06-30' })).toBeNull();
    // a memo for other options is a memo of its own
    writeTrackMemo(dir, { methods: ['area'] }, BUILD);
    expect(printed(read(dir, { methods: ['area'] }))).toBe(printed(computed(dir, { methods: ['area'] })));
    expect(read(dir)).toBeNull();
  });

  it('holds nothing once any data file changed or went missing; a file touched with the same bytes still matches', () => {
    const dir = catalogDir();
    writeTrackMemo(dir, {}, BUILD);
    const results = path.join(dir, DATA_FILES.results);
    utimesSync(results, new Date(), new Date()); // another stamp, the same bytes: the digest is compared
    expect(read(dir)).not.toBeNull();
    // a file computeTrack never looks at is still the loader's (its references are checked): it counts too
    const aliases = path.join(dir, DATA_FILES.aliases);
    const aliasText = readFileSync(aliases, 'utf8');
    writeFileSync(aliases, toJsonLines([]));
    expect(read(dir)).toBeNull();
    writeFileSync(aliases, aliasText);
    expect(read(dir)).not.toBeNull();
    writeFileSync(results, readFileSync(results, 'utf8').replace('"2024-07-01"', '"2024-07-02"'));
    expect(read(dir)).toBeNull();
    writeTrackMemo(dir, {}, BUILD);
    unlinkSync(path.join(dir, DATA_FILES.unresolved));
    expect(read(dir)).toBeNull();
  });

  it('holds nothing when the memo is truncated, edited, not a memo, or missing', () => {
    const dir = catalogDir();
    writeTrackMemo(dir, {}, BUILD);
    const file = trackMemoFile(dir);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, -10));
    expect(read(dir)).toBeNull();
    writeFileSync(file, text.replace(/"asOf":"[^"]+"/, '"asOf":"2030-01-01"'));
    expect(read(dir)).toBeNull();
    writeFileSync(file, `{"format":1}\n${text.slice(text.indexOf('\n') + 1)}`);
    expect(read(dir)).toBeNull();
    writeFileSync(file, text.slice(0, text.indexOf('\n')));
    expect(read(dir)).toBeNull();
    writeFileSync(file, 'not a memo\n{}');
    expect(read(dir)).toBeNull();
    rmSync(file);
    expect(read(dir)).toBeNull();
    writeFileSync(file, text);
    expect(read(dir)).not.toBeNull();
  });

  it('answers from the memo only while it holds: then from the changed data, and never without a build id', async () => {
    const dir = catalogDir();
    writeTrackMemo(dir, {}, BUILD);
    // a forged memo shows which answered: the memo
    forge(dir, (report) => {
      report.asOf = '2030-01-01';
    });
    expect((await memoizedTrack(dir, {}, BUILD)).asOf).toBe('2030-01-01');
    // code that is not the built CLI reads no memo
    clearCatalogCache();
    expect((await memoizedTrack(dir, {}, null)).asOf).toBe('2024-07-01');
    // changed data: the memo is void and the report is the new data's
    const results = path.join(dir, DATA_FILES.results);
    writeFileSync(results, readFileSync(results, 'utf8').replace('"2024-07-01"', '"2024-09-15"'));
    clearCatalogCache();
    const report = await memoizedTrack(dir, {}, BUILD);
    expect(report.asOf).toBe('2024-09-15');
    expect(printed(report)).toBe(printed(computed(dir)));
  });

  it('keeps no stamp of a file changed just before it was read: its digest is compared on every read', () => {
    const dir = catalogDir();
    const models = path.join(dir, DATA_FILES.models);
    writeFileSync(models, readFileSync(models));
    writeTrackMemo(dir, {}, BUILD);
    const header = readMemoFile(trackMemoFile(dir))?.header;
    expect(header?.files.models?.stamp).toBeNull();
    expect(header?.files.results?.stamp).not.toBeNull();
    expect(read(dir)).not.toBeNull();
    writeFileSync(models, readFileSync(models, 'utf8').replace('"2024-04-18"', '"2024-04-19"'));
    expect(read(dir)).toBeNull();
  });

  it('keeps the bundled data’s memo in the build output, any other folder’s in the folder', () => {
    expect(trackMemoFile(bundledCatalogDir())).toBe(path.join(packageRoot(), 'dist', 'track', TRACK_MEMO_FILE));
    expect(trackMemoFile('/srv/catalog')).toBe(path.join('/srv/catalog', TRACK_MEMO_FILE));
  });
});

describe('readsBackAs (what JSON carries exactly)', () => {
  it('takes −0 for 0 and nothing JSON cannot write', () => {
    const value = { a: [1, -0, 'x', null, true], b: { c: 2.5 } };
    expect(readsBackAs(value, JSON.parse(JSON.stringify(value)))).toBe(true);
    for (const bad of [{ a: Number.NaN }, { a: Number.POSITIVE_INFINITY }, { a: undefined }, { a: new Date(0) }, { a: [undefined] }]) {
      expect(readsBackAs(bad, JSON.parse(JSON.stringify(bad))), JSON.stringify(bad)).toBe(false);
    }
    expect(readsBackAs({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });
});
