/**
 * What an importer knows about one model name in one source. The catalog builder merges facts into models;
 * every field is optional because every source knows something different.
 */
import type { MODALITIES } from '../schema.js';

export type Modality = (typeof MODALITIES)[number];
export type { ModelFact, RawResult } from './source-output.js';

/** Parameters in billions from a size written in the name: `70B` → 70, `A22B` → active 22, `1_8B` → 1.8. */
export function parametersFromName(name: string): { total: number | null; active: number | null } {
  const lower = name.toLowerCase().replace(/_/g, '.');
  if (/\d+x\d+(?:\.\d+)?b/.test(lower)) return { total: null, active: null }; // 8x7b: the total is not 56
  const active = /(?:^|[^a-z0-9])a(\d+(?:\.\d+)?)b(?![a-z0-9])/.exec(lower);
  const sizes = [...lower.matchAll(/(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z0-9])/g)].map((match) => Number(match[1]));
  const total = sizes.find((size) => size > 0 && size !== Number(active?.[1])) ?? null;
  return { total, active: active ? Number(active[1]) : null };
}
