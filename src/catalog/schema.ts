/**
 * The bundled catalog's data model. Every file under `data/` is validated against these schemas when the
 * import writes it and again when the product loads it. Types are inferred from the schemas.
 */
import { z } from 'zod';

export const isoDate = z.iso.date({ error: 'expected a date YYYY-MM-DD (a real calendar day)' });

/** Capability domains. Which benchmark belongs to which domain is data (`data/taxonomy.yaml`), not code. */
export const DOMAIN_IDS = [
  'overall',
  'reasoning-knowledge',
  'math',
  'coding',
  'multilingual',
  'instruction-following',
  'function-calling',
  'long-context',
  'multimodal',
  'agentic',
  'human-preference',
] as const;
export const domainId = z.enum(DOMAIN_IDS);
export type DomainId = z.infer<typeof domainId>;

export const MODALITIES = ['text', 'image', 'audio', 'video', 'pdf', 'file'] as const;
export const modality = z.enum(MODALITIES);

/** One file `parity data update` downloaded: where from, its digest and its validators for the next request. */
export const fetchedFileSchema = z.object({
  url: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
});
export type FetchedFile = z.infer<typeof fetchedFileSchema>;

/** How a source's files were obtained by `parity data update`. */
export const fetchedSchema = z.object({
  /** ISO instant of the download. */
  at: z.string(),
  files: z.array(fetchedFileSchema),
});
export type Fetched = z.infer<typeof fetchedSchema>;

/** Where a fact came from: one entry of `data/sources.json`. */
export const sourceSchema = z.object({
  id: z.string().min(1), // e.g. "models-dev", "epoch-eci", "lmarena-history"
  name: z.string(),
  origin: z.string(), // repository or site, with commit where known
  snapshotDate: isoDate,
  licence: z.string(),
  taken: z.string(), // what was taken from it
  /** Set when `parity data update` fetched the source: the URL, sha256 and time of each file. */
  fetched: fetchedSchema.optional(),
});
export type Source = z.infer<typeof sourceSchema>;

export const modelSchema = z.object({
  /** Canonical id: `<lab>/<model>` in lower kebab case, e.g. `meta/llama-3.1-70b-instruct`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/, 'expected lab/model in lower case'),
  lab: z.string(),
  name: z.string(),
  family: z.string().nullable(),
  openWeights: z.boolean(),
  /** Licence of the weights (SPDX id where one exists, else the licence's name); null when unknown. */
  license: z.string().nullable(),
  releaseDate: isoDate.nullable(),
  parametersB: z.number().positive().nullable(),
  activeParametersB: z.number().positive().nullable(),
  contextWindow: z.number().int().positive().nullable(),
  inputModalities: z.array(modality),
  outputModalities: z.array(modality),
  /** Source ids that contributed facts about this model. */
  sources: z.array(z.string()).min(1),
  /** Which source each chosen fact came from, e.g. `{ openWeights: 'models-dev', releaseDate: 'epoch-eci' }`. */
  provenance: z.record(z.string(), z.string()).optional(),
});
export type Model = z.infer<typeof modelSchema>;

/** Maps a name as written in some source to a canonical model id. */
export const aliasSchema = z.object({
  alias: z.string(),
  modelId: z.string(),
  source: z.string().nullable(), // null: applies to every source
  /** curated: hand-written in data/curated/aliases.yaml; derived: a name a source used for the model. */
  kind: z.enum(['curated', 'derived']).optional(),
  note: z.string().optional(),
});
export type Alias = z.infer<typeof aliasSchema>;

export const priceSchema = z.object({
  modelId: z.string(),
  provider: z.string(), // e.g. "openai", "together", "groq"
  inputPerMtok: z.number().nonnegative(),
  outputPerMtok: z.number().nonnegative(),
  cacheReadPerMtok: z.number().nonnegative().nullable(),
  cacheWritePerMtok: z.number().nonnegative().nullable(),
  asOf: isoDate,
  source: z.string(),
  /** The provider's own model id (what you send to its API), e.g. `meta-llama/Llama-3.3-70B-Instruct-Turbo`. */
  providerModelId: z.string().nullable().optional(),
});
export type Price = z.infer<typeof priceSchema>;

export const PRICE_EVENTS = ['initial', 'added', 'changed', 'removed'] as const;
export const priceHistorySchema = z.object({
  modelId: z.string().nullable(), // null when the provider's key could not be matched to a catalog model
  providerModelKey: z.string(),
  provider: z.string(),
  date: isoDate,
  event: z.enum(PRICE_EVENTS),
  inputPerMtok: z.number().nonnegative().nullable(),
  outputPerMtok: z.number().nonnegative().nullable(),
  source: z.string(),
});
export type PriceHistoryEntry = z.infer<typeof priceHistorySchema>;

/**
 * A price the model was listed at and no longer is (the price history's last priced event per provider key):
 * the public list price of a retired or delisted model, never a price one can buy at today.
 */
export interface LastListedPrice {
  provider: string;
  providerModelKey: string;
  inputPerMtok: number;
  outputPerMtok: number;
  /** The snapshot of the history that last showed this price. */
  listedOn: string;
  /** When the listing disappeared from the source, or null if the history does not say. */
  removedOn: string | null;
  source: string;
}

export const METRICS = ['accuracy', 'elo', 'index', 'score'] as const;
export const benchmarkSchema = z.object({
  id: z.string(), // e.g. "mmlu", "gpqa-diamond", "lmarena-text", "eci"
  name: z.string(),
  domain: domainId,
  /** accuracy: a share in [0, 1]; elo: an arena rating; index: a composite (ECI); score: anything else. */
  metric: z.enum(METRICS),
  higherIsBetter: z.boolean(),
  description: z.string().nullable(),
});
export type Benchmark = z.infer<typeof benchmarkSchema>;

export const resultSchema = z.object({
  /** null when the source's model name could not be resolved; `parity catalog doctor` lists these. */
  modelId: z.string().nullable(),
  modelName: z.string(), // the name as the source wrote it
  benchmark: z.string(),
  score: z.number(),
  /** 95% interval where the source gives one (arena ratings). */
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  /** Date the result stands for: the model's release date where the source gives one, else the snapshot date. */
  date: isoDate,
  source: z.string(),
  sourceRow: z.string().nullable(), // e.g. a snapshot date or file name inside the source
});
export type BenchmarkResult = z.infer<typeof resultSchema>;

export const taxonomySchema = z.object({
  domains: z.array(
    z.object({
      id: domainId,
      name: z.string(),
      description: z.string(),
      /** Sources looked at for the domain and why they give no results (named while the data holds none). */
      searched: z.array(z.string()).optional(),
    }),
  ),
  benchmarks: z.array(benchmarkSchema),
});
export type Taxonomy = z.infer<typeof taxonomySchema>;

/** Two sources disagree about a fact of one model; the import keeps `chosen` and records the rest. */
export const conflictSchema = z.object({
  modelId: z.string(),
  field: z.enum(['openWeights', 'releaseDate', 'license', 'lab']),
  chosen: z.union([z.string(), z.boolean(), z.null()]),
  values: z.array(z.object({ source: z.string(), value: z.union([z.string(), z.boolean(), z.null()]), name: z.string() })),
});
export type Conflict = z.infer<typeof conflictSchema>;

/** A model name from a source that the import could not resolve to exactly one catalog model. */
export const UNRESOLVED_STATUSES = ['unmatched', 'ambiguous'] as const;
export const unresolvedNameSchema = z.object({
  source: z.string(),
  name: z.string(),
  status: z.enum(UNRESOLVED_STATUSES),
  /** Benchmark rows carrying this name. */
  rows: z.number().int().nonnegative(),
  candidates: z.array(z.string()),
});
export type UnresolvedName = z.infer<typeof unresolvedNameSchema>;
