/** Renders `data/ATTRIBUTION.md` from the source descriptions and the import's counts. */
import type { Source } from '../schema.js';
import type { SourcesFile } from './curated.js';

export interface SourceCounts {
  results: number;
  models: number;
  prices: number;
}

export interface AttributionInput extends Omit<SourcesFile, 'sources'> {
  /** The descriptions as written to sources.json (a fetched source names its URLs and fetch time). */
  sources: Source[];
  /** The files each catalog source id was read from. */
  filesOf(id: string): string[];
  /** Who wrote the folder (`npm run data:import`, `parity data update`). */
  writtenBy: string;
}

export function renderAttribution(input: AttributionInput, counts: ReadonlyMap<string, SourceCounts>): string {
  const { writtenBy } = input;
  const lines = [
    '# Attribution of the bundled catalog data',
    '',
    'The files in this folder (except `curated/`, which is parity\'s own hand-curated input) are written by',
    `${writtenBy} from the public sources below. Each benchmark result, price and model fact names its`,
    'source id; `sources.json` holds the same list in machine-readable form.',
    '',
  ];
  for (const source of input.sources) {
    const count = counts.get(source.id);
    lines.push(`## ${source.name} (\`${source.id}\`)`, '');
    lines.push(`- Origin: ${source.origin}`);
    lines.push(`- Snapshot date: ${source.snapshotDate}`);
    lines.push(`- Licence: ${source.licence}`);
    lines.push(`- Taken: ${source.taken}`);
    const files = input.filesOf(source.id);
    if (files.length > 0) lines.push(`- Files read: ${files.map((file) => `\`${file}\``).join(', ')}`);
    if (count !== undefined) {
      lines.push(`- Bundled: ${count.results} benchmark results, facts on ${count.models} models, ${count.prices} prices`);
    }
    lines.push('');
  }
  lines.push('## Not bundled', '');
  for (const item of input.notBundled) lines.push(`- ${item.name} — ${item.licence}: ${item.reason}`);
  lines.push('');
  if (input.gaps.length > 0) {
    lines.push('## Known gaps', '');
    for (const gap of input.gaps) lines.push(`- ${gap}`);
    lines.push('');
  }
  return lines.join('\n');
}
