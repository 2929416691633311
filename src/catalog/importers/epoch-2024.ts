/**
 * Importer for the data of Epoch AI's "How far behind are open models?" (Nov 2024): reads the report's CSVs
 * from a copy of `shared/data/epoch-open-model-trends/` and returns the normalised dataset. Run explicitly
 * (scripts/import-track-datasets.ts); the product reads only the JSON it writes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError } from '../../errors.js';
import { epoch2024DatasetSchema, type Epoch2024Dataset, type Epoch2024Row } from '../datasets/epoch-2024.js';
import { cell, dateCell, numberCell, type CsvRecord } from './csv-cells.js';

const FOLDER = 'epoch-open-model-trends';
const BENCHMARKS_FILE = 'benchmarks_with_model_accessibility.csv';
const GSM1K_FILE = 'gsm1k_with_model_accessibility.csv';
const EXCLUDED_FILE = 'excluded_finetuned_systems.csv';

function readCsv(file: string): CsvRecord[] {
  try {
    return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true }) as CsvRecord[];
  } catch (error) {
    throw new DataError(file, undefined, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function group(record: CsvRecord, file: string, row: number): Epoch2024Row['group'] {
  const value = cell(record, 'Open/Closed');
  if (value === null) return null;
  if (value === 'Open') return 'open';
  if (value === 'Closed') return 'closed';
  throw new DataError(file, row, `column "Open/Closed": unexpected value ${value}`);
}

function requiredSystem(record: CsvRecord, file: string, row: number): string {
  const system = cell(record, 'System');
  if (system === null) throw new DataError(file, row, 'column "System" is blank');
  return system;
}

export function importEpoch2024(sharedDataDir: string): Epoch2024Dataset {
  const folder = path.join(sharedDataDir, FOLDER);
  const rows: Epoch2024Row[] = [];

  const benchmarksFile = path.join(folder, BENCHMARKS_FILE);
  readCsv(benchmarksFile).forEach((record, index) => {
    const row = index + 1;
    rows.push({
      system: requiredSystem(record, benchmarksFile, row),
      date: dateCell(record, 'Date', benchmarksFile, row),
      group: group(record, benchmarksFile, row),
      file: 'benchmarks',
      row,
      scores: {
        mmlu: numberCell(record, 'MMLU', benchmarksFile, row),
        gpqa: numberCell(record, 'GPQA', benchmarksFile, row),
        bbh: numberCell(record, 'BBH', benchmarksFile, row),
        gsm1k: null, // this table has no GSM1k column
        sealMath: numberCell(record, 'SEAL Math', benchmarksFile, row),
      },
      trust: numberCell(record, 'Trust in benchmark results', benchmarksFile, row),
    });
  });

  const gsm1kFile = path.join(folder, GSM1K_FILE);
  readCsv(gsm1kFile).forEach((record, index) => {
    const row = index + 1;
    rows.push({
      system: requiredSystem(record, gsm1kFile, row),
      date: dateCell(record, 'Date', gsm1kFile, row),
      group: group(record, gsm1kFile, row),
      file: 'gsm1k',
      row,
      scores: { mmlu: null, gpqa: null, bbh: null, gsm1k: numberCell(record, 'GSM1k', gsm1kFile, row), sealMath: null },
      trust: null,
    });
  });

  const excludedFile = path.join(folder, EXCLUDED_FILE);
  const excludedSystems = readCsv(excludedFile).map((record, index) => requiredSystem(record, excludedFile, index + 1));

  const dataset = {
    dataset: 'epoch-2024' as const,
    title: 'Epoch AI, "How far behind are open models?" (November 2024)',
    origin: 'github.com/epoch-research/open-model-trends @ a72b3e93b358 (2024-11-05), data/',
    licence: 'CC BY 4.0 (Epoch AI)',
    files: { benchmarks: BENCHMARKS_FILE, gsm1k: GSM1K_FILE },
    excludedSystems,
    rows,
  };
  const parsed = epoch2024DatasetSchema.safeParse(dataset);
  if (!parsed.success) throw new DataError(folder, undefined, parsed.error.message, { cause: parsed.error });
  return parsed.data;
}
