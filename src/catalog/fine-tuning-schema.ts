/**
 * Schema of the fine-tuning reference table, `data/reference/fine-tuning.json`: the assumptions of the
 * fine-tuning cost model (training FLOPs, LoRA/QLoRA factors, bytes per parameter, activation memory), dense
 * peak FLOPS per GPU, measured model FLOPs utilisation, transformer shapes, and the per-token prices of
 * fine-tuning services. The importer writes it from the hand-collected `data/curated/fine-tuning.yaml`; the
 * decide layer validates it again at load. Every row names its source, where in it, and when it was checked.
 */
import { z } from 'zod';

export const FINE_TUNE_METHODS = ['full', 'lora', 'qlora'] as const;
export const fineTuneMethod = z.enum(FINE_TUNE_METHODS);
export type FineTuneMethod = z.infer<typeof fineTuneMethod>;

/** read: the figure was read in the stored copy of the source; cited: quoted from the publication, not re-read there. */
export const CHECK_KINDS = ['read', 'cited'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const sourcedSchema = z.object({
  source: z.string().min(1),
  locator: z.string().min(1),
  seen: isoDate,
  check: z.enum(CHECK_KINDS),
});
export type Sourced = z.infer<typeof sourcedSchema>;

/** Every scalar the model uses; the table must hold each exactly once. */
export const ASSUMPTION_IDS = [
  'training-flops-per-parameter-token',
  'lora-time-factor',
  'qlora-time-factor',
  'mixed-precision-adam-bytes-per-parameter',
  'frozen-16bit-bytes-per-parameter',
  'qlora-frozen-bits-per-parameter',
  'lora-trainable-share',
  'activation-checkpoint-bytes',
  'activation-layer-bytes',
  'logit-bytes',
] as const;
export type AssumptionId = (typeof ASSUMPTION_IDS)[number];

export const assumptionSchema = sourcedSchema.extend({
  id: z.enum(ASSUMPTION_IDS),
  value: z.number().positive(),
  unit: z.string().min(1),
  says: z.string().min(1),
});
export type Assumption = z.infer<typeof assumptionSchema>;

export const gpuPeakSchema = sourcedSchema.extend({
  gpuKey: z.string().min(1),
  gpu: z.string().min(1),
  /** Dense (no sparsity) tensor throughput at `precision`, in TFLOPS. */
  peakTflops: z.number().positive(),
  precision: z.enum(['bf16', 'fp16']),
});
export type GpuPeak = z.infer<typeof gpuPeakSchema>;

export const mfuRowSchema = sourcedSchema.extend({
  gpuKey: z.string().min(1),
  modelParametersB: z.number().positive(),
  value: z.number().gt(0).max(1),
  sequenceLength: z.number().int().positive(),
  gpus: z.number().int().positive(),
});
export type MfuRow = z.infer<typeof mfuRowSchema>;

export const architectureSchema = sourcedSchema.extend({
  modelKeys: z.array(z.string().min(1)).min(1),
  layers: z.number().int().positive(),
  hiddenSize: z.number().int().positive(),
  vocabSize: z.number().int().positive(),
});
export type Architecture = z.infer<typeof architectureSchema>;

export const hostedServiceSchema = z.object({
  service: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  methods: z.array(fineTuneMethod).min(1),
  methodsSource: z.string().min(1),
  /** Whether the tuned model is then served at the base model's price; null when the sources do not settle it. */
  servedAtBasePrice: z.boolean().nullable(),
  serving: z.array(z.object({ says: z.string().min(1), source: z.string().min(1) })),
  servingNote: z.string().min(1),
  seen: isoDate,
});
export type HostedService = z.infer<typeof hostedServiceSchema>;

export const hostedOfferSchema = sourcedSchema
  .extend({
    service: z.string().min(1),
    /** Dense models with more than `aboveB` and at most `upToB` billion parameters. */
    sizes: z.object({ aboveB: z.number().nonnegative(), upToB: z.number().positive() }).optional(),
    /** Reference model keys the row names (mixtures of experts are priced only by such rows). */
    models: z.array(z.string().min(1)).min(1).optional(),
    usdPerMillionTokens: z.number().positive(),
  })
  .refine((offer) => (offer.sizes === undefined) !== (offer.models === undefined), 'an offer names either sizes or models');
export type HostedOffer = z.infer<typeof hostedOfferSchema>;

export const leftOutServiceSchema = z.object({ service: z.string().min(1), reason: z.string().min(1), seen: isoDate });

export const fineTuningFileSchema = z.object({
  schemaVersion: z.literal(1),
  collected: isoDate,
  assumptions: z.array(assumptionSchema),
  gpuPeaks: z.array(gpuPeakSchema),
  mfu: z.array(mfuRowSchema),
  architectures: z.array(architectureSchema),
  hosted: z.object({
    services: z.array(hostedServiceSchema),
    offers: z.array(hostedOfferSchema),
    leftOut: z.array(leftOutServiceSchema),
  }),
});
export type FineTuningFile = z.infer<typeof fineTuningFileSchema>;

/** The validated table with its assumptions keyed by id. */
export interface FineTuningReference extends Omit<FineTuningFile, 'assumptions'> {
  assumptions: Record<AssumptionId, Assumption>;
}
