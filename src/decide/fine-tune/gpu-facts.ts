/**
 * The three facts about a GPU a training estimate needs, each from a sourced table or from the user: its
 * memory (the size written in the GPU price rows' names, e.g. "H100 SXM5 80GB"), its dense peak FLOPS (the
 * fine-tuning table's datasheet rows) and the model FLOPs utilisation a training run reaches on it (measured
 * rows, the one nearest the model's size). A GPU without a row is an error that names the flag to use.
 */
import { z } from 'zod';
import type { FineTuningReference, MfuRow } from '../../catalog/index.js';
import type { GpuPrice } from '../../catalog/index.js';
import { NotFoundError, ValidationError } from '../../errors.js';

export const sourcedFigureSchema = z.object({ value: z.number().positive(), basis: z.string(), sources: z.array(z.string()) });
export type SourcedFigure = z.infer<typeof sourcedFigureSchema>;

export function gpuMemoryGb(rows: readonly GpuPrice[], gpuKey: string, given: number | null | undefined): SourcedFigure {
  if (given != null) {
    if (!(given > 0)) throw new ValidationError('--gpu-memory-gb: expected a positive number', '--gpu-memory-gb');
    return { value: given, basis: `${given} GB given with --gpu-memory-gb`, sources: ['user-supplied'] };
  }
  const sizes = new Map<number, GpuPrice[]>();
  for (const row of rows.filter((candidate) => candidate.gpuKey === gpuKey)) {
    const match = /(\d+(?:\.\d+)?)\s*GB\b/i.exec(row.gpu);
    if (match?.[1] === undefined) continue;
    const size = Number(match[1]);
    sizes.set(size, [...(sizes.get(size) ?? []), row]);
  }
  if (sizes.size !== 1) {
    const found = sizes.size === 0 ? 'no GPU price row names its memory' : `its price rows name ${[...sizes.keys()].join(' and ')} GB`;
    throw new NotFoundError(`memory of ${gpuKey} unknown (${found}): give it with --gpu-memory-gb`);
  }
  const [size, named] = [...sizes][0] as [number, GpuPrice[]];
  return {
    value: size,
    basis: `${size} GB as named by ${named.length} GPU price row${named.length === 1 ? '' : 's'} (e.g. "${named[0]?.gpu}", gpu-prices row ${named[0]?.row})`,
    sources: [...new Set(named.map((row) => row.source))].slice(0, 3),
  };
}

export function gpuPeakTflops(reference: FineTuningReference, gpuKey: string, given: number | null | undefined): SourcedFigure & { precision: string } {
  if (given != null) {
    if (!(given > 0)) throw new ValidationError('--gpu-tflops: expected a positive number', '--gpu-tflops');
    return { value: given, precision: 'as given', basis: `${given} TFLOPS given with --gpu-tflops`, sources: ['user-supplied'] };
  }
  const row = reference.gpuPeaks.find((candidate) => candidate.gpuKey === gpuKey);
  if (row === undefined) {
    const known = reference.gpuPeaks.map((candidate) => candidate.gpuKey).join(', ');
    throw new NotFoundError(`no dense peak FLOPS on file for ${gpuKey} (rows for: ${known}): give it with --gpu-tflops`);
  }
  return {
    value: row.peakTflops,
    precision: row.precision,
    basis: `${row.peakTflops} TFLOPS dense ${row.precision}, ${row.gpu} — ${row.locator} (${row.seen})`,
    sources: [row.source],
  };
}

/** The measured MFU for this GPU nearest the model's size (by ratio), or the user's figure. */
export function modelFlopsUtilization(reference: FineTuningReference, gpuKey: string, parametersB: number, given: number | null | undefined): SourcedFigure {
  if (given != null) {
    if (!(given > 0 && given <= 1)) throw new ValidationError('--mfu: expected a share in (0, 1]', '--mfu');
    return { value: given, basis: `${given} given with --mfu`, sources: ['user-supplied'] };
  }
  const rows = reference.mfu.filter((row) => row.gpuKey === gpuKey);
  const nearest = [...rows].sort(
    (left, right) => Math.abs(Math.log(left.modelParametersB / parametersB)) - Math.abs(Math.log(right.modelParametersB / parametersB)),
  )[0] as MfuRow | undefined;
  if (nearest === undefined) {
    const known = [...new Set(reference.mfu.map((row) => row.gpuKey))].join(', ');
    throw new NotFoundError(`no measured model FLOPs utilisation on file for ${gpuKey} (rows for: ${known}): give it with --mfu`);
  }
  return {
    value: nearest.value,
    basis:
      `${(nearest.value * 100).toFixed(2)}% measured for full-parameter training of a ${nearest.modelParametersB}B model on ${nearest.gpus} GPUs ` +
      `at sequence length ${nearest.sequenceLength} (the row nearest ${parametersB}B) — ${nearest.locator} (${nearest.seen})`,
    sources: [nearest.source],
  };
}
