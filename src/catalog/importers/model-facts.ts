/**
 * What an importer knows about one model name in one source. The catalog builder merges facts into models;
 * every field is optional because every source knows something different.
 */
import type { MODALITIES } from '../schema.js';

export type Modality = (typeof MODALITIES)[number];

export interface ModelFact {
  source: string;
  /** The name as the source writes it. */
  name: string;
  /** Slug for the model id when this fact creates a model (defaults to a slug of `name`). */
  idHint?: string | null;
  /** Display name when this fact creates a model (defaults to `name`). */
  displayName?: string | null;
  lab?: string | null;
  family?: string | null;
  openWeights?: boolean | null;
  /** Where `openWeights` comes from when not from `source` itself (e.g. a curated family rule). */
  openWeightsBasis?: string;
  license?: string | null;
  releaseDate?: string | null;
  /** The date is approximate (first seen in the source, uploaded to the Hub), not an announced release. */
  releaseDateApprox?: boolean;
  /**
   * The source listed or evaluated the model publicly on this date, so it was released by then: an upper
   * bound that overrules a release date more than 60 days later.
   */
  listedBy?: string | null;
  parametersB?: number | null;
  activeParametersB?: number | null;
  contextWindow?: number | null;
  inputModalities?: Modality[] | null;
  outputModalities?: Modality[] | null;
  /** More names the source uses for the same model (a display name next to an id). */
  otherNames?: string[];
  /** May this fact add a model the catalog does not have yet? (default true) */
  create?: boolean;
  /**
   * Merge only into a model this name resolves to by id, alias or exact name, never by a relaxed match (a
   * provider's `codestral-2508` is not `codestral-2501`): for facts that must not land on a sibling version.
   */
  exactOnly?: boolean;
  /**
   * Only complete another source's unmatched fact of the same exact name (never merge into a known model):
   * for weak sources such as community uploads on the Hub, whose names repeat labs' model names.
   */
  combineOnly?: boolean;
}

/** A benchmark score as a source states it, before the model name is resolved. */
export interface RawResult {
  source: string;
  modelName: string;
  /** Lab the source names (narrows resolution). */
  lab?: string | null;
  benchmark: string;
  score: number;
  ciLow?: number | null;
  ciHigh?: number | null;
  /** The date the source gives (model release or snapshot); null → the matched model's release date. */
  date: string | null;
  /** Used when neither the source nor the matched model has a date (the source's snapshot date). */
  fallbackDate: string;
  /**
   * The day the source observed this name (a leaderboard snapshot), if it says: the model existed by then,
   * which settles between candidates and rules out models released much later. Not a release date.
   */
  seenBy?: string | null;
  sourceRow?: string | null;
}

/** Parameters in billions from a size written in the name: `70B` → 70, `A22B` → active 22, `1_8B` → 1.8. */
export function parametersFromName(name: string): { total: number | null; active: number | null } {
  const lower = name.toLowerCase().replace(/_/g, '.');
  if (/\d+x\d+(?:\.\d+)?b/.test(lower)) return { total: null, active: null }; // 8x7b: the total is not 56
  const active = /(?:^|[^a-z0-9])a(\d+(?:\.\d+)?)b(?![a-z0-9])/.exec(lower);
  const sizes = [...lower.matchAll(/(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z0-9])/g)].map((match) => Number(match[1]));
  const total = sizes.find((size) => size > 0 && size !== Number(active?.[1])) ?? null;
  return { total, active: active ? Number(active[1]) : null };
}
