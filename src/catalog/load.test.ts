import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { DATA_FILES, taxonomyText, toJsonLines } from './data-files.js';
import { clearCatalogCache, loadCatalog } from './load.js';
import { testCatalogData } from '../../test/catalog/catalog-test-data.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  clearCatalogCache();
});

function writeCatalog(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-catalog-'));
  dirs.push(dir);
  const data = testCatalogData();
  writeFileSync(path.join(dir, DATA_FILES.models), toJsonLines(data.models));
  writeFileSync(path.join(dir, DATA_FILES.prices), toJsonLines(data.prices));
  writeFileSync(path.join(dir, DATA_FILES.priceHistory), toJsonLines(data.priceHistory));
  writeFileSync(path.join(dir, DATA_FILES.results), toJsonLines(data.results));
  writeFileSync(path.join(dir, DATA_FILES.taxonomy), taxonomyText(data.taxonomy));
  writeFileSync(path.join(dir, DATA_FILES.aliases), toJsonLines(data.aliases));
  writeFileSync(path.join(dir, DATA_FILES.sources), toJsonLines(data.sources));
  writeFileSync(path.join(dir, DATA_FILES.conflicts), toJsonLines(data.conflicts));
  writeFileSync(path.join(dir, DATA_FILES.unresolved), toJsonLines(data.unresolved));
  return dir;
}

describe('loadCatalog', () => {
  it('loads, validates and caches a data folder and resolves names', () => {
    const dir = writeCatalog();
    const catalog = loadCatalog(dir);
    expect(loadCatalog(dir)).toBe(catalog);
    expect(catalog.models).toHaveLength(4);
    expect(catalog.resolveModel('Llama 3 70B')?.id).toBe('meta/llama-3-70b-instruct');
    expect(catalog.resolveModel('meta-llama/Meta-Llama-3-70B-Instruct')?.id).toBe('meta/llama-3-70b-instruct');
    expect(catalog.resolveModel('no such model')).toBeUndefined();
    expect(catalog.benchmarksByDomain.get('coding')?.map((benchmark) => benchmark.id)).toEqual(['humaneval']);
    expect(catalog.benchmarksByDomain.get('math')).toEqual([]);
    expect(catalog.resultsForModel('openai/gpt-4o')).toHaveLength(1);
  });

  it('names the file, row and field of a malformed record', () => {
    const dir = writeCatalog();
    const file = path.join(dir, DATA_FILES.models);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"releaseDate":"2024-09-19"', '"releaseDate":"Sept 2024"'));
    const error = (() => {
      try {
        loadCatalog(dir);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).file).toBe('models.json');
    expect((error as DataError).row).toBe(2);
    expect((error as DataError).message).toMatch(/^models\.json, row 2: releaseDate: expected a date YYYY-MM-DD/);
  });

  it('rejects results pointing at a model the catalog does not have', () => {
    const dir = writeCatalog();
    const file = path.join(dir, DATA_FILES.results);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"modelId":"openai/gpt-4o"', '"modelId":"openai/gpt-5"'));
    expect(() => loadCatalog(dir)).toThrow('results.json, row 2: modelId: unknown model "openai/gpt-5"');
  });

  it('loads the bundled data/ folder by default', () => {
    const catalog = loadCatalog();
    expect(catalog.models.length).toBeGreaterThan(500);
    expect(catalog.getModel('openai/gpt-4o')?.openWeights).toBe(false);
    expect(catalog.resolveModel('Meta-Llama-3-70B-Instruct')?.openWeights).toBe(true);
    expect(catalog.taxonomy.benchmarks.some((benchmark) => benchmark.id === 'eci' && benchmark.domain === 'overall')).toBe(true);
  });
});
