/**
 * `parity cost --fine-tune` — thin wiring over decide/fine-tune: the model from the catalog, the GPU facts and
 * prices from the reference tables, the eval run (for the break-even) from the store or a file. `cost.ts`
 * registers the flags (addFineTuneOptions) and hands the run over (runFineTuneCost) when --fine-tune is given.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { FINE_TUNE_METHODS } from '../../catalog/fine-tuning-schema.js';
import { DEFAULT_PRICE_POLICY, PRICE_POLICIES } from '../../catalog/price-policy.js';
import { loadCatalog } from '../../catalog/load.js';
import type { Model } from '../../catalog/schema.js';
import { ParityError, ValidationError } from '../../errors.js';
import type { ApiPrice } from '../../decide/cost/api-cost.js';
import { priceListings, selfHostOptions } from '../../decide/cost/choices.js';
import { buildSelfHostPlan } from '../../decide/cost/plan.js';
import type { SelfHostPlan } from '../../decide/cost/self-host.js';
import { computeFineTune, FINE_TUNE_VIAS, type FineTuneInput } from '../../decide/fine-tune/compute-fine-tune.js';
import { breakEvenServing } from '../../decide/fine-tune/serving.js';
import { loadFineTuningReference, loadReference } from '../../decide/load-reference.js';
import { parseFlags, selfHostFlagShape } from '../flags.js';
import { printJson } from '../output.js';
import { apiPrices, parseApiPriceSpec, resolveModel } from './cost.js';
import { renderFineTune } from './cost-fine-tune-render.js';

/** `10M`, `2.5B`, `300k` or a plain number of tokens. */
export const tokenCount = z
  .string()
  .transform((text, context) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmMbB]?)\s*$/.exec(text);
    const scale = { '': 1, k: 1e3, m: 1e6, b: 1e9 }[match?.[2]?.toLowerCase() ?? ''];
    if (match?.[1] === undefined || scale === undefined || !(Number(match[1]) > 0)) {
      context.addIssue({ code: 'custom', message: `expected a positive token count like 10M, 250k or 2000000, got "${text}"` });
      return z.NEVER;
    }
    return Number(match[1]) * scale;
  });

const positive = z.coerce.number().positive();
const share = z.coerce.number().min(0).max(1);

/** The fine-tune job's flags, shared by `parity cost --fine-tune` and `parity advise` (its "fine-tune or route?" section). */
export const fineTuneJobFlagShape = {
  method: z.enum(FINE_TUNE_METHODS).default('lora'),
  trainingTokens: tokenCount.optional(),
  epochs: positive.default(1),
  service: z.string().min(1).optional(),
  params: positive.optional(),
  layers: z.coerce.number().int().positive().optional(),
  hiddenSize: z.coerce.number().int().positive().optional(),
  vocabSize: z.coerce.number().int().positive().optional(),
  seqLen: z.coerce.number().int().positive().default(2048),
  microBatch: z.coerce.number().int().positive().default(1),
  trainingGpus: z.coerce.number().int().positive().optional(),
  maxGpus: z.coerce.number().int().positive().default(64),
  gpuMemoryGb: positive.optional(),
  gpuTflops: positive.optional(),
  mfu: z.coerce.number().gt(0).max(1).optional(),
  memoryHeadroom: z.coerce.number().min(0).lt(1).default(0),
  dataPrepHours: z.coerce.number().nonnegative().default(0),
  dataPrepRate: z.coerce.number().nonnegative().optional(),
  recovery: share.default(0.5),
  retuneMonths: positive.optional(),
};

/** The options behind fineTuneJobFlagShape, declared once for `parity cost` and `parity advise`. */
export function addFineTuneJobOptions(command: Command): Command {
  return command
    .option('--method <method>', 'fine-tune: full | lora | qlora', 'lora')
    .option('--training-tokens <n>', 'fine-tune: tokens in the training set, e.g. 10M')
    .option('--epochs <n>', 'fine-tune: passes over the training set', '1')
    .option('--service <id>', 'fine-tune: only this hosted service (fireworks, ori)')
    .option('--params <billions>', 'fine-tune: parameters, when the catalog has no count')
    .option('--layers <n>', 'fine-tune: layers, for the activation memory when not on file')
    .option('--hidden-size <n>', 'fine-tune: hidden size, with --layers')
    .option('--vocab-size <n>', 'fine-tune: vocabulary size, with --layers')
    .option('--seq-len <n>', 'fine-tune: training sequence length', '2048')
    .option('--micro-batch <n>', 'fine-tune: sequences per GPU per step', '1')
    .option('--training-gpus <n>', 'fine-tune: GPUs to train on (default: the fewest that fit)')
    .option('--max-gpus <n>', 'fine-tune: most GPUs to try', '64')
    .option('--gpu-memory-gb <gb>', 'fine-tune: GPU memory, when the price rows do not name it')
    .option('--gpu-tflops <n>', 'fine-tune: dense peak TFLOPS, when not on file')
    .option('--mfu <share>', 'fine-tune: model FLOPs utilisation, instead of the measured row')
    .option('--memory-headroom <share>', 'fine-tune: share of GPU memory kept free', '0')
    .option('--data-prep-hours <h>', 'fine-tune: hours of data preparation', '0')
    .option('--data-prep-rate <usd>', 'fine-tune: $ per hour of data preparation')
    .option('--recovery <share>', 'fine-tune break-even: ASSUMED share of frontier-only cases the tuned model passes', '0.5')
    .option('--retune-months <n>', 'fine-tune break-even: re-tune every N months (default: never)');
}

type JobFlags = z.infer<z.ZodObject<typeof fineTuneJobFlagShape>> & Pick<z.infer<z.ZodObject<typeof selfHostFlagShape>>, 'activeParams'>;

/** The job as the library takes it; `--training-tokens` is required here. */
export function fineTuneJob(flags: JobFlags) {
  if (flags.trainingTokens === undefined) throw new ValidationError('--training-tokens is required to price a fine-tune (e.g. 10M)', '--training-tokens');
  if (flags.dataPrepHours > 0 && flags.dataPrepRate === undefined) throw new ValidationError('--data-prep-hours needs --data-prep-rate ($ per hour)', '--data-prep-rate');
  return {
    method: flags.method,
    trainingTokens: flags.trainingTokens,
    epochs: flags.epochs,
    overrides: { parametersB: flags.params ?? null, activeParametersB: flags.activeParams ?? null, layers: flags.layers ?? null, hiddenSize: flags.hiddenSize ?? null, vocabSize: flags.vocabSize ?? null },
    dataPrep: flags.dataPrepHours > 0 ? { hours: flags.dataPrepHours, usdPerHour: flags.dataPrepRate ?? 0 } : null,
    selfRun: {
      gpus: flags.trainingGpus ?? null,
      maxGpus: flags.maxGpus,
      gpuMemoryGb: flags.gpuMemoryGb ?? null,
      gpuTflops: flags.gpuTflops ?? null,
      mfu: flags.mfu ?? null,
      sequenceLength: flags.seqLen,
      microBatch: flags.microBatch,
      memoryHeadroom: flags.memoryHeadroom,
    },
    service: flags.service ?? null,
    recovery: flags.recovery,
    retuneEveryMonths: flags.retuneMonths ?? null,
  };
}

const flagsSchema = z.object({
  model: z.string().min(1, 'give the model to fine-tune (--model)'),
  ...fineTuneJobFlagShape,
  via: z.enum(FINE_TUNE_VIAS).default('both'),
  // workload (optional here): the tuned model's running cost and the break-even
  requestsPerDay: z.coerce.number().nonnegative().optional(),
  inputTokens: z.coerce.number().nonnegative().optional(),
  outputTokens: z.coerce.number().nonnegative().optional(),
  peakToAverage: z.coerce.number().min(1).default(1),
  cacheHitRate: z.coerce.number().min(0).max(1).default(0),
  api: z.array(z.string().min(1)).default([]),
  apiPrice: z.array(z.string().min(1)).default([]),
  provider: z.array(z.string().min(1)).default([]),
  includeFree: z.boolean().default(false),
  pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY),
  ...selfHostFlagShape,
  // break-even against routing
  eval: z.string().min(1).optional(),
  run: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
  candidate: z.string().min(1).optional(),
  reference: z.string().min(1).optional(),
  frontier: z.string().min(1).optional(),
  frontierProvider: z.string().min(1).optional(),
  openHosting: z.enum(['auto', 'self', 'api']).default('auto'),
  json: z.boolean().default(false),
});
type Flags = z.infer<typeof flagsSchema>;

/** `parity cost`'s fine-tune options: the job's, the path, and the eval run for the break-even. */
export function addFineTuneOptions(command: Command): Command {
  return addFineTuneJobOptions(command.option('--fine-tune', 'price fine-tuning --model instead (self-run and hosted); see the fine-tune options'))
    .option('--via <path>', 'fine-tune: both | self | hosted (self or hosted alone: a refusal is an error)', 'both')
    .option('--eval <file>', 'fine-tune break-even: a saved `parity eval --json`')
    .option('--run <id>', 'fine-tune break-even: an eval run in the store (--db)')
    .option('--db <url>', 'store of --run (default: .parity/parity.db or $PARITY_DATABASE_URL)')
    .option('--candidate <ref>', 'fine-tune break-even: the eval comparison by its candidate')
    .option('--reference <ref>', 'fine-tune break-even: the eval comparison by its reference')
    .option('--frontier <ref>', 'fine-tune break-even: the frontier model routed to (default: the eval reference)')
    .option('--frontier-provider <name>', "fine-tune break-even: the frontier model's API provider")
    .option('--open-hosting <mode>', 'fine-tune break-even: auto | self | api (auto: self-hosted when a plan can be built)', 'auto');
}

function userPrice(specs: readonly string[], model: Model): ApiPrice[] {
  return specs.map(parseApiPriceSpec).filter((price) => [model.id, model.name].some((name) => name.toLowerCase() === price.modelId.toLowerCase())) as ApiPrice[];
}

async function evalEvidence(flags: Flags) {
  const advise = await import('../../decide/advise/index.js');
  if (flags.eval !== undefined) return advise.loadEvalFile(flags.eval);
  const { openStore, storeUrlFromEnv } = await import('../../store/index.js');
  const url = flags.db ?? storeUrlFromEnv();
  const store = await openStore({ ...(url === undefined ? {} : { url }), mustExist: true });
  try {
    return await advise.loadEvalFromStore(store, flags.run as string);
  } finally {
    await store.close();
  }
}

async function breakEvenInput(flags: Flags, model: Model, plan: SelfHostPlan | null, planUnavailable: string | null, workload: FineTuneInput['serving']) {
  if (flags.eval === undefined && flags.run === undefined) return null;
  if (flags.eval !== undefined && flags.run !== undefined) throw new ValidationError('give the eval run once: --eval FILE or --run ID', '--run');
  if (workload == null) throw new ValidationError('the break-even needs the workload: --requests-per-day, --input-tokens and --output-tokens', '--requests-per-day');
  const { catalogModelFor, choosePrice, selectComparison } = await Promise.all([import('../../decide/advise/eval-models.js'), import('../../decide/advise/costs.js')]).then(
    ([models, costs]) => ({ ...models, choosePrice: costs.choosePrice }),
  );
  const evidence = await evalEvidence(flags);
  const { comparison, open, frontier } = selectComparison(evidence, { candidate: flags.candidate, reference: flags.reference });
  const share = comparison.coverage.onlyReferencePasses;
  if (share === null) throw new ValidationError(`eval run ${evidence.runId} has no share of cases only ${frontier.label} passes (no paired cases)`, '--run');
  const catalog = loadCatalog();
  const evaluated = catalogModelFor(open, evidence, catalog, { flag: '--candidate', value: undefined }).model;
  const notes =
    evaluated?.id === model.id
      ? []
      : [`The eval run compared ${evaluated?.id ?? open.label}, not ${model.id}: its frontier-only share stands in for the tuned model's.`];
  const frontierModel = catalogModelFor(frontier, evidence, catalog, { flag: '--frontier', value: flags.frontier }).model;
  if (frontierModel === null) throw new ValidationError(`the eval's reference ${frontier.label} is not in the catalog: name the frontier model with --frontier`, '--frontier');
  const frontierPrice = choosePrice(priceListings(catalog.pricesForModel(frontierModel.id)), userPrice(flags.apiPrice, frontierModel), flags.frontierProvider ?? null);
  if (frontierPrice === null) throw new ValidationError(`no API price for ${frontierModel.id}: give --api-price "${frontierModel.id}=IN,OUT"`, '--api-price');
  const openPrice = choosePrice(priceListings(catalog.pricesForModel(model.id)), userPrice(flags.apiPrice, model), null);
  const hosting = flags.openHosting === 'auto' ? (plan !== null ? 'self' : 'api') : flags.openHosting;
  const serving = breakEvenServing(flags.method, hosting, plan, planUnavailable, openPrice?.price ?? null);
  return {
    evalRun: { runId: evidence.runId, pairedCases: comparison.pairedCases, frontierOnlyShare: share, openPassRate: open.passRate, frontierPassRate: frontier.passRate },
    workload: workload.workload as NonNullable<FineTuneInput['breakEven']>['workload'],
    daysPerMonth: flags.daysPerMonth,
    frontier: frontierPrice.price,
    ...serving,
    retuneEveryMonths: flags.retuneMonths ?? null,
    recovery: flags.recovery,
    notes,
  };
}

export async function runFineTuneCost(raw: unknown): Promise<void> {
  const flags = parseFlags(flagsSchema, raw);
  const job = fineTuneJob(flags);
  const model = resolveModel(flags.model);
  const reference = loadReference();
  const workloadFlags = [flags.requestsPerDay, flags.inputTokens, flags.outputTokens];
  if (workloadFlags.some((value) => value !== undefined) && workloadFlags.some((value) => value === undefined)) {
    throw new ValidationError('the workload needs all of --requests-per-day, --input-tokens and --output-tokens', '--requests-per-day');
  }
  let serving: FineTuneInput['serving'] = null;
  let plan: SelfHostPlan | null = null;
  let planUnavailable: string | null = null;
  if (flags.requestsPerDay !== undefined) {
    try {
      plan = buildSelfHostPlan(model, selfHostOptions(flags), reference);
    } catch (error) {
      if (!(error instanceof ParityError)) throw error;
      planUnavailable = error.message;
    }
    serving = {
      workload: {
        requestsPerDay: flags.requestsPerDay,
        inputTokensPerRequest: flags.inputTokens as number,
        outputTokensPerRequest: flags.outputTokens as number,
        peakToAverage: flags.peakToAverage,
        cacheHitRate: flags.cacheHitRate,
        source: 'flags',
      },
      apiPrices: apiPrices(flags, model).prices,
      plan,
      planUnavailable,
      daysPerMonth: flags.daysPerMonth,
    };
  }
  const report = computeFineTune(
    {
      model,
      overrides: job.overrides,
      method: job.method,
      trainingTokens: job.trainingTokens,
      epochs: job.epochs,
      dataPrep: job.dataPrep,
      via: flags.via,
      selfRun: { ...job.selfRun, gpu: flags.gpu, pricing: flags.pricing, gpuProvider: flags.gpuProvider ?? null, usdPerGpuHour: flags.gpuHourPrice ?? null },
      service: job.service,
      serving,
      breakEven: await breakEvenInput(flags, model, plan, planUnavailable, serving),
    },
    { fineTuning: loadFineTuningReference(), gpuPrices: reference.gpuPrices },
  );
  if (flags.json) printJson(report);
  else process.stdout.write(`${renderFineTune(report)}\n`);
}
