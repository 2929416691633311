/**
 * Self-hosting cost of a workload: enough replicas (each `gpusPerReplica` GPUs) to serve the peak at the
 * target utilization, billed per GPU-hour, plus a monthly operations overhead.
 *
 * - always-on: the peak's replica count runs all month (`ceil`, at least one).
 * - scale-to-zero: idealised autoscaling, billed for the average load only (replica-hours = average demand ÷
 *   usable capacity per replica). Cold starts, minimum billing increments and headroom are not modelled,
 *   so this is a lower bound.
 */
import { z } from 'zod';
import type { Workload } from './workload.js';

export const SCALING_MODES = ['always-on', 'scale-to-zero'] as const;
export type ScalingMode = (typeof SCALING_MODES)[number];

/** Capacity units: whole requests per second, or generated (output) tokens per second. */
export const THROUGHPUT_UNITS = ['requests/s', 'output-tokens/s'] as const;
export type ThroughputUnit = (typeof THROUGHPUT_UNITS)[number];

export const THROUGHPUT_BASES = ['reference', 'measured', 'estimate'] as const;

export const gpuPriceChoiceSchema = z.object({
  gpu: z.string().min(1),
  usdPerGpuHour: z.number().positive(),
  /** Pricing kind of the reference row(s), or `flag` for a price given on the command line. */
  pricing: z.enum(['on-demand', 'spot', 'reserved', 'index', 'flag']),
  basis: z.string(),
  sources: z.array(z.string()),
  alternatives: z.object({ count: z.number().int().nonnegative(), minUsd: z.number(), maxUsd: z.number() }).nullable(),
});
export type GpuPriceChoice = z.infer<typeof gpuPriceChoiceSchema>;

export const throughputChoiceSchema = z.object({
  perReplica: z.number().positive(),
  unit: z.enum(THROUGHPUT_UNITS),
  gpusPerReplica: z.number().int().positive(),
  /** reference: a bundled row for this model and GPU; measured: a figure given by the user; estimate: scaled. */
  basis: z.enum(THROUGHPUT_BASES),
  detail: z.string(),
  sources: z.array(z.string()),
});
export type ThroughputChoice = z.infer<typeof throughputChoiceSchema>;

export const selfHostPlanSchema = z.object({
  modelId: z.string().min(1),
  gpu: gpuPriceChoiceSchema,
  throughput: throughputChoiceSchema,
  targetUtilization: z.number().gt(0).max(1),
  scaling: z.enum(SCALING_MODES),
  opsPerMonth: z.number().nonnegative(),
});
export type SelfHostPlan = z.infer<typeof selfHostPlanSchema>;

export interface SelfHostCost {
  plan: SelfHostPlan;
  /** Peak demand in the throughput's unit. */
  peakDemand: number;
  usableCapacityPerReplica: number;
  /** Replicas the peak needs (whole). */
  peakReplicas: number;
  /** Replicas billed on average over the month: peakReplicas when always-on, fractional when scaling to zero. */
  billedReplicas: number;
  gpuHoursPerMonth: number;
  gpuCost: number;
  opsCost: number;
  monthlyCost: number;
  effectivePerMtok: number | null;
}

const SECONDS_PER_DAY = 86_400;

/** `ceil` that ignores floating-point dust: 3.0000000001 → 3. */
export function ceilTolerant(value: number): number {
  return Math.ceil(value - 1e-9);
}

/** Demand one request puts on the capacity unit: 1 request, or its output tokens. */
function demandPerRequest(plan: SelfHostPlan, workload: Workload): number {
  return plan.throughput.unit === 'requests/s' ? 1 : workload.outputTokensPerRequest;
}

/**
 * The two coefficients the cost is linear in: replicas needed per request/day (peak-sized when always-on,
 * average when scaling to zero) and the monthly cost of one replica.
 */
export function selfHostCoefficients(plan: SelfHostPlan, workload: Workload, daysPerMonth: number): { replicasPerRequestDay: number; replicaMonthlyCost: number } {
  const usable = plan.throughput.perReplica * plan.targetUtilization;
  const burst = plan.scaling === 'always-on' ? workload.peakToAverage : 1;
  return {
    replicasPerRequestDay: (burst * demandPerRequest(plan, workload)) / (SECONDS_PER_DAY * usable),
    replicaMonthlyCost: plan.throughput.gpusPerReplica * plan.gpu.usdPerGpuHour * daysPerMonth * 24,
  };
}

export function selfHostMonthlyCost(plan: SelfHostPlan, workload: Workload, daysPerMonth: number): SelfHostCost {
  const usable = plan.throughput.perReplica * plan.targetUtilization;
  const perRequest = demandPerRequest(plan, workload);
  const peakDemand = (workload.requestsPerDay / SECONDS_PER_DAY) * workload.peakToAverage * perRequest;
  const peakReplicas = ceilTolerant(peakDemand / usable);
  const averageReplicas = ((workload.requestsPerDay / SECONDS_PER_DAY) * perRequest) / usable;
  const billedReplicas = plan.scaling === 'always-on' ? Math.max(1, peakReplicas) : averageReplicas;
  const gpuHoursPerMonth = billedReplicas * plan.throughput.gpusPerReplica * daysPerMonth * 24;
  const gpuCost = gpuHoursPerMonth * plan.gpu.usdPerGpuHour;
  const monthlyCost = gpuCost + plan.opsPerMonth;
  const tokens = workload.requestsPerDay * daysPerMonth * (workload.inputTokensPerRequest + workload.outputTokensPerRequest);
  return {
    plan,
    peakDemand,
    usableCapacityPerReplica: usable,
    peakReplicas,
    billedReplicas,
    gpuHoursPerMonth,
    gpuCost,
    opsCost: plan.opsPerMonth,
    monthlyCost,
    effectivePerMtok: tokens > 0 ? monthlyCost / (tokens / 1e6) : null,
  };
}
