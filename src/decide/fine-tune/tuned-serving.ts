/**
 * The running cost of the tuned model in the self-host vs API comparison: the merged model on its own
 * replicas (what self-hosting the base model costs: same weights size, same throughput) and, for LoRA and
 * QLoRA, the adapter's share of a shared base-model deployment, each against every API price given. The merged
 * line is the cost model's own comparison (`computeCost`), break-even volume included.
 */
import { z } from 'zod';
import type { FineTuneMethod } from '../../catalog/index.js';
import type { ApiPrice } from '../cost/api-cost.js';
import { BREAK_EVEN_KINDS } from '../cost/break-even.js';
import { computeCost } from '../cost/compute-cost.js';
import type { SelfHostPlan } from '../cost/self-host.js';
import { workloadSchema, type Workload } from '../cost/workload.js';
import { describeServing, servingMonthlyCost } from './serving.js';

const breakEvenSchema = z.object({
  kind: z.enum(BREAK_EVEN_KINDS),
  requestsPerDay: z.number().nullable(),
  tokensPerMonth: z.number().nullable(),
  explanation: z.string(),
});

export const tunedServingSchema = z.object({
  workload: workloadSchema,
  daysPerMonth: z.number().positive(),
  merged: z.object({ monthlyCost: z.number().nonnegative(), replicas: z.number().nonnegative(), basis: z.string() }),
  /** Null for a full fine-tune: its weights are new, there is no adapter to share a deployment with. */
  adapter: z.object({ monthlyCost: z.number().nonnegative(), replicaShare: z.number().nonnegative(), basis: z.string() }).nullable(),
  comparisons: z.array(
    z.object({
      modelId: z.string(),
      provider: z.string(),
      apiMonthlyCost: z.number().nonnegative(),
      merged: z.object({ cheaper: z.enum(['api', 'tuned', 'tie']), breakEven: breakEvenSchema }),
      adapter: z.object({ cheaper: z.enum(['api', 'tuned', 'tie']) }).nullable(),
    }),
  ),
  notes: z.array(z.string()),
});
export type TunedServing = z.infer<typeof tunedServingSchema>;

const cheaper = (api: number, tuned: number): 'api' | 'tuned' | 'tie' => (Math.abs(api - tuned) < 1e-9 ? 'tie' : tuned < api ? 'tuned' : 'api');

export function tunedServing(method: FineTuneMethod, plan: SelfHostPlan, workload: Workload, apiPrices: readonly ApiPrice[], daysPerMonth: number): TunedServing {
  const report = computeCost({ workload, apiPrices, selfHost: plan, daysPerMonth });
  const self = report.selfHost;
  if (self === null) throw new Error('computeCost returned no self-hosting figures for a plan');
  const adapterOption = { kind: 'shared-adapter' as const, plan, basis: '' };
  const adapterMonthly = method === 'full' ? null : servingMonthlyCost(adapterOption, report.workload, report.workload.requestsPerDay, daysPerMonth);
  const notes = [
    'The tuned model serves at the base model\'s throughput (same architecture and weight size); fine-tuning does not change it.',
  ];
  if (adapterMonthly !== null) {
    notes.push('Adapter: billed for the share of replicas its peak load needs on a shared base deployment with room for it; the adapter\'s throughput overhead is not modelled, so this is a lower bound.');
  }
  return {
    workload: report.workload,
    daysPerMonth,
    merged: {
      monthlyCost: self.monthlyCost,
      replicas: self.billedReplicas,
      basis: `${describeServing({ kind: 'own-replicas', plan, basis: '' })}: ${self.peakReplicas} replica(s) at peak, billed ${self.billedReplicas.toFixed(2)}`,
    },
    adapter:
      adapterMonthly === null
        ? null
        : { monthlyCost: adapterMonthly, replicaShare: self.peakDemand / self.usableCapacityPerReplica, basis: describeServing(adapterOption) },
    comparisons: report.comparisons.map((row) => ({
      modelId: row.modelId,
      provider: row.provider,
      apiMonthlyCost: row.apiMonthlyCost,
      merged: { cheaper: cheaper(row.apiMonthlyCost, row.selfHostMonthlyCost), breakEven: row.breakEven },
      adapter: adapterMonthly === null ? null : { cheaper: cheaper(row.apiMonthlyCost, adapterMonthly) },
    })),
    notes: [...notes, ...report.assumptions.notes],
  };
}
