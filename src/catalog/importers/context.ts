/** What every source importer receives and returns. */
import type { LabDirectory, LicenseDirectory } from './curated.js';
import type { SourceFolder } from './source-files.js';
import type { SourceOutput } from './source-output.js';

export type { RawPrice, RawPriceEvent, SourceOutput } from './source-output.js';
export { emptyOutput } from './source-output.js';

export interface ImportContext {
  folder: SourceFolder;
  labs: LabDirectory;
  licenses: LicenseDirectory;
  /**
   * The date of the source's files when `parity data update` fetched them; absent when reading the bundled
   * snapshot, whose dates each importer knows.
   */
  asOf?: string;
  /**
   * The outputs of the sources before this one in the registry, by source name: a leaderboard's current file
   * reads its history's sightings there, to date first appearances as one long history would.
   */
  earlier?: ReadonlyMap<string, SourceOutput>;
}

/**
 * A provider's model id made comparable to a model name: region and vendor prefixes of Bedrock-style ids
 * (`us.anthropic.claude-…-v1:0`, `qwen.qwen3-32b`) and router tags (`:free`) removed.
 */
export function cleanProviderModelId(id: string): string {
  let text = id.trim();
  text = text.replace(/^(?:us|eu|apac|global|jp|au|ca|us-gov)\./i, '');
  text = text.replace(/^[a-z-]+\.(?=[a-z])/i, '');
  text = text.replace(/:(?:free|beta|extended|nitro|floor|online|thinking|exacto)$/i, '');
  return text;
}
