/**
 * `shared/data/reference/gpu-prices.csv` and `throughput.csv` → normalised rows with GPU/model keys.
 * Every row keeps its line number, source and confidence; values the source left open ("see source",
 * "n/a") become null rather than a guess.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { DataError } from '../../errors.js';
import { gpuKey, modelKey, parametersFromName } from '../reference-keys.js';
import {
  gpuPricesFileSchema,
  throughputFileSchema,
  type GpuPrice,
  type GpuPricesFile,
  type PricingKind,
  type ThroughputFile,
  type ThroughputRow,
} from '../reference-schema.js';

interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

function readCsv(text: string, fileLabel: string, columns: readonly string[]): CsvRecord[] {
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : undefined;
    throw new DataError(fileLabel, line, `invalid CSV: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const header = Object.keys(rows[0]?.record ?? {});
  const missing = columns.filter((column) => !header.includes(column));
  if (rows.length > 0 && missing.length > 0) {
    throw new DataError(fileLabel, 1, `missing column(s): ${missing.join(', ')}`);
  }
  return rows.map((row) => ({ line: row.info.lines, values: row.record }));
}

function fail(fileLabel: string, line: number, column: string, reason: string): never {
  throw new DataError(fileLabel, line, `${column}: ${reason}`);
}

function optional(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function positiveNumber(record: CsvRecord, column: string, fileLabel: string, allowEmpty: true): number | null;
function positiveNumber(record: CsvRecord, column: string, fileLabel: string, allowEmpty?: false): number;
function positiveNumber(record: CsvRecord, column: string, fileLabel: string, allowEmpty = false): number | null {
  const text = record.values[column] ?? '';
  if (text === '' && allowEmpty) return null;
  const parsed = z.coerce.number().positive().safeParse(text === '' ? Number.NaN : text);
  if (!parsed.success) fail(fileLabel, record.line, column, `expected a positive number, got "${text}"`);
  return parsed.data;
}

/** A positive integer, or null for the placeholders the source uses when it does not know. */
function countOrNull(record: CsvRecord, column: string, fileLabel: string): number | null {
  const text = record.values[column] ?? '';
  if (text === '' || /^(n\/a|see source.*)$/i.test(text)) return null;
  const parsed = z.coerce.number().int().positive().safeParse(text);
  if (!parsed.success) fail(fileLabel, record.line, column, `expected a count, "n/a" or "see source", got "${text}"`);
  return parsed.data;
}

const PRICE_COLUMNS = [
  'provider', 'gpu', 'gpus_per_instance', 'instance_type', 'pricing_type', 'usd_per_hour_instance',
  'usd_per_gpu_hour', 'region', 'as_of', 'source', 'source_kind', 'confidence', 'notes',
] as const;

/** Source pricing types → the kinds the cost model offers, and which end of a range a row is. */
const PRICING_TYPES: Readonly<Record<string, { pricing: PricingKind; rangeBound: 'low' | 'high' | null }>> = {
  on_demand: { pricing: 'on-demand', rangeBound: null },
  on_demand_range_low: { pricing: 'on-demand', rangeBound: 'low' },
  on_demand_range_high: { pricing: 'on-demand', rangeBound: 'high' },
  spot: { pricing: 'spot', rangeBound: null },
  spot_typical: { pricing: 'spot', rangeBound: null },
  reserved_1yr: { pricing: 'reserved', rangeBound: null },
  reserved_1yr_partial_upfront: { pricing: 'reserved', rangeBound: null },
  rental_index: { pricing: 'index', rangeBound: null },
};

export function importGpuPrices(text: string, fileLabel: string): GpuPricesFile {
  const rows: GpuPrice[] = readCsv(text, fileLabel, PRICE_COLUMNS).map((record) => {
    const value = (column: (typeof PRICE_COLUMNS)[number]): string => record.values[column] ?? '';
    const pricingType = PRICING_TYPES[value('pricing_type')];
    if (pricingType === undefined) {
      fail(fileLabel, record.line, 'pricing_type', `unknown pricing type "${value('pricing_type')}"`);
    }
    const confidence = z.enum(['high', 'medium', 'low']).safeParse(value('confidence'));
    if (!confidence.success) fail(fileLabel, record.line, 'confidence', `expected high/medium/low, got "${value('confidence')}"`);
    if (value('provider') === '' || value('gpu') === '' || value('source') === '') {
      fail(fileLabel, record.line, 'provider/gpu/source', 'must not be empty');
    }
    const gpus = countOrNull(record, 'gpus_per_instance', fileLabel);
    if (gpus === null) fail(fileLabel, record.line, 'gpus_per_instance', 'must be a positive integer');
    return {
      row: record.line,
      provider: value('provider'),
      gpu: value('gpu'),
      gpuKey: gpuKey(value('gpu')),
      gpusPerInstance: gpus,
      instanceType: optional(value('instance_type')),
      pricingType: value('pricing_type'),
      pricing: pricingType.pricing,
      rangeBound: pricingType.rangeBound,
      usdPerHourInstance: positiveNumber(record, 'usd_per_hour_instance', fileLabel, true),
      usdPerGpuHour: positiveNumber(record, 'usd_per_gpu_hour', fileLabel),
      region: optional(value('region')),
      asOf: value('as_of'),
      source: value('source'),
      sourceKind: value('source_kind'),
      confidence: confidence.data,
      notes: optional(value('notes')),
    };
  });
  return gpuPricesFileSchema.parse({ schemaVersion: 1, origin: 'shared/data/reference/gpu-prices.csv', rows });
}

const THROUGHPUT_COLUMNS = [
  'engine', 'engine_version', 'model', 'gpu', 'num_gpus', 'precision', 'tensor_parallel', 'workload',
  'concurrency', 'metric', 'value', 'unit', 'as_of', 'source', 'source_kind', 'notes',
] as const;

/**
 * Sizes a name does not tell: mixtures of experts. Mixtral 8x7B: 46.7B total, 12.9B active per token
 * (mistral.ai/news/mixtral-of-experts, 2023-12-11).
 */
const MIXTURE_SIZES: Readonly<Record<string, { parametersB: number; activeParametersB: number }>> = {
  'mixtral-8x7b': { parametersB: 46.7, activeParametersB: 12.9 },
};

const CAPACITY_UNITS = new Set(['requests/s', 'tokens/s']);

function precisionKey(text: string): string | null {
  const match = /\b(bf16|fp16|fp8|fp4|int8|int4)\b/i.exec(text);
  return match?.[1] === undefined ? null : match[1].toLowerCase();
}

export function importThroughput(text: string, fileLabel: string): ThroughputFile {
  const rows: ThroughputRow[] = readCsv(text, fileLabel, THROUGHPUT_COLUMNS).map((record) => {
    const value = (column: (typeof THROUGHPUT_COLUMNS)[number]): string => record.values[column] ?? '';
    if (value('model') === '' || value('metric') === '' || value('unit') === '' || value('source') === '') {
      fail(fileLabel, record.line, 'model/metric/unit/source', 'must not be empty');
    }
    const key = modelKey(value('model'));
    const sizes = MIXTURE_SIZES[key];
    const parametersB = sizes?.parametersB ?? parametersFromName(value('model'));
    const gpu = gpuKey(value('gpu'));
    const numGpus = countOrNull(record, 'num_gpus', fileLabel);
    return {
      row: record.line,
      engine: value('engine'),
      engineVersion: value('engine_version'),
      model: value('model'),
      modelKey: key,
      parametersB,
      activeParametersB: sizes?.activeParametersB ?? parametersB,
      gpu: value('gpu'),
      gpuKey: gpu,
      numGpus,
      precision: precisionKey(value('precision')),
      tensorParallel: countOrNull(record, 'tensor_parallel', fileLabel),
      workload: value('workload'),
      concurrency: value('concurrency'),
      metric: value('metric'),
      value: positiveNumber(record, 'value', fileLabel),
      unit: value('unit'),
      asOf: value('as_of'),
      source: value('source'),
      sourceKind: value('source_kind'),
      notes: optional(value('notes')),
      usableAsCapacity:
        value('metric') === 'throughput' && CAPACITY_UNITS.has(value('unit')) && gpu !== null && numGpus !== null,
    };
  });
  return throughputFileSchema.parse({ schemaVersion: 1, origin: 'shared/data/reference/throughput.csv', rows });
}
