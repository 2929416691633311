/**
 * `updateData` against a mirror on 127.0.0.1 built from the catalog fixtures (test/helpers/data-mirror.ts):
 * broken sources fail one by one with their reason and keep their previous data while the others update; a
 * retried 500 recovers; a second update makes conditional requests and installs nothing when nothing changed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalogDir, locateData } from '../../src/catalog/data-location.js';
import { importedFileName } from '../../src/catalog/importers/catalog-files.js';
import { importedSourceSchema, type ImportedSource } from '../../src/catalog/importers/source-output.js';
import type { UpdateEvent } from '../../src/catalog/update/events.js';
import { mergeIsolating, updateData } from '../../src/catalog/update/update-data.js';
import type { SourceOutcome } from '../../src/catalog/update/report.js';
import { DATA_SOURCES } from '../../src/catalog/importers/registry.js';
import { readCuratedInputs } from '../../src/catalog/importers/curated.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildDataMirror, startMirrorServer, type MirrorServer } from '../helpers/data-mirror.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/catalog/shared');
const temps: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

let mirrorDir: string;
let mirror: MirrorServer;

beforeAll(async () => {
  mirrorDir = temp('parity-mirror-');
  buildDataMirror(fixtures, mirrorDir);
  mirror = await startMirrorServer(mirrorDir);
  mirror.lastModified = 'Tue, 01 Dec 2026 08:00:00 GMT';
});

afterAll(async () => {
  await mirror.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const bundledRows = (source: string) => {
  const record = importedSourceSchema.parse(JSON.parse(readFileSync(path.join(bundledCatalogDir(), importedFileName(source)), 'utf8')));
  return { facts: record.output.facts.length, results: record.output.results.length, prices: record.output.prices.length, history: record.output.history.length };
};

/** Replaces a file of the mirror for one test; returns the restore. */
function breakFile(file: string, edit: (text: string) => string): () => void {
  const full = path.join(mirrorDir, file);
  const original = readFileSync(full);
  writeFileSync(full, edit(original.toString('utf8')));
  return () => writeFileSync(full, original);
}

describe('parity data update against a local mirror', () => {
  it('names each broken source with its reason, keeps its previous data, and updates the others', async () => {
    const restores = [
      // a renamed field: every price would silently vanish
      breakFile('litellm/model_prices_and_context_window.json', (text) => text.replaceAll('"input_cost_per_token"', '"input_cost_per_tok"')),
      // wrong columns: the score column renamed
      breakFile('lmarena/lmarena_text.csv', (text) => text.replace('arena_score', 'score')),
      // malformed: not JSON any more
      breakFile('evalplus/results.json', (text) => text.slice(0, Math.floor(text.length / 3))),
    ];
    mirror.fault('models-dev/api.json', { kind: 'status', status: 500 });
    mirror.fault('arena-hard/arena_hard_leaderboard_20240731.csv', { kind: 'hang' });
    mirror.fault('bfcl/data_overall.csv', { kind: 'truncate' });
    mirror.fault('epoch/benchmark_data.zip', { kind: 'status', status: 404 });
    const events: UpdateEvent[] = [];
    const userDir = temp('parity-user-');
    try {
      const { result } = await updateData({ userDir, mirror: mirror.url, timeoutMs: 400, maxAttempts: 2, backoffMs: 10, onEvent: (event) => events.push(event) });
      const outcome = Object.fromEntries(result.sources.map((source) => [source.name, source]));
      expect(outcome['litellm']).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/input_cost_per_token.*renamed fields/) });
      expect(outcome['lmarena']).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('lmarena/lmarena_text.csv: missing column "arena_score"') });
      expect(outcome['evalplus']).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('evalplus/results.json: invalid JSON') });
      expect(outcome['models-dev']).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/models-dev\/api\.json: models-dev: HTTP 500/) });
      expect(outcome['arena-hard']).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('no progress within 400 ms') });
      expect(outcome['bfcl']).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/bfcl\/data_overall\.csv: bfcl: reading the file failed/) });
      expect(outcome['epoch']).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/benchmark_data\.zip: epoch: HTTP 404/) });
      // a source reading only healthy files updates although another source failed on the same host
      expect(outcome['models-dev-benchmarks']).toMatchObject({ outcome: 'updated', asOf: '2026-12-01' });
      expect(result.complete).toBe(false);
      // a failed source keeps its previous (here: the bundled) data, row for row
      for (const name of ['litellm', 'lmarena', 'evalplus', 'models-dev', 'arena-hard', 'bfcl', 'epoch']) {
        expect(outcome[name]?.rows.after, name).toEqual(bundledRows(name));
        expect(outcome[name]?.fetchedAt, name).toBeNull();
      }
      // retryable failures were retried, a 404 was not
      expect(mirror.requests.filter((request) => request.path === 'models-dev/api.json')).toHaveLength(2);
      // (on a busy machine the first try may time out before the 404 arrives, and that timeout is retried; the
      // HTTP client may also resend a GET whose pooled connection closed under it — neither is a retry of the
      // 404: what must hold is that no retry followed a 404)
      const epochRetries = events.filter((event) => event.type === 'retry' && event.source === 'epoch');
      expect(epochRetries.filter((event) => event.type === 'retry' && /404/.test(event.reason))).toEqual([]);
      expect(mirror.requests.filter((request) => request.path === 'epoch/benchmark_data.zip').length).toBeLessThanOrEqual(2);
      expect(events.some((event) => event.type === 'retry' && event.source === 'models-dev')).toBe(true);
      // installed: parity reads the new version, whose sources.json names the fetched files
      expect(result.installed).not.toBeNull();
      const location = locateData(userDir);
      expect(location).toMatchObject({ kind: 'user', version: result.installed?.version });
      const benchmarks = loadCatalog(location.dir).sources.find((source) => source.id === 'models-dev-benchmarks');
      expect(benchmarks?.snapshotDate).toBe('2026-12-01');
      expect(benchmarks?.fetched?.files[0]).toMatchObject({ url: `${mirror.url}/models-dev/models.json`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(loadCatalog(location.dir).prices.filter((price) => price.source === 'litellm').length).toBeGreaterThan(1000);
    } finally {
      for (const restore of restores) restore();
      mirror.clearFaults();
    }
  }, 120_000);

  it('retries a 500 that recovers, then asks again conditionally and installs nothing when nothing changed', async () => {
    const userDir = temp('parity-user-');
    mirror.fault('litellm/model_prices_and_context_window.json', { kind: 'status', status: 503, headers: { 'retry-after': '0' }, times: 1 });
    const events: UpdateEvent[] = [];
    const first = await updateData({ userDir, mirror: mirror.url, sources: ['litellm'], backoffMs: 10, onEvent: (event) => events.push(event) });
    expect(first.result.sources.find((source) => source.name === 'litellm')).toMatchObject({ outcome: 'updated', asOf: '2026-12-01' });
    expect(first.result.sources.find((source) => source.name === 'lmarena')).toMatchObject({ outcome: 'not-selected' });
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(1);
    expect(first.result.complete).toBe(true);
    const installed = first.result.installed?.version;
    expect(loadCatalog(locateData(userDir).dir).prices.filter((price) => price.source === 'litellm')).toHaveLength(first.after.prices.filter((price) => price.source === 'litellm').length);

    const before = mirror.requests.length;
    const second = await updateData({ userDir, mirror: mirror.url, sources: ['litellm'] });
    expect(second.result.sources.find((source) => source.name === 'litellm')).toMatchObject({ outcome: 'unchanged' });
    expect(second.result.installed).toBeNull();
    expect(locateData(userDir).version).toBe(installed);
    const asked = mirror.requests.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.ifNoneMatch).toMatch(/^"[0-9a-f]+"$/);
  }, 120_000);

  it('says a broken install is broken (never falls back silently), and the next update repairs it', async () => {
    const userDir = temp('parity-user-');
    writeFileSync(path.join(userDir, 'current'), 'gone\n');
    expect(() => locateData(userDir)).toThrow(/names gone, which is not installed .*parity data reset/);
    const { result } = await updateData({ userDir, mirror: mirror.url, sources: ['arena-hard'] });
    expect(result.installed).not.toBeNull();
    expect(locateData(userDir)).toMatchObject({ kind: 'user', version: result.installed?.version });
  }, 120_000);

  it('reads the repository\'s copy of a file the source has no URL for, so an update keeps its rows', async () => {
    const userDir = temp('parity-user-');
    const { result } = await updateData({ userDir, mirror: mirror.url, sources: ['epoch'] });
    expect(result.sources.find((source) => source.name === 'epoch')?.outcome).toBe('updated');
    const record = (dir: string) => importedSourceSchema.parse(JSON.parse(readFileSync(path.join(dir, importedFileName('epoch')), 'utf8')));
    // Epoch's scores_long.csv (release dates, earlier runs) has no public URL: its rows come from data/curated/sources/
    const fromScoresLong = (source: ImportedSource) =>
      source.output.results.filter((row) => row.sourceRow === 'scores_long.csv').map((row) => `${row.modelName}|${row.benchmark}|${row.score}|${row.date}`).sort();
    const fresh = record(locateData(userDir).dir);
    expect(fresh.fetched?.files.map((file) => file.url)).not.toContainEqual(expect.stringContaining('scores_long'));
    expect(fromScoresLong(fresh).length).toBeGreaterThan(100);
    expect(fromScoresLong(fresh)).toEqual(fromScoresLong(record(bundledCatalogDir())));
  }, 120_000);

  it('refuses an unknown or bundled-only --source before fetching anything', async () => {
    const userDir = temp('parity-user-');
    await expect(updateData({ userDir, mirror: mirror.url, sources: ['nope'] })).rejects.toThrow(/--source nope: unknown; sources: models-dev, tokenlens/);
    await expect(updateData({ userDir, mirror: mirror.url, sources: ['litellm-history'] })).rejects.toThrow(/bundled only/);
  });
});

describe('merging fresh records', () => {
  it('keeps the previous record of a source whose rows cannot be merged, and merges the others', () => {
    const read = (name: string) => importedSourceSchema.parse(JSON.parse(readFileSync(path.join(bundledCatalogDir(), importedFileName(name)), 'utf8')));
    const previous = new Map(DATA_SOURCES.map((source) => [source.name, read(source.name)]));
    const records = DATA_SOURCES.map((source) => previous.get(source.name) as ImportedSource);
    const arena = records.findIndex((record) => record.source === 'arena-hard');
    const evalplus = records.findIndex((record) => record.source === 'evalplus');
    const bad = records[arena] as ImportedSource;
    records[arena] = { ...bad, asOf: '2026-12-01', output: { ...bad.output, results: [...bad.output.results, { ...(bad.output.results[0] as ImportedSource['output']['results'][number]), benchmark: 'no-such-benchmark' }] } };
    const good = records[evalplus] as ImportedSource;
    records[evalplus] = { ...good, asOf: '2026-12-01', output: { ...good.output, results: good.output.results.slice(1) } };
    const statuses = new Map(DATA_SOURCES.map((source) => [source.name, { outcome: (source.name === 'arena-hard' || source.name === 'evalplus' ? 'updated' : 'not-selected') as SourceOutcome, reason: null as string | null }]));
    const merged = mergeIsolating(records, previous, statuses, readCuratedInputs(path.join(bundledCatalogDir(), 'curated')));
    expect(statuses.get('arena-hard')).toEqual({ outcome: 'failed', reason: expect.stringContaining('its data could not be merged into the catalog: curated/taxonomy.yaml: benchmark "no-such-benchmark"') });
    expect(statuses.get('evalplus')?.outcome).toBe('updated');
    expect(records[arena]).toBe(previous.get('arena-hard'));
    expect(records[evalplus]?.output.results).toHaveLength(good.output.results.length - 1); // the fresh record stays
    expect(merged.data.results.some((result) => result.benchmark === 'no-such-benchmark')).toBe(false);
    expect(merged.data.results.some((result) => result.source === 'arena-hard')).toBe(true);
  }, 120_000);
});
