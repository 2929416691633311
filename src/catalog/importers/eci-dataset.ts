/**
 * Importer for Epoch AI's Capabilities Index table (`epoch-benchmarking/epoch_capabilities_index.csv`):
 * the rows that have an ECI score, with their release date and accessibility.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError } from '../../errors.js';
import { ECI_ACCESSIBILITY, eciDatasetSchema, type EciAccessibility, type EciDataset, type EciRow } from '../datasets/eci.js';
import { cell, dateCell, numberCell, type CsvRecord } from './csv-cells.js';

const FILE = 'epoch-benchmarking/epoch_capabilities_index.csv';

function isAccessibility(value: string): value is EciAccessibility {
  return (ECI_ACCESSIBILITY as readonly string[]).includes(value);
}

export function importEciDataset(sharedDataDir: string): EciDataset {
  const file = path.join(sharedDataDir, FILE);
  let records: CsvRecord[];
  try {
    records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true }) as CsvRecord[];
  } catch (error) {
    throw new DataError(file, undefined, error instanceof Error ? error.message : String(error), { cause: error });
  }
  const rows: EciRow[] = [];
  records.forEach((record, index) => {
    const row = index + 1;
    const eci = numberCell(record, 'ECI Score', file, row);
    if (eci === null) return; // listed models without an index value
    const releaseDate = dateCell(record, 'Release date', file, row);
    if (releaseDate === null) throw new DataError(file, row, 'an ECI row without a release date');
    const accessibility = cell(record, 'Model accessibility') ?? '';
    if (!isAccessibility(accessibility)) throw new DataError(file, row, `unknown accessibility "${accessibility}"`);
    rows.push({
      modelVersion: cell(record, 'Model version') ?? '',
      displayName: cell(record, 'Display name'),
      modelName: cell(record, 'Model name'),
      organization: cell(record, 'Organization') ?? '',
      releaseDate,
      eci,
      accessibility,
      confidence: cell(record, 'Confidence'),
      row,
    });
  });
  const dataset = {
    dataset: 'eci' as const,
    title: 'Epoch AI, Epoch Capabilities Index (ECI)',
    origin: 'github.com/epoch-research/benchmark-stitching @ 07356c2 (2025-11-07), data/website/epoch_capabilities_index.csv',
    licence: 'CC BY 4.0 (Epoch AI)',
    file: 'epoch_capabilities_index.csv',
    snapshotDate: '2025-11-07',
    rows,
  };
  const parsed = eciDatasetSchema.safeParse(dataset);
  if (!parsed.success) throw new DataError(file, undefined, parsed.error.message, { cause: parsed.error });
  return parsed.data;
}
