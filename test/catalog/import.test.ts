/**
 * The catalog import over small copies of the public sources (test/fixtures/catalog/shared, see
 * test/fixtures/ATTRIBUTION.md): what it writes, and that a malformed source fails with file, row and reason
 * while the output folder stays as it was.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { DATA_SOURCES } from '../../src/catalog/importers/registry.js';
import { runImport } from '../../src/catalog/importers/run-import.js';
import { clearCatalogCache, loadCatalog } from '../../src/catalog/load.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = path.join(repoRoot, 'test/fixtures/catalog/shared');
const curatedDir = path.join(repoRoot, 'data/curated');
const temps: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function copyOfFixtures(): string {
  const dir = tempDir('parity-shared-');
  cpSync(fixtures, dir, { recursive: true });
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((name) => /\.(json|yaml|md)$/.test(name)).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  clearCatalogCache();
});

describe('catalog import over fixture sources', () => {
  it('writes validated, attributed data the loader reads back', () => {
    const outDir = tempDir('parity-data-');
    const summary = runImport({ sharedDir: copyOfFixtures(), outDir, curatedDir });
    expect(summary.files.map((file) => file.name).sort()).toEqual(
      [
        'ATTRIBUTION.md', 'aliases.json', 'conflicts.json', 'models.json', 'price-history.json', 'prices.json', 'results.json', 'sources.json', 'taxonomy.yaml', 'unresolved.json',
        ...DATA_SOURCES.map((source) => `imported/${source.name}.json`),
      ].sort(),
    );
    const catalog = loadCatalog(outDir);
    expect(catalog.models.length).toBe(summary.models);

    // LMArena's "GPT-4o-2024-05-13" and models.dev's gpt-4o (same release date) are one model, closed
    const gpt4o = catalog.resolveModel('GPT-4o-2024-05-13');
    expect(gpt4o).toMatchObject({ id: 'openai/gpt-4o', openWeights: false, releaseDate: '2024-05-13' });
    const arena = catalog.resultsForModel('openai/gpt-4o').filter((result) => result.benchmark === 'lmarena-text');
    expect(arena.length).toBeGreaterThan(0);
    for (const result of arena) {
      expect(result.ciLow).not.toBeNull();
      expect(result.ciLow as number).toBeLessThan(result.score);
      expect(result.ciHigh as number).toBeGreaterThan(result.score);
    }
    // open weights from the sources, a price from the lab and from a host serving the weights
    expect(catalog.resolveModel('meta-llama/Llama-3.3-70B-Instruct')).toMatchObject({ id: 'meta/llama-3.3-70b-instruct', openWeights: true });
    expect(catalog.pricesForModel('openai/gpt-4o').some((price) => price.provider === 'openai' && price.inputPerMtok === 2.5)).toBe(true);
    expect(catalog.pricesForModel('meta/llama-3.3-70b-instruct').map((price) => price.providerModelId)).toContain('meta-llama/Llama-3.3-70B-Instruct-Turbo');
    // a function-calling model BFCL lists from its first snapshot, with no date anywhere, stays unmatched
    expect(catalog.unresolved.some((name) => name.source === 'bfcl' && name.name === 'xLAM-7b-r (FC)')).toBe(true);
    expect(catalog.results.filter((result) => result.modelName === 'xLAM-7b-r (FC)').every((result) => result.modelId === null)).toBe(true);
    // every result names a taxonomy benchmark, every source is described
    const sources = new Set(catalog.sources.map((source) => source.id));
    for (const result of catalog.results) expect(sources.has(result.source)).toBe(true);
    const attribution = readFileSync(path.join(outDir, 'ATTRIBUTION.md'), 'utf8');
    expect(attribution).toContain('LMArena');
    expect(attribution).toMatch(/AlpacaEval[^\n]*CC BY-NC/);
    expect(catalog.sources.some((source) => /alpaca/i.test(source.id))).toBe(false);
  });

  it('fails on a malformed row with file, row and reason, and leaves the output folder untouched', () => {
    const outDir = tempDir('parity-data-');
    const shared = copyOfFixtures();
    runImport({ sharedDir: shared, outDir, curatedDir });
    const before = snapshot(outDir);

    const file = path.join(shared, 'lmarena/lmsys_arena_history.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const header = (lines[0] ?? '').split(',');
    const column = header.indexOf('arena_elo');
    const cells = (lines[2] ?? '').split(',');
    cells[column] = 'twelve';
    lines[2] = cells.join(',');
    writeFileSync(file, lines.join('\n'));

    let caught: unknown;
    try {
      runImport({ sharedDir: shared, outDir, curatedDir });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataError);
    expect((caught as DataError).file).toBe('lmarena/lmsys_arena_history.csv');
    expect((caught as DataError).row).toBe(2);
    expect((caught as DataError).message).toBe('lmarena/lmsys_arena_history.csv, row 2: column "arena_elo": expected a number, got "twelve"');
    expect(snapshot(outDir)).toEqual(before);
    expect(readdirSync(outDir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('fails on a missing source file without writing anything', () => {
    const outDir = tempDir('parity-data-');
    const shared = copyOfFixtures();
    rmSync(path.join(shared, 'bfcl/bfcl_overall_history.csv'));
    expect(() => runImport({ sharedDir: shared, outDir, curatedDir })).toThrow(/^bfcl\/bfcl_overall_history\.csv: source file not found/);
    expect(existsSync(path.join(outDir, 'models.json'))).toBe(false);
  });
});
