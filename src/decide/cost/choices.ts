/**
 * The self-hosting and price choices as the CLI flags and the dashboard's query parameters name them, turned
 * into the planner's options and the catalog's price listings: one mapping for `parity cost`, `parity advise`
 * and `GET /api/cost`.
 */
import type { Price } from '../../catalog/index.js';
import type { ApiPriceInput } from './api-cost.js';
import type { SelfHostOptions } from './plan.js';
import type { ThroughputUnit } from './self-host.js';

/** Flag-shaped self-hosting choices (`--gpu`, `--gpus`, `--pricing`, …, `--ops-per-month`). */
export interface SelfHostChoices {
  gpu: string;
  gpus?: number | undefined;
  pricing: NonNullable<SelfHostOptions['pricing']>;
  gpuProvider?: string | undefined;
  gpuHourPrice?: number | undefined;
  throughput?: number | undefined;
  throughputUnit: ThroughputUnit;
  precision?: string | undefined;
  estimate: boolean;
  activeParams?: number | undefined;
  utilization: number;
  scaleToZero: boolean;
  opsPerMonth: number;
}

export function selfHostOptions(choices: SelfHostChoices): SelfHostOptions {
  return {
    gpu: choices.gpu,
    gpusPerReplica: choices.gpus ?? null,
    pricing: choices.pricing,
    gpuProvider: choices.gpuProvider ?? null,
    usdPerGpuHour: choices.gpuHourPrice ?? null,
    measuredThroughput: choices.throughput === undefined ? null : { value: choices.throughput, unit: choices.throughputUnit },
    precision: choices.precision ?? null,
    allowEstimate: choices.estimate,
    activeParametersB: choices.activeParams ?? null,
    targetUtilization: choices.utilization,
    scaling: choices.scaleToZero ? 'scale-to-zero' : 'always-on',
    opsPerMonth: choices.opsPerMonth,
  };
}

/** A model's catalog price listings as cost inputs (each keeps its date and source). */
export function priceListings(prices: readonly Price[]): ApiPriceInput[] {
  return prices.map((price) => ({
    modelId: price.modelId,
    provider: price.provider,
    inputPerMtok: price.inputPerMtok,
    outputPerMtok: price.outputPerMtok,
    cacheReadPerMtok: price.cacheReadPerMtok,
    asOf: price.asOf,
    source: price.source,
  }));
}
