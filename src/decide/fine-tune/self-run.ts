/**
 * The one-time cost of running a fine-tune yourself on rented GPUs:
 *
 *   FLOPs      = 6 × active parameters × (training tokens × epochs) × method time factor (1 full, 0.8 LoRA/QLoRA)
 *   wall hours = FLOPs / (MFU × dense peak FLOPS × GPUs) / 3600
 *   cost       = wall hours × GPUs × $/GPU-hour  (+ data preparation hours × $/hour, when given)
 *
 * The GPU count is the smallest power of two (up to `maxGpus`) whose per-GPU memory fits, or the count given;
 * the fit table says which counts fit. Every figure carries the reference row it came from.
 */
import { z } from 'zod';
import type { FineTuneMethod, FineTuningReference } from '../../catalog/index.js';
import type { ReferenceData } from '../../catalog/index.js';
import { gpuKey as toGpuKey } from '../../catalog/index.js';
import { ValidationError } from '../../errors.js';
import { chooseGpuPrice } from '../cost/gpu-price.js';
import { gpuPriceChoiceSchema } from '../cost/self-host.js';
import { gpuMemoryGb, gpuPeakTflops, modelFlopsUtilization, sourcedFigureSchema } from './gpu-facts.js';
import { candidateCounts, fitRowSchema, fitTable, memoryBreakdown, memoryBreakdownSchema, perGpuGb } from './memory.js';
import type { FineTuneModel } from './model.js';

export const DEFAULT_SEQUENCE_LENGTH = 2048;
export const DEFAULT_MAX_GPUS = 64;

export interface SelfRunOptions {
  gpu: string;
  /** A fixed GPU count; default: the smallest power of two that fits. */
  gpus?: number | null;
  maxGpus?: number;
  pricing?: 'on-demand' | 'spot' | 'reserved';
  gpuProvider?: string | null;
  usdPerGpuHour?: number | null;
  gpuMemoryGb?: number | null;
  gpuTflops?: number | null;
  mfu?: number | null;
  sequenceLength?: number;
  microBatch?: number;
  /** Share of each GPU's memory kept free for the framework (0 = none). */
  memoryHeadroom?: number;
}

export const dataPrepSchema = z.object({ hours: z.number().nonnegative(), usdPerHour: z.number().nonnegative(), cost: z.number().nonnegative() });
export type DataPrep = z.infer<typeof dataPrepSchema>;

export const selfRunSchema = z.object({
  gpu: gpuPriceChoiceSchema,
  gpus: z.number().int().positive(),
  gpuMemoryGb: sourcedFigureSchema,
  usableGpuMemoryGb: z.number().positive(),
  memoryHeadroom: z.number().min(0).lt(1),
  peakTflops: sourcedFigureSchema.extend({ precision: z.string() }),
  mfu: sourcedFigureSchema,
  timeFactor: sourcedFigureSchema,
  sequenceLength: z.number().int().positive(),
  microBatch: z.number().int().positive(),
  memory: memoryBreakdownSchema,
  perGpuGb: z.number().nonnegative(),
  fit: z.array(fitRowSchema),
  trainingFlops: z.number().positive(),
  wallClockHours: z.number().positive(),
  gpuHours: z.number().positive(),
  trainingCost: z.number().nonnegative(),
  dataPrep: dataPrepSchema.nullable(),
  oneTimeCost: z.number().nonnegative(),
  notes: z.array(z.string()),
});
export type SelfRunEstimate = z.infer<typeof selfRunSchema>;

function timeFactor(method: FineTuneMethod, reference: FineTuningReference): z.infer<typeof sourcedFigureSchema> {
  if (method === 'full') return { value: 1, basis: 'a full fine-tune is the 6·N·T baseline', sources: [] };
  const row = reference.assumptions[method === 'lora' ? 'lora-time-factor' : 'qlora-time-factor'];
  return { value: row.value, basis: `${row.value} — ${row.says} (${row.locator})`, sources: [row.source] };
}

export function estimateSelfRun(
  model: FineTuneModel,
  job: { method: FineTuneMethod; trainingTokens: number; epochs: number; dataPrep: DataPrep | null },
  options: SelfRunOptions,
  reference: { fineTuning: FineTuningReference; gpuPrices: ReferenceData['gpuPrices'] },
): SelfRunEstimate {
  const key = toGpuKey(options.gpu);
  if (key === null) throw new ValidationError(`unknown GPU "${options.gpu}" (try h100, h100-pcie, h200, a100, a10, v100)`, '--gpu');
  if (model.architecture === null) {
    throw new ValidationError(
      `activation memory needs ${model.id}'s shape, which is not on file: give --layers, --hidden-size and --vocab-size (config.json: num_hidden_layers, hidden_size, vocab_size)`,
      '--layers',
    );
  }
  const headroom = options.memoryHeadroom ?? 0;
  if (!(headroom >= 0 && headroom < 1)) throw new ValidationError('--memory-headroom: expected a share in [0, 1)', '--memory-headroom');
  const sequenceLength = options.sequenceLength ?? DEFAULT_SEQUENCE_LENGTH;
  const microBatch = options.microBatch ?? 1;
  const memoryGb = gpuMemoryGb(reference.gpuPrices.rows, key, options.gpuMemoryGb);
  const usable = memoryGb.value * (1 - headroom);
  const memory = memoryBreakdown({ method: job.method, parametersB: model.parametersB, architecture: model.architecture, sequenceLength, microBatch }, reference.fineTuning);
  const fixed = options.gpus ?? null;
  const counts = candidateCounts(options.maxGpus ?? DEFAULT_MAX_GPUS);
  const fit = fitTable(memory, fixed === null || counts.includes(fixed) ? counts : [...counts, fixed].sort((a, b) => a - b), usable);
  const gpus = fixed ?? fit.find((row) => row.fits)?.gpus ?? null;
  const setup = `${job.method} fine-tune of ${model.id} (${model.parametersB}B) on ${key} (${usable.toFixed(1)} GB usable each)`;
  if (gpus === null) {
    throw new ValidationError(
      `${setup} does not fit on up to ${counts.at(-1)} GPUs: it needs ${perGpuGb(memory, counts.at(-1) ?? 1).toFixed(1)} GB per GPU there ` +
        `(activations alone ${memory.activationsGb.toFixed(1)} GB); try qlora or lora, a larger GPU, a shorter --seq-len, or --max-gpus`,
      '--gpu',
    );
  }
  const need = perGpuGb(memory, gpus);
  if (need > usable) {
    const fitting = fit.filter((row) => row.fits).map((row) => row.gpus);
    throw new ValidationError(
      `${setup} does not fit on ${gpus} GPU${gpus === 1 ? '' : 's'}: it needs ${need.toFixed(1)} GB per GPU` +
        `${fitting.length > 0 ? `; it fits on ${fitting.join(', ')} GPUs` : ''}`,
      '--gpus',
    );
  }
  const peak = gpuPeakTflops(reference.fineTuning, key, options.gpuTflops);
  const mfu = modelFlopsUtilization(reference.fineTuning, key, model.parametersB, options.mfu);
  const factor = timeFactor(job.method, reference.fineTuning);
  const flopsPerToken = reference.fineTuning.assumptions['training-flops-per-parameter-token'].value;
  const tokens = job.trainingTokens * job.epochs;
  const trainingFlops = flopsPerToken * model.activeParametersB * 1e9 * tokens * factor.value;
  const wallClockHours = trainingFlops / (mfu.value * peak.value * 1e12 * gpus) / 3600;
  const price = chooseGpuPrice(reference.gpuPrices.rows, {
    gpu: key,
    pricing: options.pricing ?? 'on-demand',
    gpusPerReplica: gpus,
    provider: options.gpuProvider ?? null,
    usdPerGpuHour: options.usdPerGpuHour ?? null,
  });
  const gpuHours = wallClockHours * gpus;
  const trainingCost = gpuHours * price.usdPerGpuHour;
  const notes = [
    'MFU is taken from full-parameter training runs with many GPUs; a fine-tune on few GPUs, short sequences or small batches may reach less.',
    'Model states are assumed sharded over the GPUs (ZeRO stage 3 / FSDP) and activations fully recomputed.',
  ];
  if (job.method === 'qlora') notes.push('QLoRA time is a lower bound: the 4-bit dequantisation overhead is not in the figures on file.');
  if (headroom === 0) notes.push('No memory headroom kept: framework buffers and fragmentation are not modelled (--memory-headroom).');
  if (model.mixtureOfExperts) notes.push(`Compute counts the ${model.activeParametersB}B parameters active per token; memory counts all ${model.parametersB}B.`);
  return {
    gpu: price,
    gpus,
    gpuMemoryGb: memoryGb,
    usableGpuMemoryGb: usable,
    memoryHeadroom: headroom,
    peakTflops: peak,
    mfu,
    timeFactor: factor,
    sequenceLength,
    microBatch,
    memory,
    perGpuGb: need,
    fit,
    trainingFlops,
    wallClockHours,
    gpuHours,
    trainingCost,
    dataPrep: job.dataPrep,
    oneTimeCost: trainingCost + (job.dataPrep?.cost ?? 0),
    notes,
  };
}
