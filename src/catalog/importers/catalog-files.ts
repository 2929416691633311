/**
 * What a catalog folder holds, written in one place: the catalog files the loader reads, the attribution, and
 * each source's record (`imported/<source>.json`) that a later `parity data update` merges again. Both
 * `npm run data:import` (into data/) and `parity data update` (into a version of the user data directory) write
 * exactly `catalogFiles(…)`; anything a catalog folder should gain (an index for faster start-up) goes here once.
 */
import { DATA_FILES, taxonomyText, toJsonLines } from '../data-files.js';
import { renderAttribution } from './attribution.js';
import type { CuratedInputs } from './curated.js';
import type { MergedCatalog } from './merge.js';
import type { ImportedSource } from './source-output.js';
import { sharedFilesOf } from './registry.js';
import type { OutputFile } from './write-output.js';

export const IMPORTED_FOLDER = 'imported';

export function importedFileName(source: string): string {
  return `${IMPORTED_FOLDER}/${source}.json`;
}

/** A source record, one fact, result, price or event per line (small diffs, like the catalog files). */
export function importedSourceText(record: ImportedSource): string {
  const list = (items: readonly unknown[]): string =>
    items.length === 0 ? '[]' : `[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]`;
  const { output } = record;
  return (
    `{"source": ${JSON.stringify(record.source)}, "asOf": ${JSON.stringify(record.asOf)}, "fetched": ${JSON.stringify(record.fetched)},\n` +
    `"output": {\n"facts": ${list(output.facts)},\n"results": ${list(output.results)},\n"prices": ${list(output.prices)},\n"history": ${list(output.history)}\n}}\n`
  );
}

export interface CatalogFileOptions {
  /** Who wrote the folder, for the attribution's first paragraph. */
  writtenBy: string;
}

export function catalogFiles(merged: MergedCatalog, curated: CuratedInputs, records: readonly ImportedSource[], options: CatalogFileOptions): OutputFile[] {
  const { data } = merged;
  const attribution = {
    ...curated.sources,
    sources: data.sources,
    filesOf: (id: string) => data.sources.find((source) => source.id === id)?.fetched?.files.map((file) => file.url) ?? sharedFilesOf(id),
    writtenBy: options.writtenBy,
  };
  return [
    { name: DATA_FILES.models, text: toJsonLines(data.models), rows: data.models.length },
    { name: DATA_FILES.prices, text: toJsonLines(data.prices), rows: data.prices.length },
    { name: DATA_FILES.priceHistory, text: toJsonLines(data.priceHistory), rows: data.priceHistory.length },
    { name: DATA_FILES.results, text: toJsonLines(data.results), rows: data.results.length },
    { name: DATA_FILES.taxonomy, text: taxonomyText(data.taxonomy), rows: data.taxonomy.benchmarks.length },
    { name: DATA_FILES.aliases, text: toJsonLines(data.aliases), rows: data.aliases.length },
    { name: DATA_FILES.sources, text: toJsonLines(data.sources), rows: data.sources.length },
    { name: DATA_FILES.conflicts, text: toJsonLines(data.conflicts), rows: data.conflicts.length },
    { name: DATA_FILES.unresolved, text: toJsonLines(data.unresolved), rows: data.unresolved.length },
    { name: 'ATTRIBUTION.md', text: renderAttribution(attribution, merged.counts), rows: null },
    ...records.map((record) => ({ name: importedFileName(record.source), text: importedSourceText(record), rows: null })),
  ];
}
