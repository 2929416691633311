/**
 * The catalog: its schema, the bundled data and its loader, queries, prices under a price policy, the reference
 * tables (GPUs, throughput, licences, fine-tuning). Other folders import the catalog through this file, and the
 * data update (which fetches through the providers' HTTP chokepoint) through update/index.ts, so that reading the
 * catalog never loads the fetcher.
 */
export * from './schema.js';
export * from './load.js';
export * from './price-policy.js';
export { ModelResolver } from './resolver.js';
export type { CatalogData } from './data-files.js';
export { bundledCatalogDir } from './data-location.js';
export { contentDigest } from './file-stamp.js';
export { describeModel, filterModels, lastListedPrices, searchModels, type ModelDetails } from './query.js';
export { WELL_KNOWN_RESULTS, buildDoctorReport, type DoctorReport } from './doctor.js';
export type { Epoch2024Dataset, Epoch2024Row } from './datasets/epoch-2024.js';
export type { EciDataset, EciRow } from './datasets/eci.js';
export { ASSUMPTION_IDS, FINE_TUNE_METHODS, fineTuneMethod, fineTuningFileSchema, type Assumption, type AssumptionId, type FineTuneMethod, type FineTuningReference, type HostedOffer, type HostedService, type MfuRow } from './fine-tuning-schema.js';
export { gpuPricesFileSchema, licensesFileSchema, throughputFileSchema, type Clause, type ConfidenceLevel, type GpuPrice, type LicenseFamily, type LicenseRedirect, type LicenseTerms, type LicenseVariant, type LicensesFile, type PricingKind, type ReferenceData, type ThroughputRow, type VerificationLevel } from './reference-schema.js';
export { gpuKey, licenseKey, modelKey, parametersFromName } from './reference-keys.js';
