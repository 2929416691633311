import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { importReference } from '../../src/catalog/importers/reference.js';
import { licensesFileSchema } from '../../src/catalog/reference-schema.js';
import { checkLicense } from '../../src/decide/index.js';
import { loadReference } from '../../src/decide/load-reference.js';
import { DataError } from '../../src/errors.js';

const fixtures = fileURLToPath(new URL('../fixtures/decide/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sharedData = path.resolve(repoRoot, '../shared/data');

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the fixture `reference/` folder, optionally with one file's text edited. */
async function sharedCopy(edit?: { file: string; from: string; to: string }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parity-ref-'));
  temporary.push(dir);
  await cp(path.join(fixtures, 'reference'), path.join(dir, 'reference'), { recursive: true });
  if (edit !== undefined) {
    const file = path.join(dir, 'reference', edit.file);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(edit.from);
    await writeFile(file, text.replace(edit.from, edit.to));
  }
  return dir;
}

async function outDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parity-ref-out-'));
  temporary.push(dir);
  return dir;
}

async function importError(edit: { file: string; from: string; to: string }): Promise<DataError> {
  const error = await importReference(await sharedCopy(edit), await outDir()).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('importReference', () => {
  it('writes the three tables and loadReference reads them back', async () => {
    const out = await outDir();
    const result = await importReference(await sharedCopy(), out);
    expect(result.counts).toEqual({ licenseFamilies: 7, licenseRedirects: 3, gpuPrices: 5, throughputRows: 4 });
    expect(result.written.map((file) => path.relative(out, file))).toEqual([
      path.join('reference', 'licenses.json'),
      path.join('reference', 'gpu-prices.json'),
      path.join('reference', 'throughput.json'),
    ]);
    const reference = loadReference(out);
    const llama3 = reference.licenses.families.find((family) => family.id === 'llama-3');
    expect(llama3?.terms.mauThreshold).toBe(700_000_000);
    expect(llama3?.terms.mauClause).toMatchObject({ origin: 'source-comment', text: expect.stringContaining('request a license from Meta') });
    expect(llama3?.verification.level).toBe('primary');
    const qwen = reference.licenses.families.find((family) => family.id === 'qwen2.5');
    expect(qwen?.variants.map((variant) => variant.sizesB)).toEqual([[0.5, 1.5, 7, 14, 32], [3], [72]]);
    expect(qwen?.variants[2]?.terms.mauThreshold).toBe(100_000_000);
    expect(qwen?.verification.level).toBe('secondary'); // "primary for …; secondary for the 100M MAU figure"
    // A quoted range keeps which end it is; "see source" GPUs stay unknown rather than guessed.
    expect(reference.gpuPrices.rows[2]).toMatchObject({ gpuKey: 'a100-80gb', pricing: 'on-demand', rangeBound: 'high', row: 4 });
    const hidden = reference.throughput.rows.find((row) => row.gpu.startsWith('see source'));
    expect(hidden).toMatchObject({ gpuKey: null, numGpus: null, usableAsCapacity: false });
    // The imported file answers licence questions end to end.
    const verdict = checkLicense({ id: 'meta/llama-3-8b', openWeights: true }, { monthlyActiveUsers: 800_000_000 }, reference.licenses);
    expect(verdict.verdict).toBe('not-allowed');
  });

  it('rejects a malformed MAU threshold with the file, line and path', async () => {
    const error = await importError({ file: 'licenses.yaml', from: 'mau_threshold: 700000000   #', to: 'mau_threshold: lots   #' });
    expect(error.file).toBe('reference/licenses.yaml');
    expect(error.row).toBe(14);
    expect(error.message).toContain('families[0].mau_threshold');
  });

  it('rejects a licence family without a source', async () => {
    const error = await importError({
      file: 'licenses.yaml',
      from: '    source: "github.com/meta-llama/llama-models @ a9c89c471f79 (2025-07-15) models/llama3/LICENSE"\n',
      to: '',
    });
    expect(error.message).toMatch(/families\[0\]\.source/);
  });

  it('rejects invalid YAML with its line', async () => {
    const error = await importError({ file: 'licenses.yaml', from: 'families:', to: 'families: [' });
    expect(error.message).toContain('invalid YAML');
    expect(error.row).toBeGreaterThan(0);
  });

  it('fails when a rule quotes a field the entry lacks', async () => {
    const error = await importError({ file: 'licenses.yaml', from: '    output_use_restriction: "May NOT', to: '    output_use_note: "May NOT' });
    expect(error.message).toContain('"output_use_restriction"');
  });

  it('rejects an unknown pricing type and a non-numeric price, naming the CSV line', async () => {
    const pricing = await importError({ file: 'gpu-prices.csv', from: ',on_demand,8.38,', to: ',hourly,8.38,' });
    expect(pricing).toMatchObject({ file: 'reference/gpu-prices.csv', row: 3 });
    expect(pricing.message).toContain('unknown pricing type "hourly"');
    const price = await importError({ file: 'gpu-prices.csv', from: ',4.29,4.29,', to: ',4.29,cheap,' });
    expect(price).toMatchObject({ row: 2 });
    expect(price.message).toContain('usd_per_gpu_hour');
  });

  it('rejects a throughput row with a missing value or a missing column', async () => {
    const value = await importError({ file: 'throughput.csv', from: 'max,throughput,22.5674,', to: 'max,throughput,,' });
    expect(value).toMatchObject({ file: 'reference/throughput.csv', row: 2 });
    const column = await importError({ file: 'throughput.csv', from: 'engine,engine_version,', to: 'engine_name,engine_version,' });
    expect(column.message).toContain('missing column(s): engine');
  });

  it('leaves earlier output alone when a source is bad', async () => {
    const out = await outDir();
    await importReference(await sharedCopy(), out);
    const before = await readFile(path.join(out, 'reference', 'licenses.json'), 'utf8');
    await expect(importReference(await sharedCopy({ file: 'throughput.csv', from: '22.5674', to: 'x' }), out)).rejects.toThrow(DataError);
    expect(await readFile(path.join(out, 'reference', 'licenses.json'), 'utf8')).toBe(before);
  });
});

const haveShared = existsSync(path.join(sharedData, 'reference', 'licenses.yaml'));
if (!haveShared) console.warn(`skipping the full reference import: ${sharedData} is absent`);

describe.skipIf(!haveShared)('importReference over shared/data (full files)', () => {
  it('reproduces the committed data/reference exactly', async () => {
    const out = await outDir();
    const result = await importReference(sharedData, out);
    expect(result.warnings).toEqual([]);
    for (const name of ['licenses.json', 'gpu-prices.json', 'throughput.json']) {
      const fresh = JSON.parse(await readFile(path.join(out, 'reference', name), 'utf8')) as unknown;
      const committed = JSON.parse(await readFile(path.join(repoRoot, 'data', 'reference', name), 'utf8')) as unknown;
      expect(fresh, name).toEqual(committed);
    }
    const licenses = licensesFileSchema.parse(JSON.parse(await readFile(path.join(out, 'reference', 'licenses.json'), 'utf8')));
    expect(licenses.families.map((family) => family.id)).toContain('gpt-oss');
  });
});
