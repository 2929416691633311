/**
 * GPU memory of a fine-tuning run, per GPU, for a given GPU count. Model states (weights, gradients, optimizer
 * states) are sharded evenly over the GPUs, as ZeRO stage 3 / FSDP full sharding does; activations are per
 * GPU (each holds its own micro-batch), with full activation recomputation. Every coefficient is a row of the
 * fine-tuning reference table:
 *
 *   full:  16 B per parameter (mixed-precision Adam)
 *   lora:  2 B per frozen parameter + 16 B per trainable adapter parameter (share × parameters)
 *   qlora: 4.127 bits per frozen parameter + 16 B per trainable adapter parameter
 *   activations: 2·s·b·h per layer (checkpoints) + 34·s·b·h (the layer being recomputed) + 4·s·b·v (fp32 logits)
 *
 * Gigabytes are 10^9 bytes. Framework buffers, the CUDA context and fragmentation are not modelled; a headroom
 * share of each GPU can be kept free instead.
 */
import { z } from 'zod';
import type { FineTuneMethod, FineTuningReference } from '../../catalog/index.js';
import type { ArchitectureChoice } from './model.js';

const GB = 1e9;

export const memoryBreakdownSchema = z.object({
  /** Model states over all GPUs: frozen or trained weights, gradients and optimizer states. */
  modelStatesGb: z.number().nonnegative(),
  frozenWeightsGb: z.number().nonnegative(),
  trainableStatesGb: z.number().nonnegative(),
  trainableParametersB: z.number().nonnegative(),
  /** Per GPU, independent of the GPU count. */
  activationsGb: z.number().nonnegative(),
  formula: z.string(),
});
export type MemoryBreakdown = z.infer<typeof memoryBreakdownSchema>;

export const fitRowSchema = z.object({ gpus: z.number().int().positive(), perGpuGb: z.number().nonnegative(), fits: z.boolean() });
export type FitRow = z.infer<typeof fitRowSchema>;

export interface MemoryInput {
  method: FineTuneMethod;
  parametersB: number;
  architecture: ArchitectureChoice;
  sequenceLength: number;
  microBatch: number;
}

export function memoryBreakdown(input: MemoryInput, reference: FineTuningReference): MemoryBreakdown {
  const a = reference.assumptions;
  const parameters = input.parametersB * 1e9;
  const adam = a['mixed-precision-adam-bytes-per-parameter'].value;
  const trainable = input.method === 'full' ? parameters : parameters * a['lora-trainable-share'].value;
  const frozenBytesPerParameter =
    input.method === 'full' ? 0 : input.method === 'lora' ? a['frozen-16bit-bytes-per-parameter'].value : a['qlora-frozen-bits-per-parameter'].value / 8;
  const frozen = input.method === 'full' ? 0 : parameters * frozenBytesPerParameter;
  const trainableStates = trainable * adam;
  const { layers, hiddenSize, vocabSize } = input.architecture;
  const tokens = input.sequenceLength * input.microBatch;
  const activations =
    layers * a['activation-checkpoint-bytes'].value * tokens * hiddenSize +
    a['activation-layer-bytes'].value * tokens * hiddenSize +
    a['logit-bytes'].value * tokens * vocabSize;
  const states =
    input.method === 'full'
      ? `${adam} B × ${input.parametersB}B parameters`
      : `${frozenBytesPerParameter.toPrecision(4)} B × ${input.parametersB}B frozen + ${adam} B × ${(trainable / 1e9).toPrecision(3)}B trainable (${a['lora-trainable-share'].value * 100}%)`;
  return {
    modelStatesGb: (frozen + trainableStates) / GB,
    frozenWeightsGb: frozen / GB,
    trainableStatesGb: trainableStates / GB,
    trainableParametersB: trainable / 1e9,
    activationsGb: activations / GB,
    formula:
      `(${states}) / GPUs + activations (${layers} layers × ${a['activation-checkpoint-bytes'].value}·s·b·h + ` +
      `${a['activation-layer-bytes'].value}·s·b·h + ${a['logit-bytes'].value}·s·b·v, s = ${input.sequenceLength}, b = ${input.microBatch}, h = ${hiddenSize}, v = ${vocabSize})`,
  };
}

/** Memory per GPU at `gpus` GPUs. */
export function perGpuGb(memory: MemoryBreakdown, gpus: number): number {
  return memory.modelStatesGb / gpus + memory.activationsGb;
}

/** GPU counts tried when none is given: powers of two up to `maxGpus`. */
export function candidateCounts(maxGpus: number): number[] {
  const counts: number[] = [];
  for (let gpus = 1; gpus <= maxGpus; gpus *= 2) counts.push(gpus);
  return counts;
}

export function fitTable(memory: MemoryBreakdown, counts: readonly number[], usableGb: number): FitRow[] {
  return counts.map((gpus) => {
    const need = perGpuGb(memory, gpus);
    return { gpus, perGpuGb: need, fits: need <= usableGb };
  });
}
