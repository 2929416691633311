/**
 * The bundled reproduction datasets are exactly what the importers make of the shared source files.
 * Needs ../shared/data (skipped without it, always run under CI).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEciDataset } from '../../src/catalog/datasets/eci.js';
import { loadEpoch2024Dataset } from '../../src/catalog/datasets/epoch-2024.js';
import { importEciDataset } from '../../src/catalog/importers/eci-dataset.js';
import { importEpoch2024 } from '../../src/catalog/importers/epoch-2024.js';
import { DataError } from '../../src/errors.js';
import { importTrackDatasets } from '../../scripts/import-track-datasets.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const shared = path.resolve(repoRoot, '../shared/data');
const available = existsSync(path.join(shared, 'epoch-open-model-trends')) || process.env.CI === 'true';
if (!available) console.warn(`skipping track dataset import tests: ${shared} is absent`);

describe.skipIf(!available)('track dataset importers', () => {
  it('rebuild data/datasets/*.json byte for byte', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'parity-datasets-'));
    try {
      importTrackDatasets(shared, out);
      for (const name of ['epoch-2024.json', 'eci.json']) {
        expect(readFileSync(path.join(out, 'datasets', name), 'utf8')).toBe(readFileSync(path.join(repoRoot, 'data', 'datasets', name), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('keep every source row and its fields', () => {
    const epoch = importEpoch2024(shared);
    expect(epoch).toEqual(loadEpoch2024Dataset());
    const random = epoch.rows.find((row) => row.system === 'Random chance');
    expect(random).toMatchObject({ group: null, date: null, scores: { mmlu: 0.25, sealMath: 0 } });
    expect(epoch.rows.filter((row) => row.file === 'gsm1k').every((row) => row.trust === null)).toBe(true);
    const eci = importEciDataset(shared);
    expect(eci).toEqual(loadEciDataset());
    expect(new Set(eci.rows.map((row) => row.accessibility)).size).toBeGreaterThanOrEqual(5);
  });

  it('name the file when the folder is wrong', () => {
    expect(() => importEpoch2024(path.join(shared, 'no-such-folder'))).toThrow(DataError);
  });
});
