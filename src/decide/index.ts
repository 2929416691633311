/**
 * Decide: what a model costs each way (API vs self-hosting) and whether its licence allows the intended use.
 * The decision memo (advise) builds on these.
 */
export { loadReference, loadFineTuningReference, DEFAULT_DATA_DIR } from './load-reference.js';

export { checkLicense, checkLicenses, VERDICTS, LICENSE_ASPECTS } from './license/check-license.js';
export type { LicenseVerdict, LicenseFinding, LicenseAspect, Verdict, FindingOutcome } from './license/check-license.js';
export { matchFamily, MATCH_KINDS } from './license/match-family.js';
export type { LicenseSubject, FamilyMatch, MatchKind } from './license/match-family.js';
export { licenseProfileSchema, regionCode, restrictedRegions, EU_MEMBER_STATES } from './license/profile.js';
export type { LicenseProfile, LicenseProfileInput } from './license/profile.js';
export { spdxTerms } from './license/spdx.js';
export type { SpdxTerms } from './license/spdx.js';

export { computeCost, DEFAULT_DAYS_PER_MONTH, SENSITIVITY_FACTORS } from './cost/compute-cost.js';
export type { CostInput, CostReport, CostComparison, Sensitivity, SensitivityRow, ApiSensitivityRow } from './cost/compute-cost.js';
export { workloadSchema, workloadFromAggregates } from './cost/workload.js';
export type { Workload, WorkloadInput, WorkloadAggregates, WorkloadOverrides } from './cost/workload.js';
export { apiPriceSchema, apiCostPerRequest, apiMonthlyCost } from './cost/api-cost.js';
export type { ApiPrice, ApiPriceInput, ApiCost } from './cost/api-cost.js';
export {
  selfHostPlanSchema,
  selfHostMonthlyCost,
  selfHostCoefficients,
  SCALING_MODES,
  THROUGHPUT_UNITS,
  THROUGHPUT_BASES,
} from './cost/self-host.js';
export type { SelfHostPlan, SelfHostCost, GpuPriceChoice, ThroughputChoice, ScalingMode, ThroughputUnit } from './cost/self-host.js';
export { breakEven, BREAK_EVEN_KINDS } from './cost/break-even.js';
export type { BreakEven, BreakEvenInput, BreakEvenKind } from './cost/break-even.js';
export { selectApiPrices } from './cost/select-prices.js';
export type { PriceSelection, PriceSelectionOptions } from './cost/select-prices.js';
export { buildSelfHostPlan } from './cost/plan.js';
export { priceListings, selfHostOptions } from './cost/choices.js';
export type { SelfHostChoices } from './cost/choices.js';
export type { SelfHostOptions, PlannedModel } from './cost/plan.js';
export { chooseGpuPrice } from './cost/gpu-price.js';
export type { GpuPriceRequest } from './cost/gpu-price.js';
export { chooseThroughput } from './cost/throughput.js';
export type { ThroughputRequest } from './cost/throughput.js';
export { renderCostChart, costCurve } from './cost/chart.js';
export type { CostChartOptions, CostChartPoint } from './cost/chart.js';

export * from './fine-tune/index.js';
export { FINE_TUNE_METHODS } from '../catalog/index.js';
export type { FineTuneMethod, FineTuningReference } from '../catalog/index.js';
export { payback } from './advise/render-fine-tune.js';
export { HOSTING_MODES } from './advise/costs.js';
export type { EvalEvidence, RouteEvidence } from './advise/index.js';
