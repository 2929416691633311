/**
 * Multilingual gets its lag from OpenAI simple-evals' MGSM table (the shared data collection holds no
 * multilingual scores): the bundled snapshot from the repository's verbatim copy of the table
 * (data/curated/sources/), and `parity data update` from the file it fetches — here from a mirror on 127.0.0.1
 * built from the catalog fixtures, with one score of the table changed, so the updated figure is the fetched one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateData } from '../../src/catalog/data-location.js';
import { SIMPLE_EVALS_README } from '../../src/catalog/importers/simple-evals.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { updateData } from '../../src/catalog/update/update-data.js';
import { computeTrack } from '../../src/track/compute-track.js';
import { DAYS_PER_MONTH } from '../../src/track/dates.js';
import { buildDataMirror, startMirrorServer, type MirrorServer } from '../helpers/data-mirror.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
let mirror: MirrorServer;

beforeAll(async () => {
  const mirrorDir = temp('parity-mirror-');
  buildDataMirror(path.join(repoRoot, 'test/fixtures/catalog/shared'), mirrorDir);
  // a newer table than the bundled copy: Llama 3.1 405B's MGSM at 90.0 instead of 91.6
  const readme = path.join(mirrorDir, SIMPLE_EVALS_README);
  const row = /(\| \[Llama 3\.1 405b\][^\n]*?\|\s+89\.0\s+\| )91\.6( \|)/;
  const table = readFileSync(readme, 'utf8');
  expect(table).toMatch(row);
  writeFileSync(readme, table.replace(row, '$190.0$2'));
  mirror = await startMirrorServer(mirrorDir);
});

afterAll(async () => {
  await mirror.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('multilingual', () => {
  it('has a lag in the bundled snapshot, from the MGSM table, with its source', () => {
    const domain = computeTrack(loadCatalog(), { domains: ['multilingual'] }).domains[0]!;
    expect(domain).toMatchObject({ status: 'ok', note: null, headlineBenchmark: 'mgsm', sources: ['simple-evals'] });
    // Llama 3.1 405B (2024-07-23, 91.6% as Meta reported it) matches Claude 3.5 Sonnet (2024-06-20, 91.6%)
    expect(domain.bestOpen).toMatchObject({ modelId: 'meta/llama-3.1-405b-instruct', score: 0.916, date: '2024-07-23', source: 'simple-evals' });
    expect(domain.lags.find((lag) => lag.method === 'daily')?.lagMonths).toBeCloseTo(33 / DAYS_PER_MONTH, 9);
  });

  it('gets a lag once `parity data update` fetched the MGSM table', async () => {
    const userDir = temp('parity-user-');
    const { result } = await updateData({ userDir, mirror: mirror.url, sources: ['simple-evals'] });
    expect(result.sources.find((source) => source.name === 'simple-evals')).toMatchObject({ outcome: 'updated' });
    const catalog = loadCatalog(locateData(userDir).dir);
    const domain = computeTrack(catalog, { domains: ['multilingual'] }).domains[0]!;
    expect(domain).toMatchObject({ status: 'ok', headlineBenchmark: 'mgsm', sources: ['simple-evals'] });
    // the fetched figure: Llama 3.1 405B (2024-07-23) at 90.0%, a level Claude 3 Opus (90.7%) reached on 2024-02-29
    expect(domain.bestOpen).toMatchObject({ modelId: 'meta/llama-3.1-405b-instruct', score: 0.9, date: '2024-07-23' });
    const daily = domain.lags.find((lag) => lag.method === 'daily');
    expect(daily?.lagMonths).toBeCloseTo(145 / DAYS_PER_MONTH, 9);
  }, 120_000);
});
