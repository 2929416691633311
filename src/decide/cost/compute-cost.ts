/**
 * The cost model: monthly cost of a workload through each API price and through self-hosting, effective
 * $/Mtok, break-even volume, and a sensitivity table. Pure arithmetic over validated inputs; choosing a
 * GPU price or a throughput figure happens before (gpu-price.ts, throughput.ts).
 */
import type { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { apiCostPerRequest, apiMonthlyCost, apiPriceSchema, type ApiCost, type ApiPrice, type ApiPriceInput } from './api-cost.js';
import { breakEven, type BreakEven } from './break-even.js';
import { selfHostCoefficients, selfHostMonthlyCost, selfHostPlanSchema, type SelfHostCost, type SelfHostPlan } from './self-host.js';
import { workloadSchema, type Workload, type WorkloadInput } from './workload.js';

/** Months are 30 days (720 hours) unless told otherwise, for API and GPU bills alike. */
export const DEFAULT_DAYS_PER_MONTH = 30;
export const SENSITIVITY_FACTORS = [0.5, 1, 1.5] as const;

export interface CostInput {
  workload: WorkloadInput;
  apiPrices: readonly ApiPriceInput[];
  selfHost: SelfHostPlan | null;
  daysPerMonth?: number;
}

export interface CostComparison {
  modelId: string;
  provider: string;
  apiMonthlyCost: number;
  selfHostMonthlyCost: number;
  cheaper: 'api' | 'self-host' | 'tie';
  /** API minus self-hosting; positive when self-hosting saves money. */
  savingsPerMonth: number;
  breakEven: BreakEven;
}

export interface SensitivityRow {
  gpuPriceFactor: number;
  utilizationFactor: number;
  usdPerGpuHour: number;
  targetUtilization: number;
  /** True when utilization × factor exceeded 1 and was capped. */
  utilizationCapped: boolean;
  selfHostMonthlyCost: number;
  effectivePerMtok: number | null;
  breakEven: BreakEven;
}

export interface ApiSensitivityRow {
  priceFactor: number;
  apiMonthlyCost: number;
  breakEven: BreakEven;
}

export interface Sensitivity {
  /** The API option the table compares against: the cheapest one. */
  against: { modelId: string; provider: string };
  selfHost: SensitivityRow[];
  api: ApiSensitivityRow[];
}

export interface CostReport {
  workload: Workload;
  assumptions: {
    daysPerMonth: number;
    hoursPerMonth: number;
    monthlyRequests: number;
    monthlyInputTokens: number;
    monthlyOutputTokens: number;
    notes: string[];
  };
  /** Cheapest first. */
  api: ApiCost[];
  selfHost: SelfHostCost | null;
  comparisons: CostComparison[];
  sensitivity: Sensitivity | null;
}

function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  return parseOrThrow(schema, value, (issue) => new ValidationError(`${what}: ${issue.text}`));
}

function breakEvenFor(workload: Workload, price: ApiPrice, plan: SelfHostPlan, daysPerMonth: number): BreakEven {
  const { replicasPerRequestDay, replicaMonthlyCost } = selfHostCoefficients(plan, workload, daysPerMonth);
  return breakEven({
    apiPerRequestDay: apiCostPerRequest(workload, price).total * daysPerMonth,
    replicasPerRequestDay,
    replicaMonthlyCost,
    opsPerMonth: plan.opsPerMonth,
    scaling: plan.scaling,
    tokensPerRequest: workload.inputTokensPerRequest + workload.outputTokensPerRequest,
    daysPerMonth,
  });
}

function sensitivityFor(workload: Workload, price: ApiPrice, plan: SelfHostPlan, days: number): Sensitivity {
  const selfHost: SensitivityRow[] = [];
  for (const gpuPriceFactor of SENSITIVITY_FACTORS) {
    for (const utilizationFactor of SENSITIVITY_FACTORS) {
      const wanted = plan.targetUtilization * utilizationFactor;
      const varied: SelfHostPlan = {
        ...plan,
        gpu: { ...plan.gpu, usdPerGpuHour: plan.gpu.usdPerGpuHour * gpuPriceFactor },
        targetUtilization: Math.min(1, wanted),
      };
      const cost = selfHostMonthlyCost(varied, workload, days);
      selfHost.push({
        gpuPriceFactor,
        utilizationFactor,
        usdPerGpuHour: varied.gpu.usdPerGpuHour,
        targetUtilization: varied.targetUtilization,
        utilizationCapped: wanted > 1,
        selfHostMonthlyCost: cost.monthlyCost,
        effectivePerMtok: cost.effectivePerMtok,
        breakEven: breakEvenFor(workload, price, varied, days),
      });
    }
  }
  const api = SENSITIVITY_FACTORS.map((priceFactor) => {
    const scaled: ApiPrice = {
      ...price,
      inputPerMtok: price.inputPerMtok * priceFactor,
      outputPerMtok: price.outputPerMtok * priceFactor,
      cacheReadPerMtok: price.cacheReadPerMtok === null ? null : price.cacheReadPerMtok * priceFactor,
    };
    return {
      priceFactor,
      apiMonthlyCost: apiMonthlyCost(workload, scaled, days).monthlyCost,
      breakEven: breakEvenFor(workload, scaled, plan, days),
    };
  });
  return { against: { modelId: price.modelId, provider: price.provider }, selfHost, api };
}

export function computeCost(input: CostInput): CostReport {
  const days = input.daysPerMonth ?? DEFAULT_DAYS_PER_MONTH;
  if (!(days > 0)) throw new ValidationError('daysPerMonth must be positive', 'daysPerMonth');
  const workload = parseInput(workloadSchema, input.workload, 'workload');
  const prices = input.apiPrices.map((price, index) => parseInput(apiPriceSchema, price, `apiPrices[${index}]`));
  const plan = input.selfHost === null ? null : parseInput(selfHostPlanSchema, input.selfHost, 'selfHost');
  const notes: string[] = [];

  const api = prices.map((price) => apiMonthlyCost(workload, price, days)).sort((left, right) => left.monthlyCost - right.monthlyCost);
  const uncached = api.filter((entry) => !entry.cachePriced);
  if (workload.cacheHitRate > 0 && uncached.length > 0) {
    const names = uncached.slice(0, 5).map((cost) => `${cost.modelId} @ ${cost.provider}`).join(', ');
    const more = uncached.length > 5 ? ` and ${uncached.length - 5} more` : '';
    notes.push(`No cache-read price on file for ${names}${more}: cache-hit rate ignored there (all input at the input price).`);
  }
  const selfHost = plan === null ? null : selfHostMonthlyCost(plan, workload, days);
  if (plan !== null) {
    if (plan.throughput.basis === 'estimate') notes.push(`Self-hosting throughput is an ESTIMATE: ${plan.throughput.detail}`);
    if (plan.scaling === 'scale-to-zero') {
      notes.push('Scale-to-zero is idealised: billed for average load only; cold starts and minimum billing not modelled.');
    }
  }
  const comparisons: CostComparison[] =
    selfHost === null || plan === null
      ? []
      : api.map((cost) => {
          const savings = cost.monthlyCost - selfHost.monthlyCost;
          return {
            modelId: cost.modelId,
            provider: cost.provider,
            apiMonthlyCost: cost.monthlyCost,
            selfHostMonthlyCost: selfHost.monthlyCost,
            cheaper: Math.abs(savings) < 1e-9 ? 'tie' : savings > 0 ? 'self-host' : 'api',
            savingsPerMonth: savings,
            breakEven: breakEvenFor(workload, cost.price, plan, days),
          };
        });
  const cheapest = api[0];
  const monthlyRequests = workload.requestsPerDay * days;
  return {
    workload,
    assumptions: {
      daysPerMonth: days,
      hoursPerMonth: days * 24,
      monthlyRequests,
      monthlyInputTokens: monthlyRequests * workload.inputTokensPerRequest,
      monthlyOutputTokens: monthlyRequests * workload.outputTokensPerRequest,
      notes,
    },
    api,
    selfHost,
    comparisons,
    sensitivity: plan === null || cheapest === undefined ? null : sensitivityFor(workload, cheapest.price, plan, days),
  };
}
