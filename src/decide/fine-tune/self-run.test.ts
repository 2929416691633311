/**
 * Self-run fine-tuning cost, checked against figures worked out by hand from the bundled reference rows:
 * 6 FLOPs per parameter-token, LoRA/QLoRA time factor 0.8, 16 B/parameter for Adam, 2 B per frozen 16-bit
 * parameter, 4.127 bits per frozen NF4 parameter, 0.2% trainable adapters, activations 2·s·b·h per layer +
 * 34·s·b·h + 4·s·b·v; H100: 989.5 dense TFLOPS, 80 GB (price rows), MFU 40.42% (7B row) / 36.15% (70B row).
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import { ValidationError } from '../../errors.js';
import { loadFineTuningReference, loadReference } from '../load-reference.js';
import { fineTuneModel } from './model.js';
import { estimateSelfRun } from './self-run.js';

const references = { fineTuning: loadFineTuningReference(), gpuPrices: loadReference().gpuPrices };
const catalog = loadCatalog();

/** A dense 7B model with a Llama-2-7B-like shape given by hand (32 layers, hidden 4096, vocabulary 32000). */
const sevenB = fineTuneModel(
  { id: 'test/dense-7b', name: 'Dense 7B', openWeights: true, parametersB: 7, activeParametersB: null },
  references.fineTuning,
  { layers: 32, hiddenSize: 4096, vocabSize: 32_000 },
);
const seventyB = fineTuneModel(catalog.getModel('meta/llama-3.1-70b-instruct')!, references.fineTuning);
const job = (method: 'full' | 'lora' | 'qlora') => ({ method, trainingTokens: 10_000_000, epochs: 3, dataPrep: null });

describe('estimateSelfRun', () => {
  it('prices a 7B LoRA on 10M tokens × 3 epochs on one H100', () => {
    const estimate = estimateSelfRun(sevenB, job('lora'), { gpu: 'h100', usdPerGpuHour: 2 }, references);
    // memory: 2 B × 7e9 frozen = 14 GB; 0.002 × 7e9 = 14M trainable × 16 B = 0.224 GB
    expect(estimate.memory.frozenWeightsGb).toBeCloseTo(14, 9);
    expect(estimate.memory.trainableStatesGb).toBeCloseTo(0.224, 9);
    // activations: 32 × 2 × 2048 × 4096 + 34 × 2048 × 4096 + 4 × 2048 × 32000 = 1,084,227,584 B
    expect(estimate.memory.activationsGb).toBeCloseTo(1.084227584, 9);
    expect(estimate.gpus).toBe(1);
    expect(estimate.perGpuGb).toBeCloseTo(15.308227584, 9);
    expect(estimate.gpuMemoryGb.value).toBe(80);
    // FLOPs: 6 × 7e9 × 3e7 × 0.8 = 1.008e18
    expect(estimate.trainingFlops).toBeCloseTo(1.008e18, -6);
    expect(estimate.mfu.value).toBe(0.4042);
    // hours: 1.008e18 / (0.4042 × 989.5e12 × 1) / 3600 = 0.7000772 h, at $2/GPU-h = $1.4001544
    expect(estimate.wallClockHours).toBeCloseTo(0.7000772, 6);
    expect(estimate.trainingCost).toBeCloseTo(1.4001544, 6);
    expect(estimate.fit.map((row) => row.fits)).toEqual([true, true, true, true, true, true, true]);
  });

  it('needs 16 H100s for a full fine-tune of a 70B model, and says which counts fit', () => {
    const estimate = estimateSelfRun(seventyB, job('full'), { gpu: 'h100', usdPerGpuHour: 2 }, references);
    // states: 16 B × 70e9 = 1120 GB over the GPUs; activations (80 layers, h 8192, v 128256):
    // 80 × 2 × 2048 × 8192 + 34 × 2048 × 8192 + 4 × 2048 × 128256 = 4,305,453,056 B
    expect(estimate.memory.modelStatesGb).toBeCloseTo(1120, 9);
    expect(estimate.memory.activationsGb).toBeCloseTo(4.305453056, 9);
    expect(estimate.fit.map((row) => [row.gpus, row.fits])).toEqual([[1, false], [2, false], [4, false], [8, false], [16, true], [32, true], [64, true]]);
    expect(estimate.gpus).toBe(16);
    expect(estimate.perGpuGb).toBeCloseTo(74.305453056, 9); // 1120 / 16 + 4.305…
    expect(estimate.mfu.value).toBe(0.3615); // the 64.86B row is nearest 70B
    // 6 × 70e9 × 3e7 = 1.26e19 FLOPs / (0.3615 × 989.5e12 × 16) / 3600 = 0.6115387 h; × 16 GPUs = 9.7846196 GPU-h × $2
    expect(estimate.wallClockHours).toBeCloseTo(0.6115387, 6);
    expect(estimate.gpuHours).toBeCloseTo(9.7846196, 6);
    expect(estimate.trainingCost).toBeCloseTo(19.5692391, 6);
  });

  it('fits a 70B QLoRA on one H100 where LoRA does not', () => {
    const error = (() => {
      try {
        estimateSelfRun(seventyB, job('lora'), { gpu: 'h100', gpus: 1, usdPerGpuHour: 2 }, references);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    // LoRA on 1 GPU: 140 GB frozen + 0.14e9 × 16 B = 2.24 GB + 4.305 GB activations = 146.545… GB
    expect((error as ValidationError).message).toMatch(/does not fit on 1 GPU: it needs 146\.5 GB per GPU; it fits on 2, 4, 8, 16, 32, 64 GPUs/);
    const qlora = estimateSelfRun(seventyB, job('qlora'), { gpu: 'h100', gpus: 1, usdPerGpuHour: 2 }, references);
    // QLoRA: 70e9 × 4.127 / 8 = 36.11125 GB + 2.24 GB + 4.305… GB = 42.656703056 GB
    expect(qlora.memory.frozenWeightsGb).toBeCloseTo(36.11125, 9);
    expect(qlora.perGpuGb).toBeCloseTo(42.656703056, 9);
    expect(qlora.gpus).toBe(1);
    // 6 × 70e9 × 3e7 × 0.8 / (0.3615 × 989.5e12) / 3600 = 7.8276956 h
    expect(qlora.wallClockHours).toBeCloseTo(7.8276956, 6);
    expect(qlora.notes.join(' ')).toContain('lower bound');
    // without a count, LoRA takes the smallest that fits: 2 GPUs (71.12 + 4.305 GB)
    expect(estimateSelfRun(seventyB, job('lora'), { gpu: 'h100', usdPerGpuHour: 2 }, references).gpus).toBe(2);
  });

  it('refuses when no GPU count up to the maximum fits, naming the need', () => {
    expect(() => estimateSelfRun(seventyB, job('full'), { gpu: 'a10', maxGpus: 8, usdPerGpuHour: 1 }, references)).toThrow(
      /does not fit on up to 8 GPUs: it needs 144\.3 GB per GPU there/,
    );
  });

  it('names the missing facts instead of assuming them', () => {
    const shapeless = fineTuneModel({ id: 'test/x-7b', name: 'X 7B', openWeights: true, parametersB: 7, activeParametersB: null }, references.fineTuning);
    expect(() => estimateSelfRun(shapeless, job('lora'), { gpu: 'h100' }, references)).toThrow(/--layers, --hidden-size and --vocab-size/);
    expect(() => estimateSelfRun(sevenB, job('lora'), { gpu: 'b200', usdPerGpuHour: 5 }, references)).toThrow(/no dense peak FLOPS on file for b200.*--gpu-tflops/);
    expect(() => estimateSelfRun(sevenB, job('lora'), { gpu: 'h200', usdPerGpuHour: 5 }, references)).toThrow(/no measured model FLOPs utilisation on file for h200.*--mfu/);
    const given = estimateSelfRun(sevenB, job('lora'), { gpu: 'h200', usdPerGpuHour: 5, mfu: 0.3 }, references);
    expect(given.mfu.basis).toContain('--mfu');
    expect(given.gpuMemoryGb.value).toBe(141);
  });
});
