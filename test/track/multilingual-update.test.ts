/**
 * Multilingual has no results in the bundled snapshot (the shared data collection holds no multilingual scores),
 * so the report names the sources searched; `parity data update` fetches OpenAI simple-evals' MGSM table and the
 * domain gets a lag. Run against a mirror on 127.0.0.1 built from the catalog fixtures (the README table there
 * is the upstream file's, verbatim).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateData } from '../../src/catalog/data-location.js';
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
  mirror = await startMirrorServer(mirrorDir);
});

afterAll(async () => {
  await mirror.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('multilingual', () => {
  it('has no data in the bundled snapshot, and the report names the sources searched', () => {
    const domain = computeTrack(loadCatalog(), { domains: ['multilingual'] }).domains[0]!;
    expect(domain.status).toBe('no-data');
    expect(domain.note).toMatch(/^no benchmark results for this domain in the data; sources searched: MGSM: OpenAI simple-evals/);
    expect(domain.note).toContain('parity data update --source simple-evals');
  });

  it('gets a lag once `parity data update` fetched the MGSM table', async () => {
    const userDir = temp('parity-user-');
    const { result } = await updateData({ userDir, mirror: mirror.url, sources: ['simple-evals'] });
    expect(result.sources.find((source) => source.name === 'simple-evals')).toMatchObject({ outcome: 'updated' });
    const catalog = loadCatalog(locateData(userDir).dir);
    const domain = computeTrack(catalog, { domains: ['multilingual'] }).domains[0]!;
    expect(domain).toMatchObject({ status: 'ok', headlineBenchmark: 'mgsm', sources: ['simple-evals'] });
    // Llama 3.1 405B (2024-07-23, 91.6% as Meta reported it) matches Claude 3.5 Sonnet (2024-06-20, 91.6%)
    expect(domain.bestOpen).toMatchObject({ score: 0.916, date: '2024-07-23' });
    const daily = domain.lags.find((lag) => lag.method === 'daily');
    expect(daily?.lagMonths).toBeCloseTo(33 / DAYS_PER_MONTH, 9);
    // no open model reached the next 2-point level (92%): no threshold crossing, so no threshold lag
    expect(domain.lags.find((lag) => lag.method === 'threshold')?.lagMonths).toBeNull();
    expect(domain.benchmarks[0]?.threshold?.openNotYet).toEqual([0.92]);
  }, 120_000);
});
