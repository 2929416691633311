/**
 * The import over the full public sources in ../shared/data (skipped when absent; CI has it): fewer than 5% of
 * benchmark rows without a catalog model, every domain (multilingual from simple-evals) covered by open and closed models,
 * and the committed data/ equal to what the import writes today.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDoctorReport } from '../../src/catalog/doctor.js';
import { setAsideImplausiblePrices } from '../../src/catalog/importers/price-outliers.js';
import { runImport } from '../../src/catalog/importers/run-import.js';
import type { ImportSummary } from '../../src/catalog/importers/run-import.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { DOMAIN_IDS } from '../../src/catalog/schema.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const shared = path.resolve(repoRoot, '../shared/data');
const present = existsSync(shared);
if (!present) console.warn(`skipping the full catalog import test: ${shared} is absent`);

describe.skipIf(!present)('catalog import over the full shared data', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'parity-full-'));
  let summary: ImportSummary | undefined;
  const imported = (): ImportSummary => {
    summary ??= runImport({ sharedDir: shared, outDir, curatedDir: path.join(repoRoot, 'data/curated') });
    return summary;
  };
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('leaves fewer than 5% of benchmark rows without a model, with no stale curated entries', () => {
    const result = imported();
    expect(result.warnings).toEqual([]);
    const report = buildDoctorReport(loadCatalog(outDir));
    expect(report.results.total).toBeGreaterThan(10_000);
    expect(report.results.unmatchedShare).toBeLessThan(0.05);
  }, 300_000);

  it('sets aside the price listings no other host comes near, so none is left in the bundled prices', () => {
    const result = imported();
    expect(result.setAside.length).toBeGreaterThan(0);
    for (const note of result.setAside) expect(note).toMatch(/^(\S+: \S+ price of \S+ \(\$|\d+ price-history events)/);
    const prices = loadCatalog(outDir).prices;
    expect(setAsideImplausiblePrices(prices).setAside).toEqual([]);
  }, 300_000);

  it('covers every domain with open and closed models', () => {
    imported();
    const catalog = loadCatalog(outDir);
    for (const domain of DOMAIN_IDS) {
      const benchmarks = new Set((catalog.benchmarksByDomain.get(domain) ?? []).map((benchmark) => benchmark.id));
      const models = new Set(catalog.results.filter((result) => result.modelId !== null && benchmarks.has(result.benchmark)).map((result) => result.modelId as string));
      const open = [...models].filter((id) => catalog.getModel(id)?.openWeights).length;
      expect({ domain, open: open > 0, closed: models.size - open > 0 }).toEqual({ domain, open: true, closed: true });
    }
    expect(catalog.resolveModel('Meta-Llama-3-70B-Instruct')).toMatchObject({ openWeights: true, lab: 'meta' });
    expect(catalog.resolveModel('claude-3-5-sonnet-20240620')).toMatchObject({ openWeights: false, lab: 'anthropic' });
  }, 300_000);

  it('writes exactly the committed data/ (run `npm run data:import` and commit when this fails)', () => {
    for (const file of imported().files) {
      expect(readFileSync(path.join(outDir, file.name), 'utf8'), file.name).toBe(readFileSync(path.join(repoRoot, 'data', file.name), 'utf8'));
    }
  }, 300_000);
});
