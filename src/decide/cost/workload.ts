/**
 * A workload for the cost model: how many requests a day, how big they are, how bursty the traffic is and
 * how much of the prompt a provider's cache can serve. It comes from flags, or from aggregates of an eval
 * run or the gateway's request log (the store computes the aggregates; this file only does the arithmetic).
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';

export const workloadSchema = z.object({
  requestsPerDay: z.number().nonnegative(),
  inputTokensPerRequest: z.number().nonnegative(),
  outputTokensPerRequest: z.number().nonnegative(),
  /** Busiest hour's request rate divided by the average rate; 1 = perfectly flat traffic. */
  peakToAverage: z.number().min(1).default(1),
  /** Share of input tokens served from the provider's prompt cache (billed at the cache-read price). */
  cacheHitRate: z.number().min(0).max(1).default(0),
  /** Where the figures came from, e.g. "flags", "eval run 2026-11-28T10:00Z", "request log 7 days". */
  source: z.string().default('flags'),
});
export type Workload = z.infer<typeof workloadSchema>;
export type WorkloadInput = z.input<typeof workloadSchema>;

/** Totals over a set of requests, as a store query returns them. */
export interface WorkloadAggregates {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Input tokens the provider reported as cache reads, when known. */
  cachedInputTokens?: number | null;
  /** Days the requests span. Omit for an eval run: its pace says nothing about production traffic. */
  periodDays?: number | null;
  /** Requests in the busiest hour of the period, when known. */
  peakHourRequests?: number | null;
  source: string;
}

export type WorkloadOverrides = Partial<Pick<Workload, 'requestsPerDay' | 'peakToAverage' | 'cacheHitRate'>>;

/**
 * Per-request sizes from the aggregates; the rate from the period (request log) or from `overrides`
 * (an eval run). Peak-to-average = busiest hour ÷ average hour, when the busiest hour is known.
 */
export function workloadFromAggregates(aggregates: WorkloadAggregates, overrides: WorkloadOverrides = {}): Workload {
  if (aggregates.requests <= 0) throw new ValidationError(`${aggregates.source}: no requests to size a workload from`);
  const days = aggregates.periodDays ?? null;
  const requestsPerDay = overrides.requestsPerDay ?? (days !== null && days > 0 ? aggregates.requests / days : null);
  if (requestsPerDay === null) {
    throw new ValidationError(`${aggregates.source}: no traffic rate in the aggregates; give requests per day`, 'requestsPerDay');
  }
  let peakToAverage = overrides.peakToAverage ?? 1;
  if (overrides.peakToAverage === undefined && days !== null && days > 0 && aggregates.peakHourRequests) {
    const averagePerHour = aggregates.requests / (days * 24);
    peakToAverage = Math.max(1, aggregates.peakHourRequests / averagePerHour);
  }
  const cached = aggregates.cachedInputTokens ?? null;
  const cacheHitRate =
    overrides.cacheHitRate ?? (cached !== null && aggregates.inputTokens > 0 ? Math.min(1, cached / aggregates.inputTokens) : 0);
  return workloadSchema.parse({
    requestsPerDay,
    inputTokensPerRequest: aggregates.inputTokens / aggregates.requests,
    outputTokensPerRequest: aggregates.outputTokens / aggregates.requests,
    peakToAverage,
    cacheHitRate,
    source: aggregates.source,
  });
}
