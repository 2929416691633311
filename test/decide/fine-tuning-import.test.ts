/**
 * The fine-tuning reference table: `data/curated/fine-tuning.yaml` → `data/reference/fine-tuning.json`. The
 * bundled JSON must be what the importer writes from the curated file, and a bad row fails with file and line.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { importFineTuning, parseFineTuning } from '../../src/catalog/importers/reference-fine-tuning.js';
import { ASSUMPTION_IDS } from '../../src/catalog/fine-tuning-schema.js';
import { loadFineTuningReference } from '../../src/decide/load-reference.js';
import { DataError } from '../../src/errors.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const curatedFile = path.join(repoRoot, 'data/curated/fine-tuning.yaml');
const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function curatedText(): Promise<string> {
  return readFile(curatedFile, 'utf8');
}

function parseError(text: string): DataError {
  try {
    parseFineTuning(text, 'curated/fine-tuning.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('importFineTuning', () => {
  it('writes the bundled table exactly as committed, and the loader keys every assumption', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'parity-ft-'));
    temporary.push(out);
    const { written, rows } = await importFineTuning(path.join(repoRoot, 'data/curated'), out);
    expect(await readFile(written, 'utf8')).toBe(await readFile(path.join(repoRoot, 'data/reference/fine-tuning.json'), 'utf8'));
    expect(rows).toBeGreaterThan(20);
    const reference = loadFineTuningReference(out);
    expect(Object.keys(reference.assumptions).sort()).toEqual([...ASSUMPTION_IDS].sort());
    expect(reference.assumptions['training-flops-per-parameter-token'].value).toBe(6);
    // every row of the table names a source and the date it was checked
    const rowsWithSources = [...Object.values(reference.assumptions), ...reference.gpuPeaks, ...reference.mfu, ...reference.architectures, ...reference.hosted.offers];
    expect(rowsWithSources.every((row) => row.source.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(row.seen))).toBe(true);
  });

  it('fails with the file and line of a bad value', async () => {
    const text = (await curatedText()).replace('value: 0.8\n', 'value: -0.8\n');
    const error = parseError(text);
    expect(error.message).toMatch(/^curated\/fine-tuning\.yaml, row \d+: assumptions\[1\]\.value: /);
    const line = text.split('\n').findIndex((entry) => entry.includes('value: -0.8')) + 1;
    expect(error.row).toBe(line);
  });

  it('fails on a missing or repeated assumption, and on an offer for an undescribed service', async () => {
    const text = await curatedText();
    expect(parseError(text.replace('id: logit-bytes', 'id: activation-layer-bytes')).message).toMatch(/assumptions: missing logit-bytes/);
    expect(parseError(text.replace(/- service: ori\n {6}sizes/, '- service: nobody\n      sizes')).message).toMatch(/service "nobody" is not in hosted\.services/);
    expect(parseError(text.replace('sizes: { aboveB: 16, upToB: 80 }', 'sizes: { aboveB: 80, upToB: 16 }')).message).toMatch(/upToB must exceed aboveB/);
  });
});
