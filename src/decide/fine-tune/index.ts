/** Fine-tuning cost: self-run and hosted one-time cost, the tuned model's running cost, break-even against routing. */
export { computeFineTune, fineTuneReportSchema, fineTuneOutputJsonSchema, FINE_TUNE_VIAS } from './compute-fine-tune.js';
export type { FineTuneReport, FineTuneInput, FineTuneReferences, FineTuneVia } from './compute-fine-tune.js';
export { fineTuneModel, fineTuneModelSchema } from './model.js';
export type { FineTuneModel, FineTuneCatalogModel, ModelOverrides, ArchitectureChoice } from './model.js';
export { estimateSelfRun, DEFAULT_SEQUENCE_LENGTH, DEFAULT_MAX_GPUS } from './self-run.js';
export type { SelfRunEstimate, SelfRunOptions, DataPrep } from './self-run.js';
export { memoryBreakdown, perGpuGb, fitTable, candidateCounts } from './memory.js';
export type { MemoryBreakdown, FitRow } from './memory.js';
export { hostedQuotes } from './hosted.js';
export type { HostedQuote, HostedResult, HostedJob } from './hosted.js';
export { routingBreakEven, netAfter, RECOVERY_GRID, HORIZONS_MONTHS } from './routing-break-even.js';
export type { RoutingBreakEven, RoutingBreakEvenInput, RecoveryRow } from './routing-break-even.js';
export { servingMonthlyCost, describeServing, servingOptionSchema, breakEvenServing } from './serving.js';
export type { ServingOption } from './serving.js';
export { tunedServing } from './tuned-serving.js';
export type { TunedServing } from './tuned-serving.js';
