/** Renders `data/ATTRIBUTION.md` from the curated source descriptions and the import's counts. */
import type { SourcesFile } from './curated.js';

export interface SourceCounts {
  results: number;
  models: number;
  prices: number;
}

export function renderAttribution(sources: SourcesFile, counts: ReadonlyMap<string, SourceCounts>): string {
  const lines = [
    '# Attribution of the bundled catalog data',
    '',
    'The files in this folder (except `curated/`, which is parity\'s own hand-curated input) are written by',
    '`npm run data:import` from the public sources below. Each benchmark result, price and model fact names its',
    'source id; `sources.json` holds the same list in machine-readable form.',
    '',
  ];
  for (const source of sources.sources) {
    const count = counts.get(source.id);
    lines.push(`## ${source.name} (\`${source.id}\`)`, '');
    lines.push(`- Origin: ${source.origin}`);
    lines.push(`- Snapshot date: ${source.snapshotDate}`);
    lines.push(`- Licence: ${source.licence}`);
    lines.push(`- Taken: ${source.taken}`);
    if (source.files.length > 0) lines.push(`- Files read: ${source.files.map((file) => `\`${file}\``).join(', ')}`);
    if (count !== undefined) {
      lines.push(`- Bundled: ${count.results} benchmark results, facts on ${count.models} models, ${count.prices} prices`);
    }
    lines.push('');
  }
  lines.push('## Not bundled', '');
  for (const item of sources.notBundled) lines.push(`- ${item.name} — ${item.licence}: ${item.reason}`);
  lines.push('');
  if (sources.gaps.length > 0) {
    lines.push('## Known gaps', '');
    for (const gap of sources.gaps) lines.push(`- ${gap}`);
    lines.push('');
  }
  return lines.join('\n');
}
