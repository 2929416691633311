/**
 * The memo's "fine-tune or route?" figures: the one-time cost of fine-tuning the open model (self-run and
 * hosted), and the break-even against routing the cases only the frontier model passed in the eval run, with
 * the open model hosted as the memo's cost section hosts it. All arithmetic is decide/fine-tune's.
 */
import type { FineTuneMethod, FineTuningReference } from '../../catalog/index.js';
import type { ReferenceData } from '../../catalog/index.js';
import type { Model } from '../../catalog/index.js';
import { ValidationError } from '../../errors.js';
import { computeFineTune, type FineTuneReport } from '../fine-tune/compute-fine-tune.js';
import type { ModelOverrides } from '../fine-tune/model.js';
import type { SelfRunOptions } from '../fine-tune/self-run.js';
import { breakEvenServing } from '../fine-tune/serving.js';
import type { SelfHostPlan } from '../cost/self-host.js';
import type { CostPlan } from './costs.js';
import type { MemoQuality, MemoSource } from './memo.js';

export interface FineTuneMemoOptions {
  method: FineTuneMethod;
  trainingTokens: number;
  epochs: number;
  dataPrep?: { hours: number; usdPerHour: number } | null;
  /** Training GPU choices; the GPU type, pricing and provider default to the memo's self-hosting choices. */
  selfRun?: Partial<SelfRunOptions>;
  service?: string | null;
  overrides?: ModelOverrides;
  /** ASSUMED share of the frontier-only cases the tuned model passes. */
  recovery: number;
  retuneEveryMonths: number | null;
}

export interface MemoFineTune {
  sources: string[];
  /** How the open (and tuned) model is served in the comparison: the memo's hosting choice. */
  hosting: 'api' | 'self';
  report: FineTuneReport;
}

export interface MemoFineTuneInput {
  options: FineTuneMemoOptions;
  openModel: Model | null;
  openLabel: string;
  quality: MemoQuality;
  runId: string;
  plan: CostPlan;
  selfHostPlan: SelfHostPlan | null;
  selfHostDefaults: Pick<SelfRunOptions, 'gpu' | 'pricing' | 'gpuProvider' | 'usdPerGpuHour'>;
  fineTuning: FineTuningReference;
  gpuPrices: ReferenceData['gpuPrices'];
}

function fineTuneSources(report: FineTuneReport): MemoSource[] {
  const rows = report.assumptions.map((row) => `${row.id} = ${row.value} (${row.source}, ${row.locator}; ${row.check} ${row.seen})`);
  const run = report.selfRun;
  if (run !== null) rows.push(`MFU: ${run.mfu.basis}; source ${run.mfu.sources.join(', ')}`, `peak FLOPS: ${run.peakTflops.basis}; source ${run.peakTflops.sources.join(', ')}`);
  if (report.model.architecture !== null) rows.push(`model shape: ${report.model.architecture.basis}; source ${report.model.architecture.sources.join(', ')}`);
  const sources: MemoSource[] = [
    { key: 'F', kind: 'fine-tune', label: 'fine-tuning reference rows (data/reference/fine-tuning.json)', detail: `fine-tuning cost model rows: ${rows.join('; ')}` },
  ];
  const quotes = report.hosted?.quotes ?? [];
  if (quotes.length > 0) {
    sources.push({
      key: 'FH',
      kind: 'fine-tune',
      label: 'hosted fine-tuning prices',
      detail: `published fine-tuning prices: ${quotes.map((quote) => `${quote.name} $${quote.usdPerMillionTokens}/M training tokens for ${quote.bracket} (${quote.source}, ${quote.locator}; seen ${quote.seen})`).join('; ')}`,
    });
  }
  return sources;
}

export function memoFineTune(input: MemoFineTuneInput): { fineTune: MemoFineTune; sources: MemoSource[] } {
  if (input.openModel === null) {
    throw new ValidationError(`cannot price fine-tuning ${input.openLabel}: it is not in the catalog (give --open-model CATALOG_ID)`, '--open-model');
  }
  const share = input.quality.coverage.onlyReferencePasses;
  if (share === null) throw new ValidationError(`eval run ${input.runId} has no share of cases only the frontier model passes`, '--training-tokens');
  const options = input.options;
  const hosting = input.plan.hosting;
  const serving = breakEvenServing(options.method, hosting, input.selfHostPlan, input.plan.selfHostUnavailable, input.plan.openApiPrice?.price ?? null);
  const report = computeFineTune(
    {
      model: input.openModel,
      ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
      method: options.method,
      trainingTokens: options.trainingTokens,
      epochs: options.epochs,
      dataPrep: options.dataPrep ?? null,
      via: 'both',
      selfRun: { ...input.selfHostDefaults, ...options.selfRun },
      service: options.service ?? null,
      serving: null,
      breakEven: {
        evalRun: {
          runId: input.runId,
          pairedCases: input.quality.pairedCases,
          frontierOnlyShare: share,
          openPassRate: input.quality.open.passRate,
          frontierPassRate: input.quality.frontier.passRate,
        },
        workload: input.plan.workload,
        daysPerMonth: input.plan.daysPerMonth,
        frontier: input.plan.frontierPrice.price,
        ...serving,
        retuneEveryMonths: options.retuneEveryMonths,
        recovery: options.recovery,
      },
    },
    { fineTuning: input.fineTuning, gpuPrices: input.gpuPrices },
  );
  const sources = fineTuneSources(report);
  const servingKeys = hosting === 'self' ? ['G', 'H'] : ['P2'];
  return { fineTune: { sources: ['E', 'W', 'P1', ...servingKeys, ...sources.map((source) => source.key)], hosting, report }, sources };
}
