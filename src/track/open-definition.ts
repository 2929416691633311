/**
 * Which side of the comparison a model is on.
 * - `weights`: open = downloadable weights (the catalog's `openWeights`); closed = everything else.
 * - `permissive`: open = downloadable weights under a licence without usage caps (no monthly-active-user
 *   threshold, commercial use allowed); closed = models without downloadable weights. Open-weight models
 *   under a capped, research-only or unknown licence are left out of both groups.
 */
import type { Model } from '../catalog/index.js';
import type { OpenDefinition } from './output/track-report.js';

export type Group = 'open' | 'closed';
export type LicenceClass = 'permissive' | 'capped' | 'unknown';

/** Licences with a user cap, a research/non-commercial limit, or a bespoke "community" grant. */
const CAPPED = [
  /llama/i, // Llama 2/3.x/4 community licences: 700M MAU threshold
  /qwen(?!.*apache)/i, // Qwen licence: 100M MAU; Qwen research licence: non-commercial
  /tongyi/i,
  /research/i,
  /non[- ]?commercial/i,
  /\bnc\b|-nc-|-nc$/i,
  /\bmrl\b|mistral ai research/i,
  /\bmnpl\b|non-production/i,
  /restricted use/i,
  /falcon/i, // Falcon-180B TII licence: hosting restrictions
  /dbrx|databricks/i, // Databricks Open Model License: 700M MAU threshold
  /jamba/i, // Jamba Open Model License: revenue threshold
] as const;

/** OSI-style permissive licences, and vendor licences that set no usage cap. */
const PERMISSIVE = [
  /apache/i,
  /\bmit\b/i, // MIT, and Modified-MIT (attribution above a size, no cap)
  /bsd/i,
  /^cc-by-(sa-)?4\.0$|^cc-by-(sa-)?3\.0$|^cc0/i,
  /^isc$|unlicense/i,
  /openrail/i,
  /deepseek/i, // DeepSeek model licence: use-based restrictions, no cap
  /gemma/i, // Gemma terms of use: prohibited-use policy, no cap
  /nvidia[- ]open[- ]model/i,
  /\bunrestricted\b/i, // Epoch's "Open weights (unrestricted)"
] as const;

export function classifyLicence(licence: string | null): LicenceClass {
  if (licence === null || licence.trim() === '') return 'unknown';
  if (CAPPED.some((pattern) => pattern.test(licence))) return 'capped';
  if (PERMISSIVE.some((pattern) => pattern.test(licence))) return 'permissive';
  return 'unknown';
}

export function groupOf(model: Pick<Model, 'openWeights' | 'license'>, definition: OpenDefinition): Group | null {
  if (!model.openWeights) return 'closed';
  if (definition === 'weights') return 'open';
  return classifyLicence(model.license) === 'permissive' ? 'open' : null;
}
