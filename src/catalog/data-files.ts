/**
 * The files of the bundled catalog under `data/` and how each is parsed and validated. The import validates
 * what it writes with these, and the loader validates what it reads with the same functions, so a malformed
 * file fails the same way in both places: a DataError naming the file and the row (array index + 1) or path.
 */
import { createRequire } from 'node:module';
import type { parse as YamlParse } from 'yaml';
import { z } from 'zod';
import { DataError, formatIssuePath } from '../errors.js';
import { parseOrThrow } from '../kernel/index.js';
import {
  aliasSchema,
  conflictSchema,
  modelSchema,
  priceHistorySchema,
  priceSchema,
  resultSchema,
  sourceSchema,
  taxonomySchema,
  unresolvedNameSchema,
} from './schema.js';
import type {
  Alias,
  BenchmarkResult,
  Conflict,
  Model,
  Price,
  PriceHistoryEntry,
  Source,
  Taxonomy,
  UnresolvedName,
} from './schema.js';

export const DATA_FILES = {
  models: 'models.json',
  prices: 'prices.json',
  priceHistory: 'price-history.json',
  results: 'results.json',
  taxonomy: 'taxonomy.yaml',
  aliases: 'aliases.json',
  sources: 'sources.json',
  conflicts: 'conflicts.json',
  unresolved: 'unresolved.json',
} as const;
export type DataFileKey = keyof typeof DATA_FILES;

/** Parsed contents of every data file. */
export interface CatalogData {
  models: Model[];
  prices: Price[];
  priceHistory: PriceHistoryEntry[];
  results: BenchmarkResult[];
  taxonomy: Taxonomy;
  aliases: Alias[];
  sources: Source[];
  conflicts: Conflict[];
  unresolved: UnresolvedName[];
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataError(file, undefined, `invalid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Validates an array file row by row; the error names the first bad row (1-based) and the field. */
function parseRows<T>(file: string, text: string, schema: z.ZodType<T>): T[] {
  const value = parseJson(file, text);
  if (!Array.isArray(value)) throw new DataError(file, undefined, 'expected a JSON array');
  return parseOrThrow(z.array(schema), value, (issue) => {
    const index = issue.path[0];
    return new DataError(file, typeof index === 'number' ? index + 1 : undefined, `${formatIssuePath(issue.path.slice(1))}: ${issue.message}`);
  });
}

// the YAML parser (CommonJS) loads only for a taxonomy in YAML syntax: the bundled one is JSON, so a plain load
// never pays for the module
const require = createRequire(import.meta.url);
const parseYaml = (text: string): unknown => (require('yaml') as { parse: typeof YamlParse }).parse(text) as unknown;

function parseTaxonomy(file: string, text: string): Taxonomy {
  let value: unknown;
  try {
    // the import writes the taxonomy in JSON syntax (JSON is YAML) because a YAML parser takes ~100 ms here;
    // a hand-edited YAML file still parses
    value = text.trimStart().startsWith('{') ? (JSON.parse(text) as unknown) : parseYaml(text);
  } catch (error) {
    throw new DataError(file, undefined, `invalid YAML: ${(error as Error).message}`, { cause: error });
  }
  const taxonomy = parseOrThrow(taxonomySchema, value, (issue) => new DataError(file, typeof issue.path[1] === 'number' ? issue.path[1] + 1 : undefined, issue.text));
  const ids = new Set<string>();
  taxonomy.benchmarks.forEach((benchmark, index) => {
    if (ids.has(benchmark.id)) throw new DataError(file, index + 1, `benchmarks[${index}].id: duplicate "${benchmark.id}"`);
    ids.add(benchmark.id);
  });
  return taxonomy;
}

/** Parses and validates one data file's text. */
export const PARSERS: { [K in DataFileKey]: (file: string, text: string) => CatalogData[K] } = {
  models: (file, text) => parseRows(file, text, modelSchema),
  prices: (file, text) => parseRows(file, text, priceSchema),
  priceHistory: (file, text) => parseRows(file, text, priceHistorySchema),
  results: (file, text) => parseRows(file, text, resultSchema),
  taxonomy: parseTaxonomy,
  aliases: (file, text) => parseRows(file, text, aliasSchema),
  sources: (file, text) => parseRows(file, text, sourceSchema),
  conflicts: (file, text) => parseRows(file, text, conflictSchema),
  unresolved: (file, text) => parseRows(file, text, unresolvedNameSchema),
};

/**
 * Checks what ties the files together: unique model ids, results and prices pointing at catalog models,
 * results naming taxonomy benchmarks, aliases pointing at models.
 */
export function checkReferences(data: CatalogData): void {
  const ids = new Set<string>();
  data.models.forEach((model, index) => {
    if (ids.has(model.id)) throw new DataError(DATA_FILES.models, index + 1, `id: duplicate "${model.id}"`);
    ids.add(model.id);
  });
  const benchmarks = new Set(data.taxonomy.benchmarks.map((benchmark) => benchmark.id));
  data.results.forEach((result, index) => {
    if (result.modelId !== null && !ids.has(result.modelId)) {
      throw new DataError(DATA_FILES.results, index + 1, `modelId: unknown model "${result.modelId}"`);
    }
    if (!benchmarks.has(result.benchmark)) {
      throw new DataError(DATA_FILES.results, index + 1, `benchmark: "${result.benchmark}" is not in ${DATA_FILES.taxonomy}`);
    }
  });
  data.prices.forEach((price, index) => {
    if (!ids.has(price.modelId)) throw new DataError(DATA_FILES.prices, index + 1, `modelId: unknown model "${price.modelId}"`);
  });
  data.aliases.forEach((alias, index) => {
    if (!ids.has(alias.modelId)) throw new DataError(DATA_FILES.aliases, index + 1, `modelId: unknown model "${alias.modelId}"`);
  });
}

/** One JSON record per line: valid JSON, small diffs, a few MB instead of pretty-printed tens. */
export function toJsonLines(records: readonly unknown[]): string {
  if (records.length === 0) return '[]\n';
  return `[\n${records.map((record) => JSON.stringify(record)).join(',\n')}\n]\n`;
}

/** The taxonomy as YAML in JSON syntax: one domain or benchmark per line. */
export function taxonomyText(taxonomy: Taxonomy): string {
  const lines = (items: readonly unknown[]): string => items.map((item) => `    ${JSON.stringify(item)}`).join(',\n');
  return `{\n  "domains": [\n${lines(taxonomy.domains)}\n  ],\n  "benchmarks": [\n${lines(taxonomy.benchmarks)}\n  ]\n}\n`;
}

/** Validates catalog data as the loader would read it back from its files (zod per row, then the references). */
export function validateCatalogData(data: CatalogData): void {
  for (const key of Object.keys(DATA_FILES) as DataFileKey[]) {
    const text = key === 'taxonomy' ? taxonomyText(data.taxonomy) : toJsonLines(data[key] as readonly unknown[]);
    PARSERS[key](DATA_FILES[key], text);
  }
  checkReferences(data);
}
