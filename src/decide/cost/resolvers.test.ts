import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../errors.js';
import { loadReference } from '../load-reference.js';
import { chooseGpuPrice } from './gpu-price.js';
import { chooseThroughput } from './throughput.js';

// The bundled tables (data/reference), imported from shared/data/reference.
const { gpuPrices, throughput } = loadReference();

describe('chooseGpuPrice', () => {
  it('prefers the best-confidence exact price whose instance fits the replica', () => {
    // Lambda rows are medium confidence (the rest low); 1×H100 SXM5 lists $4.29, 8× lists $3.99 per GPU.
    expect(chooseGpuPrice(gpuPrices.rows, { gpu: 'H100', pricing: 'on-demand', gpusPerReplica: 1 }).usdPerGpuHour).toBe(4.29);
    const eight = chooseGpuPrice(gpuPrices.rows, { gpu: 'h100-sxm', pricing: 'on-demand', gpusPerReplica: 8 });
    expect(eight.usdPerGpuHour).toBe(3.99);
    expect(eight.basis).toContain('gpu_8x_h100_sxm5');
    expect(eight.alternatives?.minUsd).toBe(1.49);
  });

  it('filters by provider and pricing kind', () => {
    expect(chooseGpuPrice(gpuPrices.rows, { gpu: 'h100', pricing: 'on-demand', gpusPerReplica: 8, provider: 'aws' }).usdPerGpuHour).toBe(12.29);
    expect(chooseGpuPrice(gpuPrices.rows, { gpu: 'h100', pricing: 'spot', gpusPerReplica: 1 }).usdPerGpuHour).toBe(1.49);
  });

  it('uses the midpoint when only a quoted range exists', () => {
    // H200 on-demand: only ranges; first in table order is hyperscalers $4.50–$7.00 → $5.75
    const choice = chooseGpuPrice(gpuPrices.rows, { gpu: 'h200', pricing: 'on-demand', gpusPerReplica: 1 });
    expect(choice.usdPerGpuHour).toBeCloseTo(5.75, 9);
    expect(choice.basis).toContain('midpoint');
  });

  it('says what exists when nothing matches, and accepts a price from a flag', () => {
    expect(() => chooseGpuPrice(gpuPrices.rows, { gpu: 'h200', pricing: 'spot', gpusPerReplica: 1 })).toThrow(NotFoundError);
    expect(() => chooseGpuPrice(gpuPrices.rows, { gpu: 'l40s', pricing: 'on-demand', gpusPerReplica: 1 })).toThrow(/no price for l40s/);
    expect(() => chooseGpuPrice(gpuPrices.rows, { gpu: 'tpu', pricing: 'on-demand', gpusPerReplica: 1 })).toThrow(ValidationError);
    const flagged = chooseGpuPrice(gpuPrices.rows, { gpu: 'l40s', pricing: 'on-demand', gpusPerReplica: 1, usdPerGpuHour: 0.9 });
    expect(flagged).toMatchObject({ usdPerGpuHour: 0.9, pricing: 'flag', gpu: 'l40s' });
  });
});

describe('chooseThroughput', () => {
  it('finds the reference row for the model and GPU', () => {
    const choice = chooseThroughput(throughput.rows, { model: 'meta/llama-3.1-8b-instruct', activeParametersB: 8, gpu: 'h200', gpusPerReplica: null });
    // vLLM nightly CI: Llama-3.1-8B on 1×H200, ShareGPT: 22.5674 requests/s
    expect(choice).toMatchObject({ perReplica: 22.5674, unit: 'requests/s', gpusPerReplica: 1, basis: 'reference' });
  });

  it('finds a versioned release by its architecture’s row (Mixtral-8x7B-Instruct-v0.1 → Mixtral-8x7B)', () => {
    const choice = chooseThroughput(throughput.rows, { model: 'mistral/mixtral-8x7b-instruct-v0.1', activeParametersB: 12.9, gpu: 'h200', gpusPerReplica: null });
    // vLLM nightly CI: Mixtral-8x7B on 2×H200 (bf16), ShareGPT: 8.06251 requests/s
    expect(choice).toMatchObject({ perReplica: 8.06251, unit: 'requests/s', gpusPerReplica: 2, basis: 'reference' });
  });

  it('takes the saturated figure of a concurrency sweep', () => {
    const choice = chooseThroughput(throughput.rows, { model: 'Llama-3.3-70B-Instruct', activeParametersB: 70, gpu: 'h100', gpusPerReplica: 2, precision: 'fp8' });
    expect(choice).toMatchObject({ perReplica: 920.12, unit: 'output-tokens/s', basis: 'reference' });
  });

  it('refuses to guess without --estimate, naming the nearest row', () => {
    expect(() => chooseThroughput(throughput.rows, { model: 'meta/llama-3.1-8b-instruct', activeParametersB: 8, gpu: 'h100', gpusPerReplica: 1 })).toThrow(
      /no reference throughput.*Nearest reference: NVIDIA NIM/,
    );
  });

  it('labels a scaled estimate from the nearest row by active parameters', () => {
    const choice = chooseThroughput(throughput.rows, { model: 'meta/llama-3.1-8b-instruct', activeParametersB: 8, gpu: 'h100', gpusPerReplica: 1, allowEstimate: true });
    // nearest on H100: Llama-3.3-70B FP8 on 2×H100, saturated 920.12 tok/s → 920.12 × 70/8 × 1/2 = 4,025.525
    expect(choice.basis).toBe('estimate');
    expect(choice.perReplica).toBeCloseTo(920.12 * (70 / 8) * 0.5, 9);
    expect(choice.detail).toMatch(/^ESTIMATE/);
    expect(() =>
      chooseThroughput(throughput.rows, { model: 'x/unknown', activeParametersB: null, gpu: 'h100', gpusPerReplica: 1, allowEstimate: true }),
    ).toThrow(ValidationError);
  });

  it('accepts a measured figure', () => {
    const choice = chooseThroughput(throughput.rows, { model: 'x/y', activeParametersB: null, gpu: 'l40s', gpusPerReplica: 1, measured: { value: 1_200, unit: 'output-tokens/s' } });
    expect(choice).toMatchObject({ perReplica: 1_200, basis: 'measured', gpusPerReplica: 1 });
  });
});
