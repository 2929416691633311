import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { loadReference } from '../load-reference.js';
import { buildSelfHostPlan } from './plan.js';

const reference = loadReference();
const llama8b = { id: 'meta/llama-3.1-8b-instruct', name: 'Llama 3.1 8B Instruct', openWeights: true, parametersB: 8, activeParametersB: null };

describe('buildSelfHostPlan', () => {
  it('combines the reference throughput and GPU price with the defaults', () => {
    const plan = buildSelfHostPlan(llama8b, { gpu: 'H200' }, reference);
    expect(plan).toMatchObject({ targetUtilization: 0.6, scaling: 'always-on', opsPerMonth: 0 });
    expect(plan.throughput).toMatchObject({ basis: 'reference', perReplica: 22.5674, gpusPerReplica: 1 });
    expect(plan.gpu).toMatchObject({ gpu: 'h200', pricing: 'on-demand' });
  });

  it('uses the catalog parameter count for an estimate', () => {
    const plan = buildSelfHostPlan(llama8b, { gpu: 'h100', gpusPerReplica: 2, allowEstimate: true }, reference);
    // 920.12 tok/s on 2×H100 for 70B → × 70/8 × 2/2 = 8,051.05
    expect(plan.throughput.perReplica).toBeCloseTo(920.12 * (70 / 8), 9);
  });

  it('refuses closed models and unknown GPUs', () => {
    expect(() => buildSelfHostPlan({ ...llama8b, openWeights: false }, { gpu: 'h100' }, reference)).toThrow(ValidationError);
    expect(() => buildSelfHostPlan(llama8b, { gpu: 'tpu-v5' }, reference)).toThrow(/unknown GPU/);
  });
});
