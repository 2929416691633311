/** What every source importer receives and returns. */
import type { PriceHistoryEntry } from '../schema.js';
import type { LabDirectory, LicenseDirectory } from './curated.js';
import type { ModelFact, RawResult } from './model-facts.js';
import type { SourceFolder } from './source-files.js';

export interface ImportContext {
  folder: SourceFolder;
  labs: LabDirectory;
  licenses: LicenseDirectory;
}

/** A provider's price for a model name, before the name is resolved. */
export interface RawPrice {
  source: string;
  provider: string;
  /** Names to try, best first (a canonical base model id, the provider's id, its display name). */
  names: string[];
  providerModelId: string;
  inputPerMtok: number;
  outputPerMtok: number;
  cacheReadPerMtok: number | null;
  cacheWritePerMtok: number | null;
  asOf: string;
}

export type RawPriceEvent = Omit<PriceHistoryEntry, 'modelId'>;

export interface SourceOutput {
  facts: ModelFact[];
  results: RawResult[];
  prices: RawPrice[];
  history: RawPriceEvent[];
}

export function emptyOutput(): SourceOutput {
  return { facts: [], results: [], prices: [], history: [] };
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
