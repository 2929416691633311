/**
 * API cost of a workload at one provider's list prices. Cache-hit input tokens are billed at the cache-read
 * price where the catalog has one; without one, the cache-hit rate is ignored and the report says so.
 */
import { z } from 'zod';
import type { Workload } from './workload.js';

export const apiPriceSchema = z.object({
  modelId: z.string().min(1),
  provider: z.string().min(1),
  inputPerMtok: z.number().nonnegative(),
  outputPerMtok: z.number().nonnegative(),
  cacheReadPerMtok: z.number().nonnegative().nullable().default(null),
  asOf: z.string().nullable().default(null),
  source: z.string().min(1),
});
export type ApiPrice = z.infer<typeof apiPriceSchema>;
export type ApiPriceInput = z.input<typeof apiPriceSchema>;

export interface ApiCost {
  modelId: string;
  provider: string;
  monthlyCost: number;
  breakdown: { input: number; cachedInput: number; output: number };
  /** Monthly cost per million tokens (input + output); null when the workload has no tokens. */
  effectivePerMtok: number | null;
  /** True when cache hits were billed at a cache-read price. */
  cachePriced: boolean;
  price: ApiPrice;
}

/** Dollars per request, split by input (uncached), cached input and output. */
export function apiCostPerRequest(workload: Workload, price: ApiPrice): { input: number; cachedInput: number; output: number; total: number } {
  const hitRate = price.cacheReadPerMtok === null ? 0 : workload.cacheHitRate;
  const input = (workload.inputTokensPerRequest * (1 - hitRate) * price.inputPerMtok) / 1e6;
  const cachedInput = (workload.inputTokensPerRequest * hitRate * (price.cacheReadPerMtok ?? 0)) / 1e6;
  const output = (workload.outputTokensPerRequest * price.outputPerMtok) / 1e6;
  return { input, cachedInput, output, total: input + cachedInput + output };
}

export function apiMonthlyCost(workload: Workload, price: ApiPrice, daysPerMonth: number): ApiCost {
  const perRequest = apiCostPerRequest(workload, price);
  const requests = workload.requestsPerDay * daysPerMonth;
  const tokens = requests * (workload.inputTokensPerRequest + workload.outputTokensPerRequest);
  const monthlyCost = perRequest.total * requests;
  return {
    modelId: price.modelId,
    provider: price.provider,
    monthlyCost,
    breakdown: { input: perRequest.input * requests, cachedInput: perRequest.cachedInput * requests, output: perRequest.output * requests },
    effectivePerMtok: tokens > 0 ? monthlyCost / (tokens / 1e6) : null,
    cachePriced: price.cacheReadPerMtok !== null,
    price,
  };
}
