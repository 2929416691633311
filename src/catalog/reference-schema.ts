/**
 * Schemas of the bundled reference tables under `data/reference/`: license facts per model family, GPU
 * prices and serving throughput. The importer (`importers/reference.ts`) writes them from the hand-collected
 * files in `shared/data/reference/`; the decide layer validates them again at load. Every row keeps its
 * source, so every figure the product prints can be traced.
 */
import { z } from 'zod';

/** How well a fact was checked when it was collected: primary = read from the licensor's own text. */
export const VERIFICATION_LEVELS = ['primary', 'secondary', 'unverified'] as const;
export const verificationLevel = z.enum(VERIFICATION_LEVELS);
export type VerificationLevel = z.infer<typeof verificationLevel>;

/** Outcome of one license rule for one use; also the overall verdict's vocabulary (plus `unknown`). */
export const RULE_OUTCOMES = ['allowed', 'conditions', 'not-allowed'] as const;
export const ruleOutcome = z.enum(RULE_OUTCOMES);
export type RuleOutcome = z.infer<typeof ruleOutcome>;

/** Where a quoted clause comes from: the source's text, a comment next to the figure, or parity's summary. */
export const CLAUSE_ORIGINS = ['source-text', 'source-comment', 'parity-summary'] as const;
export const clauseSchema = z.object({
  text: z.string().min(1),
  origin: z.enum(CLAUSE_ORIGINS),
  /** The source field quoted (or, for a summary, the field its figure comes from); null when there is none. */
  field: z.string().nullable(),
});
export type Clause = z.infer<typeof clauseSchema>;

/** A rule parity reads out of a license: null outcome = the facts we hold do not settle it (→ unknown). */
export const ruleSchema = z.object({
  outcome: ruleOutcome.nullable(),
  clause: clauseSchema.nullable(),
});
export type LicenseRule = z.infer<typeof ruleSchema>;

/** Terms that can differ between sizes of one family (Qwen2.5: 3B research, 72B Qwen license, rest Apache). */
export const licenseTermsSchema = z.object({
  licenseName: z.string(),
  /** SPDX id when the weights are under a plain SPDX license (Apache-2.0, MIT), else null. */
  spdx: z.string().nullable(),
  commercialUse: z.boolean().nullable(),
  commercialClause: clauseSchema.nullable(),
  /** Monthly active users above which a separate license from the licensor is needed; null = no threshold. */
  mauThreshold: z.number().int().positive().nullable(),
  mauClause: clauseSchema.nullable(),
  /** Conditions that come with any use: attribution, acceptable-use policy, use-based restrictions. */
  useConditions: z.array(clauseSchema),
  /** Using the model's outputs to train or improve another model. */
  trainOnOutputs: ruleSchema,
  /** Redistributing the weights (or a derivative). */
  redistribution: ruleSchema,
});
export type LicenseTerms = z.infer<typeof licenseTermsSchema>;

export const licenseVariantSchema = z.object({
  /** Sizes in billions of parameters this variant covers, as parsed from the model's name or the catalog. */
  sizesB: z.array(z.number().positive()).min(1),
  terms: licenseTermsSchema,
  sources: z.array(z.string()),
});
export type LicenseVariant = z.infer<typeof licenseVariantSchema>;

export const geographicRestrictionSchema = z.object({
  /** Region codes the restriction applies to (ISO 3166 alpha-2, or `EU` for every member state). */
  regions: z.array(z.string()).min(1),
  /** `multimodal`: only models that take images; `all`: every model of the family. */
  scope: z.enum(['all', 'multimodal']),
  clause: clauseSchema,
});
export type GeographicRestriction = z.infer<typeof geographicRestrictionSchema>;

/** How catalog models are assigned to this family: regexes over `licenseKey(name)` and the license field. */
export const familyMatchSchema = z.object({
  namePatterns: z.array(z.string()),
  licensePatterns: z.array(z.string()),
});

export const licenseFamilySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  /** The models the source lists for this family, as it wrote them. */
  models: z.array(z.string()),
  releaseDate: z.string().nullable(),
  terms: licenseTermsSchema,
  variants: z.array(licenseVariantSchema),
  geographicRestriction: geographicRestrictionSchema.nullable(),
  litigationTermination: z.string().nullable(),
  match: familyMatchSchema,
  sources: z.array(z.string()).min(1),
  verification: z.object({ level: verificationLevel, text: z.string() }),
  notes: z.array(z.string()),
  /** Line of the family entry in the source YAML, for tracing. */
  sourceLine: z.number().int().positive(),
});
export type LicenseFamily = z.infer<typeof licenseFamilySchema>;

/** A name pattern that sends models to another family's license (R1 distills inherit Qwen/Llama licenses). */
export const licenseRedirectSchema = z.object({
  namePattern: z.string(),
  familyId: z.string(),
  note: z.string(),
  source: z.string(),
});
export type LicenseRedirect = z.infer<typeof licenseRedirectSchema>;

export const licensesFileSchema = z.object({
  schemaVersion: z.literal(1),
  collected: z.string(),
  origin: z.string(),
  disclaimer: z.string(),
  families: z.array(licenseFamilySchema),
  redirects: z.array(licenseRedirectSchema),
  accessibilityTaxonomy: z.array(z.string()),
});
export type LicensesFile = z.infer<typeof licensesFileSchema>;

export const PRICING_KINDS = ['on-demand', 'spot', 'reserved', 'index'] as const;
export const pricingKind = z.enum(PRICING_KINDS);
export type PricingKind = z.infer<typeof pricingKind>;

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export const confidenceLevel = z.enum(CONFIDENCE_LEVELS);
export type ConfidenceLevel = z.infer<typeof confidenceLevel>;

export const gpuPriceSchema = z.object({
  /** Line of the row in the source CSV (the header is line 1). */
  row: z.number().int().positive(),
  provider: z.string(),
  gpu: z.string(), // as the source wrote it
  gpuKey: z.string().nullable(),
  gpusPerInstance: z.number().int().positive(),
  instanceType: z.string().nullable(),
  pricingType: z.string(), // as the source wrote it, e.g. on_demand_range_low
  pricing: pricingKind,
  /** `low`/`high` when the row is one end of a quoted range, else null. */
  rangeBound: z.enum(['low', 'high']).nullable(),
  usdPerHourInstance: z.number().positive().nullable(),
  usdPerGpuHour: z.number().positive(),
  region: z.string().nullable(),
  asOf: z.string(),
  source: z.string(),
  sourceKind: z.string(),
  confidence: confidenceLevel,
  notes: z.string().nullable(),
});
export type GpuPrice = z.infer<typeof gpuPriceSchema>;
export const gpuPricesFileSchema = z.object({
  schemaVersion: z.literal(1),
  origin: z.string(),
  rows: z.array(gpuPriceSchema),
});
export type GpuPricesFile = z.infer<typeof gpuPricesFileSchema>;

export const throughputSchema = z.object({
  row: z.number().int().positive(),
  engine: z.string(),
  engineVersion: z.string(),
  model: z.string(), // as the source wrote it
  modelKey: z.string(),
  /** Parameters of the benchmarked model in billions (total, and active per token for mixtures of experts). */
  parametersB: z.number().positive().nullable(),
  activeParametersB: z.number().positive().nullable(),
  gpu: z.string(),
  gpuKey: z.string().nullable(), // null when the source did not say which GPU
  numGpus: z.number().int().positive().nullable(),
  precision: z.string().nullable(),
  tensorParallel: z.number().int().positive().nullable(),
  workload: z.string(),
  concurrency: z.string(),
  metric: z.string(),
  value: z.number().positive(),
  unit: z.string(),
  asOf: z.string(),
  source: z.string(),
  sourceKind: z.string(),
  notes: z.string().nullable(),
  /** A throughput figure with a known GPU type and count, usable as a serving capacity. */
  usableAsCapacity: z.boolean(),
});
export type ThroughputRow = z.infer<typeof throughputSchema>;
export const throughputFileSchema = z.object({
  schemaVersion: z.literal(1),
  origin: z.string(),
  rows: z.array(throughputSchema),
});
export type ThroughputFile = z.infer<typeof throughputFileSchema>;

export interface ReferenceData {
  licenses: LicensesFile;
  gpuPrices: GpuPricesFile;
  throughput: ThroughputFile;
}
