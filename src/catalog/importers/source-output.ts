/**
 * What one source's importer produces before the sources are merged: model facts, benchmark results, prices
 * and price events, each still naming the model as the source writes it. `npm run data:import` writes each
 * source's output to `data/imported/<source>.json` next to the catalog, and `parity data update` rebuilds the
 * catalog from these records (the fresh ones of the sources it fetched, the kept ones of the others), so the
 * same merge runs in both places. The schemas here are the one declaration of these shapes.
 */
import { z } from 'zod';
import { fetchedSchema, isoDate, MODALITIES, priceHistorySchema } from '../schema.js';

const modalityList = z.array(z.enum(MODALITIES)).nullable();

/** What a source knows about one model name. Every field but the name is optional. */
export const modelFactSchema = z.object({
  source: z.string(),
  /** The name as the source writes it. */
  name: z.string(),
  /** Slug for the model id when this fact creates a model (defaults to a slug of `name`). */
  idHint: z.string().nullable().optional(),
  /** Display name when this fact creates a model (defaults to `name`). */
  displayName: z.string().nullable().optional(),
  lab: z.string().nullable().optional(),
  family: z.string().nullable().optional(),
  openWeights: z.boolean().nullable().optional(),
  /** Where `openWeights` comes from when not from `source` itself (e.g. a curated family rule). */
  openWeightsBasis: z.string().optional(),
  license: z.string().nullable().optional(),
  releaseDate: isoDate.nullable().optional(),
  /** The date is approximate (first seen in the source, uploaded to the Hub), not an announced release. */
  releaseDateApprox: z.boolean().optional(),
  /**
   * The source listed or evaluated the model publicly on this date, so it was released by then: an upper
   * bound that overrules a release date more than 60 days later.
   */
  listedBy: isoDate.nullable().optional(),
  parametersB: z.number().nullable().optional(),
  activeParametersB: z.number().nullable().optional(),
  contextWindow: z.number().nullable().optional(),
  inputModalities: modalityList.optional(),
  outputModalities: modalityList.optional(),
  /** More names the source uses for the same model (a display name next to an id). */
  otherNames: z.array(z.string()).optional(),
  /** May this fact add a model the catalog does not have yet? (default true) */
  create: z.boolean().optional(),
  /**
   * Only complete another source's unmatched fact of the same exact name (never merge into a known model):
   * for weak sources such as community uploads on the Hub, whose names repeat labs' model names.
   */
  combineOnly: z.boolean().optional(),
  /**
   * Merge only into a model this name resolves to by id, alias or exact name, never by a relaxed match (a
   * provider's `codestral-2508` is not `codestral-2501`): for facts that must not land on a sibling version.
   */
  exactOnly: z.boolean().optional(),
});
export type ModelFact = z.infer<typeof modelFactSchema>;

/** A benchmark score as a source states it, before the model name is resolved. */
export const rawResultSchema = z.object({
  source: z.string(),
  modelName: z.string(),
  /** Lab the source names (narrows resolution). */
  lab: z.string().nullable().optional(),
  benchmark: z.string(),
  score: z.number(),
  ciLow: z.number().nullable().optional(),
  ciHigh: z.number().nullable().optional(),
  /** The date the source gives (model release or snapshot); null → the matched model's release date. */
  date: isoDate.nullable(),
  /** Used when neither the source nor the matched model has a date (the source's snapshot date). */
  fallbackDate: isoDate,
  /**
   * The day the source observed this name (a leaderboard snapshot), if it says: the model existed by then,
   * which settles between candidates and rules out models released much later. Not a release date.
   */
  seenBy: isoDate.nullable().optional(),
  sourceRow: z.string().nullable().optional(),
});
export type RawResult = z.infer<typeof rawResultSchema>;

/** A provider's price for a model name, before the name is resolved. */
export const rawPriceSchema = z.object({
  source: z.string(),
  provider: z.string(),
  /** Names to try, best first (a canonical base model id, the provider's id, its display name). */
  names: z.array(z.string()),
  providerModelId: z.string(),
  inputPerMtok: z.number().nonnegative(),
  outputPerMtok: z.number().nonnegative(),
  cacheReadPerMtok: z.number().nullable(),
  cacheWritePerMtok: z.number().nullable(),
  asOf: isoDate,
});
export type RawPrice = z.infer<typeof rawPriceSchema>;

export const rawPriceEventSchema = priceHistorySchema.omit({ modelId: true });
export type RawPriceEvent = z.infer<typeof rawPriceEventSchema>;

export const sourceOutputSchema = z.object({
  facts: z.array(modelFactSchema),
  results: z.array(rawResultSchema),
  prices: z.array(rawPriceSchema),
  history: z.array(rawPriceEventSchema),
});
export type SourceOutput = z.infer<typeof sourceOutputSchema>;

export function emptyOutput(): SourceOutput {
  return { facts: [], results: [], prices: [], history: [] };
}

/** `data/imported/<source>.json`: one source's output, and how its files were obtained. */
export const importedSourceSchema = z.object({
  source: z.string(),
  /** The date of the source's files when fetched (their Last-Modified, else the fetch day); null: the bundled snapshot. */
  asOf: isoDate.nullable(),
  fetched: fetchedSchema.nullable(),
  output: sourceOutputSchema,
});
export type ImportedSource = z.infer<typeof importedSourceSchema>;
