/**
 * `computeFineTune`: the one-time cost of fine-tuning a catalog model, run yourself (FLOPs, memory fit, GPU
 * hours) and at the services that publish a per-token price; when a workload is given, the tuned model's running
 * cost against the API prices; when an eval run is given, the break-even against routing. One schema owns the
 * result (what `parity cost --fine-tune --json` prints, `schemas/fine-tune-output.schema.json`).
 */
import { z } from 'zod';
import { fineTuneMethod, type FineTuneMethod, type FineTuningReference } from '../../catalog/index.js';
import type { ReferenceData } from '../../catalog/index.js';
import { ParityError, ValidationError } from '../../errors.js';
import { apiPriceSchema, type ApiPriceInput } from '../cost/api-cost.js';
import { DEFAULT_DAYS_PER_MONTH } from '../cost/compute-cost.js';
import type { SelfHostPlan } from '../cost/self-host.js';
import { workloadSchema, type WorkloadInput } from '../cost/workload.js';
import { hostedQuotes, hostedResultSchema } from './hosted.js';
import { fineTuneModel, fineTuneModelSchema, type FineTuneCatalogModel, type ModelOverrides } from './model.js';
import { routingBreakEven, routingBreakEvenSchema, type RoutingBreakEvenInput } from './routing-break-even.js';
import { dataPrepSchema, estimateSelfRun, selfRunSchema, type SelfRunOptions } from './self-run.js';
import { tunedServing, tunedServingSchema } from './tuned-serving.js';

export const FINE_TUNE_VIAS = ['both', 'self', 'hosted'] as const;
export type FineTuneVia = (typeof FINE_TUNE_VIAS)[number];

export const assumptionUsedSchema = z.object({
  id: z.string(),
  value: z.number(),
  unit: z.string(),
  source: z.string(),
  locator: z.string(),
  seen: z.string(),
  check: z.string(),
});

export const fineTuneReportSchema = z.object({
  kind: z.literal('parity-fine-tune'),
  model: fineTuneModelSchema,
  method: fineTuneMethod,
  trainingTokens: z.number().positive(),
  epochs: z.number().positive(),
  billedTokens: z.number().positive(),
  dataPrep: dataPrepSchema.nullable(),
  selfRun: selfRunSchema.nullable(),
  /** Why there is no self-run estimate (closed weights, nothing fits, a GPU fact missing …); null when there is one or it was not asked for. */
  selfRunUnavailable: z.string().nullable(),
  hosted: hostedResultSchema.nullable(),
  /** The cheaper one-time cost of the two paths, and which. */
  cheapest: z.object({ oneTimeCost: z.number().nonnegative(), via: z.string() }).nullable(),
  serving: tunedServingSchema.nullable(),
  servingUnavailable: z.string().nullable(),
  breakEven: routingBreakEvenSchema.nullable(),
  assumptions: z.array(assumptionUsedSchema),
  notes: z.array(z.string()),
});
export type FineTuneReport = z.infer<typeof fineTuneReportSchema>;

/** The JSON Schema committed as `schemas/fine-tune-output.schema.json`. */
export function fineTuneOutputJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(fineTuneReportSchema, { target: 'draft-2020-12' }),
    $id: 'https://parity.dev/schemas/fine-tune-output.schema.json',
    title: 'parity cost --fine-tune --json output',
    description: 'The one-time cost of fine-tuning a model (self-run and hosted), its running cost, and the break-even against routing, every figure with its source.',
  };
}

export interface FineTuneInput {
  model: FineTuneCatalogModel;
  overrides?: ModelOverrides;
  method: FineTuneMethod;
  trainingTokens: number;
  epochs: number;
  dataPrep?: { hours: number; usdPerHour: number } | null;
  via?: FineTuneVia;
  selfRun?: SelfRunOptions | null;
  service?: string | null;
  /** A workload, and the self-hosting plan of the base model (or why there is none), for the running cost. */
  serving?: { workload: WorkloadInput; apiPrices: readonly ApiPriceInput[]; plan: SelfHostPlan | null; planUnavailable: string | null; daysPerMonth?: number } | null;
  /** The break-even against routing; its one-time cost is the report's cheapest. */
  breakEven?: Omit<RoutingBreakEvenInput, 'oneTimeCost' | 'oneTimeBasis'> | null;
}

export interface FineTuneReferences {
  fineTuning: FineTuningReference;
  gpuPrices: ReferenceData['gpuPrices'];
}

function positive(value: number, flag: string): number {
  if (!(Number.isFinite(value) && value > 0)) throw new ValidationError(`${flag}: expected a positive number, got ${value}`, flag);
  return value;
}

export function computeFineTune(input: FineTuneInput, reference: FineTuneReferences): FineTuneReport {
  const via = input.via ?? 'both';
  const trainingTokens = positive(input.trainingTokens, '--training-tokens');
  const epochs = positive(input.epochs, '--epochs');
  const model = fineTuneModel(input.model, reference.fineTuning, input.overrides ?? {});
  let dataPrep = null;
  if (input.dataPrep != null && input.dataPrep.hours > 0) {
    if (!(input.dataPrep.usdPerHour >= 0)) throw new ValidationError('--data-prep-rate: expected $ per hour', '--data-prep-rate');
    dataPrep = { hours: input.dataPrep.hours, usdPerHour: input.dataPrep.usdPerHour, cost: input.dataPrep.hours * input.dataPrep.usdPerHour };
  }
  const job = { method: input.method, trainingTokens, epochs, dataPrep };
  const notes: string[] = [];
  if (dataPrep === null) notes.push('Data preparation is not included (give --data-prep-hours and --data-prep-rate).');

  let selfRun = null;
  let selfRunUnavailable: string | null = null;
  if (via !== 'hosted') {
    try {
      if (model.openWeights === false) throw new ValidationError(`${model.id} is closed-weight: it cannot be fine-tuned on your own GPUs`, '--model');
      selfRun = estimateSelfRun(model, job, input.selfRun ?? { gpu: 'h100' }, reference);
    } catch (error) {
      if (via === 'self' || !(error instanceof ParityError)) throw error;
      selfRunUnavailable = error.message;
    }
  }
  const hosted = via === 'self' ? null : hostedQuotes(model, { ...job, dataPrepCost: dataPrep?.cost ?? 0, service: input.service ?? null }, reference.fineTuning);
  const options = [
    ...(selfRun === null ? [] : [{ oneTimeCost: selfRun.oneTimeCost, via: `self-run on ${selfRun.gpus}×${selfRun.gpu.gpu}` }]),
    ...(hosted?.quotes.slice(0, 1).map((quote) => ({ oneTimeCost: quote.oneTimeCost, via: `hosted at ${quote.name}` })) ?? []),
  ].sort((left, right) => left.oneTimeCost - right.oneTimeCost);
  const cheapest = options[0] ?? null;

  let serving = null;
  let servingUnavailable: string | null = null;
  if (input.serving != null) {
    if (input.serving.plan === null) servingUnavailable = input.serving.planUnavailable ?? 'no self-hosting plan';
    else {
      const workload = workloadSchema.parse(input.serving.workload);
      const prices = input.serving.apiPrices.map((price) => apiPriceSchema.parse(price));
      serving = tunedServing(input.method, input.serving.plan, workload, prices, input.serving.daysPerMonth ?? DEFAULT_DAYS_PER_MONTH);
    }
  }

  let breakEven = null;
  if (input.breakEven != null) {
    if (cheapest === null) {
      throw new ValidationError(`no one-time cost to weigh against routing: ${selfRunUnavailable ?? 'no self-run estimate'}; no hosted price either`, '--fine-tune');
    }
    breakEven = routingBreakEven({ ...input.breakEven, oneTimeCost: cheapest.oneTimeCost, oneTimeBasis: cheapest.via });
  }
  const used = new Set<string>(['training-flops-per-parameter-token']);
  if (input.method !== 'full') used.add(`${input.method}-time-factor`).add('lora-trainable-share').add(input.method === 'lora' ? 'frozen-16bit-bytes-per-parameter' : 'qlora-frozen-bits-per-parameter');
  if (selfRun !== null) ['mixed-precision-adam-bytes-per-parameter', 'activation-checkpoint-bytes', 'activation-layer-bytes', 'logit-bytes'].forEach((id) => used.add(id));
  const assumptions = Object.values(reference.fineTuning.assumptions)
    .filter((row) => used.has(row.id))
    .map(({ id, value, unit, source, locator, seen, check }) => ({ id, value, unit, source, locator, seen, check }));
  return {
    kind: 'parity-fine-tune',
    model,
    method: input.method,
    trainingTokens,
    epochs,
    billedTokens: trainingTokens * epochs,
    dataPrep,
    selfRun,
    selfRunUnavailable,
    hosted,
    cheapest,
    serving,
    servingUnavailable,
    breakEven,
    assumptions,
    notes,
  };
}
