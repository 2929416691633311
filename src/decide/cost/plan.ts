/**
 * Builds a self-hosting plan for a catalog model from the choices a user (or the memo's config) makes:
 * GPU type and pricing, an optional measured throughput, utilization, scaling mode, operations overhead.
 * GPU price and throughput come from the reference tables unless given.
 */
import { gpuKey, parametersFromName } from '../../catalog/index.js';
import type { ReferenceData } from '../../catalog/index.js';
import type { Model } from '../../catalog/index.js';
import { ValidationError } from '../../errors.js';
import { chooseGpuPrice } from './gpu-price.js';
import type { ScalingMode, SelfHostPlan, ThroughputUnit } from './self-host.js';
import { chooseThroughput } from './throughput.js';

export type PlannedModel = Pick<Model, 'id' | 'name' | 'openWeights' | 'parametersB' | 'activeParametersB'>;

export interface SelfHostOptions {
  gpu: string;
  /** GPUs per replica; default: as in the reference row (1 with a measured throughput). */
  gpusPerReplica?: number | null;
  pricing?: 'on-demand' | 'spot' | 'reserved';
  gpuProvider?: string | null;
  usdPerGpuHour?: number | null;
  measuredThroughput?: { value: number; unit: ThroughputUnit } | null;
  precision?: string | null;
  allowEstimate?: boolean;
  activeParametersB?: number | null;
  targetUtilization?: number;
  scaling?: ScalingMode;
  opsPerMonth?: number;
}

export function buildSelfHostPlan(model: PlannedModel, options: SelfHostOptions, reference: ReferenceData): SelfHostPlan {
  if (model.openWeights === false) {
    throw new ValidationError(`${model.id} is closed-weight: it cannot be self-hosted`, 'model');
  }
  const gpu = gpuKey(options.gpu);
  if (gpu === null) {
    throw new ValidationError(`unknown GPU "${options.gpu}" (try h100, h100-pcie, h200, a100, b200, gh200, a10, a6000, v100, l40s)`, 'gpu');
  }
  const measured = options.measuredThroughput ?? null;
  const throughput = chooseThroughput(reference.throughput.rows, {
    model: model.id,
    activeParametersB: options.activeParametersB ?? model.activeParametersB ?? model.parametersB ?? parametersFromName(model.name),
    gpu,
    gpusPerReplica: options.gpusPerReplica ?? (measured === null ? null : 1),
    precision: options.precision ?? null,
    measured,
    allowEstimate: options.allowEstimate ?? false,
  });
  const price = chooseGpuPrice(reference.gpuPrices.rows, {
    gpu,
    pricing: options.pricing ?? 'on-demand',
    gpusPerReplica: throughput.gpusPerReplica,
    provider: options.gpuProvider ?? null,
    usdPerGpuHour: options.usdPerGpuHour ?? null,
  });
  return {
    modelId: model.id,
    gpu: price,
    throughput,
    targetUtilization: options.targetUtilization ?? 0.6,
    scaling: options.scaling ?? 'always-on',
    opsPerMonth: options.opsPerMonth ?? 0,
  };
}
