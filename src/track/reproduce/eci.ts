/**
 * Epoch's Capabilities Index as a one-benchmark catalog (domain `overall`, metric `index`), so that the ECI
 * lag is computed by the very same `computeTrack` as the bundled catalog. Groups come from Epoch's
 * `Model accessibility`: open = any "Open weights (…)"; closed = "API access" or "Hosted access (no API)";
 * "Unreleased" models are in neither group. Under `--open-definition permissive` only
 * "Open weights (unrestricted)" counts as open.
 */
import type { EciDataset, EciRow } from '../../catalog/index.js';
import type { BenchmarkResult, Model, Source, Taxonomy } from '../../catalog/index.js';
import type { TrackCatalog } from '../catalog-input.js';

export const ECI_SOURCE_ID = 'epoch-eci';
export const ECI_BENCHMARK_ID = 'eci';
/** The window of the ECI comparison: January 2023 to October 2025. */
export const ECI_WINDOW = { since: '2023-01-01', until: '2025-10-31' } as const;

function slug(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '');
  return cleaned === '' ? 'unknown' : cleaned;
}

function isOpen(row: EciRow): boolean {
  return row.accessibility.startsWith('Open weights');
}

export function eciCatalog(dataset: EciDataset): TrackCatalog {
  const models: Model[] = [];
  const results: BenchmarkResult[] = [];
  const seen = new Set<string>();
  for (const row of dataset.rows) {
    if (row.accessibility === 'Unreleased') continue;
    const lab = slug(row.organization.split(',')[0] ?? row.organization).replace(/\./g, '-');
    let id = `${lab}/${slug(row.modelVersion)}`;
    if (seen.has(id)) id = `${id}-row${row.row}`;
    seen.add(id);
    const name = row.displayName ?? row.modelVersion;
    models.push({
      id,
      lab: row.organization,
      name,
      family: row.modelName,
      openWeights: isOpen(row),
      license: isOpen(row) ? row.accessibility : null,
      releaseDate: row.releaseDate,
      parametersB: null,
      activeParametersB: null,
      contextWindow: null,
      inputModalities: ['text'],
      outputModalities: ['text'],
      sources: [ECI_SOURCE_ID],
    });
    results.push({
      modelId: id,
      modelName: row.modelVersion,
      benchmark: ECI_BENCHMARK_ID,
      score: row.eci,
      ciLow: null,
      ciHigh: null,
      date: row.releaseDate,
      source: ECI_SOURCE_ID,
      sourceRow: `${dataset.file}#row=${row.row}`,
    });
  }
  const taxonomy: Taxonomy = {
    domains: [{ id: 'overall', name: 'Overall capability', description: 'Epoch Capabilities Index' }],
    benchmarks: [
      {
        id: ECI_BENCHMARK_ID,
        name: 'Epoch Capabilities Index',
        domain: 'overall',
        metric: 'index',
        higherIsBetter: true,
        description: 'A composite of many benchmarks stitched on one scale (Epoch AI).',
      },
    ],
  };
  const source: Source = {
    id: ECI_SOURCE_ID,
    name: dataset.title,
    origin: dataset.origin,
    snapshotDate: dataset.snapshotDate,
    licence: dataset.licence,
    taken: 'ECI score, release date and model accessibility per model version',
  };
  return { models, results, taxonomy, sources: [source] };
}
