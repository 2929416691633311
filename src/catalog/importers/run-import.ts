/**
 * The catalog import: runs every source's importer over the shared data folder (see registry.ts for where each
 * source's files lie there), merges the outputs with the curated inputs, and writes `data/` atomically — the
 * catalog and each source's record under `data/imported/`. Run by `npm run data:import`
 * (scripts/import-data.ts); the product never reads the shared folder itself.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { catalogFiles } from './catalog-files.js';
import type { ImportContext } from './context.js';
import { readCuratedInputs } from './curated.js';
import type { CuratedInputs } from './curated.js';
import { mergeSources } from './merge.js';
import { DATA_SOURCES, importLocations, VENDORED_FOLDER } from './registry.js';
import type { DataSource } from './registry.js';
import { SourceFolder } from './source-files.js';
import { sourceOutputSchema } from './source-output.js';
import type { ImportedSource, SourceOutput } from './source-output.js';
import { writeOutputAtomically } from './write-output.js';

export interface ImportOptions {
  /** The folder holding the raw public sources (the import's --shared argument); read only by the import. */
  sharedDir: string;
  /** Where to write (the package's data/). */
  outDir: string;
  /** Hand-curated inputs (default: `<outDir>/curated`). */
  curatedDir?: string;
}

export interface ImportSummary {
  outDir: string;
  files: Array<{ name: string; rows: number | null; bytes: number }>;
  models: number;
  openModels: number;
  results: number;
  unmatchedResults: number;
  prices: number;
  conflicts: number;
  /** Things a maintainer should look at (curated entries that matched nothing). */
  warnings: string[];
  /** Source rows left out as implausible (unit errors in the source), one line each. */
  setAside: string[];
}

/**
 * Runs one source's importer over `folder` and checks what it produced against the record schema (a row an
 * importer could not have produced from valid input is a bug, named with the source).
 */
export function importSource(
  source: DataSource,
  folder: SourceFolder,
  curated: CuratedInputs,
  earlier: ReadonlyMap<string, SourceOutput>,
  asOf?: string,
): SourceOutput {
  const context: ImportContext = { folder, labs: curated.labs, licenses: curated.licenses, earlier, ...(asOf === undefined ? {} : { asOf }) };
  const output = source.import(context);
  parseOrThrow(sourceOutputSchema, output, (issue) => new DataError(`${source.name} (importer output)`, undefined, issue.text));
  return output;
}

export function runImport(options: ImportOptions): ImportSummary {
  const sharedDir = path.resolve(options.sharedDir);
  const outDir = path.resolve(options.outDir);
  if (!existsSync(sharedDir)) throw new DataError(sharedDir, undefined, 'shared data folder not found');
  const curatedDir = options.curatedDir ?? path.join(outDir, 'curated');
  const curated = readCuratedInputs(curatedDir);
  const vendoredDir = path.join(curatedDir, VENDORED_FOLDER);

  const earlier = new Map<string, SourceOutput>();
  const records: ImportedSource[] = DATA_SOURCES.map((source) => {
    const output = importSource(source, new SourceFolder(sharedDir, importLocations(source, sharedDir, vendoredDir)), curated, earlier);
    earlier.set(source.name, output);
    return { source: source.name, asOf: null, fetched: null, output };
  });
  const merged = mergeSources(records, curated);
  const files = catalogFiles(merged, curated, records, { writtenBy: '`npm run data:import`' });
  writeOutputAtomically(outDir, files);

  const { data } = merged;
  return {
    outDir,
    files: files.map((file) => ({ name: file.name, rows: file.rows ?? null, bytes: Buffer.byteLength(file.text) })),
    models: data.models.length,
    openModels: data.models.filter((model) => model.openWeights).length,
    results: data.results.length,
    unmatchedResults: data.results.filter((result) => result.modelId === null).length,
    prices: data.prices.length,
    conflicts: data.conflicts.length,
    warnings: merged.warnings,
    setAside: merged.setAside,
  };
}
