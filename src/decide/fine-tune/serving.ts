/**
 * What serving a model costs a month, one way or another, at a given volume: through an API price, or on
 * self-hosted replicas (the cost model's `selfHostMonthlyCost`). The tuned model's running cost has two forms
 * (Hu et al. 2021 §4.2: an adapter can be merged into the weights or swapped on one base deployment):
 *
 * - merged into the weights (a full fine-tune always is): its own replicas, billed as the self-hosting plan
 *   bills them (always-on: at least one replica all month);
 * - a LoRA adapter on a shared base-model deployment: billed for its share of the replicas at peak (the
 *   fraction of a replica its peak load needs, no minimum), assuming the deployment has that room. The
 *   adapter's own throughput overhead is not modelled (no figure on file), so this is a lower bound.
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { apiMonthlyCost, apiPriceSchema, type ApiPrice } from '../cost/api-cost.js';
import { selfHostCoefficients, selfHostMonthlyCost, selfHostPlanSchema, type SelfHostPlan } from '../cost/self-host.js';
import type { Workload } from '../cost/workload.js';

export const SERVING_KINDS = ['api', 'own-replicas', 'shared-adapter'] as const;

export const servingOptionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('api'), price: apiPriceSchema, basis: z.string() }),
  z.object({ kind: z.literal('own-replicas'), plan: selfHostPlanSchema, basis: z.string() }),
  z.object({ kind: z.literal('shared-adapter'), plan: selfHostPlanSchema, basis: z.string() }),
]);
export type ServingOption = z.infer<typeof servingOptionSchema>;

/** Monthly cost of serving `requestsPerDay` of the workload this way (0 for no traffic). */
export function servingMonthlyCost(option: ServingOption, workload: Workload, requestsPerDay: number, daysPerMonth: number): number {
  if (requestsPerDay <= 0) return 0;
  const at: Workload = { ...workload, requestsPerDay };
  if (option.kind === 'api') return apiMonthlyCost(at, option.price, daysPerMonth).monthlyCost;
  if (option.kind === 'own-replicas') return selfHostMonthlyCost(option.plan, at, daysPerMonth).monthlyCost;
  const { replicasPerRequestDay, replicaMonthlyCost } = selfHostCoefficients({ ...option.plan, scaling: 'always-on' }, at, daysPerMonth);
  return replicasPerRequestDay * requestsPerDay * replicaMonthlyCost;
}

export function describeServing(option: ServingOption): string {
  if (option.kind === 'api') return `${option.price.modelId} at ${option.price.provider} ($${option.price.inputPerMtok} in / $${option.price.outputPerMtok} out per Mtok)`;
  const plan = option.plan;
  const replica = `${plan.throughput.gpusPerReplica}×${plan.gpu.gpu} at $${plan.gpu.usdPerGpuHour}/GPU-h`;
  return option.kind === 'own-replicas' ? `own replicas of ${replica} (${plan.scaling})` : `its share of a shared ${plan.modelId} deployment of ${replica}`;
}

/**
 * How the open model is served in the routing plan, and the tuned model in the fine-tune plan, for the
 * break-even. Self-hosted: the base deployment serves the adapter (LoRA, QLoRA) or the merged model takes its
 * replicas (full). Through an API: a full fine-tune has new weights and needs its own replicas; an adapter is
 * ASSUMED to be served at the base model's API price (no service on file settles that it is), and the note says so.
 */
export function breakEvenServing(
  method: 'full' | 'lora' | 'qlora',
  hosting: 'self' | 'api',
  plan: SelfHostPlan | null,
  planUnavailable: string | null,
  openApiPrice: ApiPrice | null,
): { open: ServingOption; tuned: ServingOption } {
  if (hosting === 'self') {
    if (plan === null) throw new ValidationError(`cannot self-host ${method === 'full' ? 'the tuned model' : 'the base model'}: ${planUnavailable ?? 'no plan'}`, '--open-hosting');
    return {
      open: { kind: 'own-replicas', plan, basis: 'the base model on its own replicas' },
      tuned: { kind: 'own-replicas', plan, basis: method === 'full' ? 'the fine-tuned model on its own replicas' : 'the adapter on the same replicas, in place of the base model' },
    };
  }
  if (openApiPrice === null) throw new ValidationError('no API price for the open model: give --api-price MODEL=IN,OUT or self-host it (--open-hosting self)', '--open-hosting');
  const open: ServingOption = { kind: 'api', price: openApiPrice, basis: 'the base model through its API' };
  if (method !== 'full') return { open, tuned: { kind: 'api', price: openApiPrice, basis: "ASSUMED: the adapter is served at the base model's API price (no service on file settles that it is)" } };
  if (plan === null) {
    throw new ValidationError(`a fully fine-tuned model has new weights and needs its own replicas, which cannot be priced: ${planUnavailable ?? 'no plan'}`, '--gpu');
  }
  return { open, tuned: { kind: 'own-replicas', plan, basis: 'the fine-tuned model on its own replicas' } };
}
