/** `parity cost` — thin wiring over decide/cost: workload from flags, prices from the catalog, GPUs from the reference tables. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadCatalog } from '../../catalog/load.js';
import { DEFAULT_PRICE_POLICY, describePricePolicy, listingsToPrice, PRICE_POLICIES, PRICE_POLICY_LABELS } from '../../catalog/price-policy.js';
import type { Model } from '../../catalog/schema.js';
import { ValidationError } from '../../errors.js';
// decide's modules one by one, not its index: the chart (Observable Plot + linkedom) loads only for --chart
import type { ApiPriceInput } from '../../decide/cost/api-cost.js';
import { priceListings, selfHostOptions } from '../../decide/cost/choices.js';
import { computeCost, type CostInput, type CostReport } from '../../decide/cost/compute-cost.js';
import { buildSelfHostPlan } from '../../decide/cost/plan.js';
import { selectApiPrices, type PriceSelection } from '../../decide/cost/select-prices.js';
import type { SelfHostPlan } from '../../decide/cost/self-host.js';
import { loadReference } from '../../decide/load-reference.js';
import { addSelfHostOptions, parseFlags, collect, selfHostFlagShape } from '../flags.js';
import { printJson, renderTable } from '../output.js';
import { addFineTuneOptions, runFineTuneCost } from './cost-fine-tune.js';
import type { RegisterCommand } from './index.js';

const flagsSchema = z.object({
  model: z.string().min(1).optional(),
  api: z.array(z.string().min(1)).default([]),
  apiPrice: z.array(z.string().min(1)).default([]),
  provider: z.array(z.string().min(1)).default([]),
  pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY),
  includeFree: z.boolean().default(false),
  top: z.coerce.number().int().positive().default(10),
  requestsPerDay: z.coerce.number().nonnegative(),
  inputTokens: z.coerce.number().nonnegative(),
  outputTokens: z.coerce.number().nonnegative(),
  peakToAverage: z.coerce.number().min(1).default(1),
  cacheHitRate: z.coerce.number().min(0).max(1).default(0),
  selfHost: z.boolean().default(true),
  ...selfHostFlagShape,
  chart: z.string().min(1).optional(),
  json: z.boolean().default(false),
});
type Flags = z.infer<typeof flagsSchema>;

/** `NAME=IN,OUT[,CACHE]` in $/Mtok; NAME is `model` or `model@provider`. */
export function parseApiPriceSpec(spec: string): ApiPriceInput {
  const equals = spec.lastIndexOf('=');
  const numbers = equals < 0 ? [] : spec.slice(equals + 1).split(',').map((part) => Number(part.trim()));
  if (equals <= 0 || numbers.length < 2 || numbers.length > 3 || numbers.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new ValidationError(`--api-price "${spec}": expected NAME=INPUT,OUTPUT[,CACHE_READ] in $ per million tokens`, '--api-price');
  }
  const name = spec.slice(0, equals);
  const at = name.lastIndexOf('@');
  return {
    modelId: at > 0 ? name.slice(0, at) : name,
    provider: at > 0 ? name.slice(at + 1) : 'flag',
    inputPerMtok: numbers[0] as number,
    outputPerMtok: numbers[1] as number,
    cacheReadPerMtok: numbers[2] ?? null,
    source: 'user-supplied (--api-price)',
  };
}

export function resolveModel(reference: string): Model {
  const catalog = loadCatalog();
  const resolution = catalog.resolveModelDetailed(reference);
  if (resolution.status === 'matched') {
    const model = catalog.getModel(resolution.modelId);
    if (model !== undefined) return model;
  }
  const candidates = resolution.status === 'matched' ? [] : resolution.candidates.slice(0, 6);
  throw new ValidationError(
    `"${reference}" is ${resolution.status === 'ambiguous' ? 'ambiguous' : 'not in the catalog'}` +
      `${candidates.length > 0 ? ` (candidates: ${candidates.join(', ')})` : ''}; use a catalog id or --api-price`,
    'model',
  );
}

export function apiPrices(flags: Pick<Flags, 'api' | 'apiPrice' | 'provider' | 'includeFree' | 'pricePolicy'>, selfHosted: Model | null): PriceSelection {
  const catalog = flags.api.length > 0 || selfHosted !== null ? loadCatalog() : null;
  const models = flags.api.length > 0 ? flags.api.map(resolveModel) : selfHosted === null ? [] : [selfHosted];
  const fromCatalog = catalog === null ? [] : models.flatMap((model) => priceListings(listingsToPrice(catalog, model.id, { policy: flags.pricePolicy, providers: flags.provider })));
  const selection = selectApiPrices(fromCatalog, { includeFree: flags.includeFree });
  // Prices given on the command line are taken as they are.
  return { prices: [...selection.prices, ...selectApiPrices(flags.apiPrice.map(parseApiPriceSpec), { includeFree: true }).prices], skipped: selection.skipped };
}

function selfHostPlan(flags: Flags, model: Model): SelfHostPlan {
  return buildSelfHostPlan(model, selfHostOptions(flags), loadReference());
}

const usd = (value: number): string =>
  `$${value.toLocaleString('en-US', { maximumFractionDigits: value >= 100 ? 0 : value >= 1 ? 2 : 4 })}`;
const count = (value: number | null): string => (value === null ? '—' : Math.round(value).toLocaleString('en-US'));

function renderReport(report: CostReport, selection: PriceSelection, top: number, priceBasis: string): string {
  const { workload, assumptions } = report;
  const out: string[] = [];
  out.push(
    `Workload (${workload.source}): ${count(workload.requestsPerDay)} requests/day × (${count(workload.inputTokensPerRequest)} in + ` +
      `${count(workload.outputTokensPerRequest)} out) tokens, peak ${workload.peakToAverage}× average, cache hits ${Math.round(workload.cacheHitRate * 100)}%`,
  );
  const mtok = (assumptions.monthlyInputTokens + assumptions.monthlyOutputTokens) / 1e6;
  out.push(`Month = ${assumptions.daysPerMonth} days: ${count(assumptions.monthlyRequests)} requests, ${count(mtok)} Mtok\n`);
  if (report.api.length > 0) {
    out.push(`API (catalog prices: ${priceBasis})`);
    out.push(renderTable(['model @ provider', '$/month', '$/Mtok', 'cache priced', 'price as of'], report.api.slice(0, top).map((cost) => [
      `${cost.modelId} @ ${cost.provider}`, usd(cost.monthlyCost), cost.effectivePerMtok === null ? null : usd(cost.effectivePerMtok), cost.cachePriced ? 'yes' : 'no', cost.price.asOf,
    ])));
    if (report.api.length > top) out.push(`  … ${report.api.length - top} more API prices (--top N or --json for all)`);
  } else {
    out.push('API: no prices (pass --api MODEL or --api-price NAME=IN,OUT)');
  }
  if (selection.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const entry of selection.skipped) reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + 1);
    out.push(`  set aside: ${[...reasons].map(([reason, n]) => `${n} × ${reason}`).join('; ')}`);
  }
  const self = report.selfHost;
  if (self !== null) {
    const plan = self.plan;
    out.push(`\nSelf-hosting ${plan.modelId} (${plan.scaling}, target utilization ${Math.round(plan.targetUtilization * 100)}%)`);
    out.push(`  GPU: ${plan.throughput.gpusPerReplica}×${plan.gpu.gpu} per replica at ${usd(plan.gpu.usdPerGpuHour)}/GPU-h — ${plan.gpu.basis}`);
    if (plan.gpu.alternatives !== null && plan.gpu.alternatives.count > 0) {
      out.push(`       (${plan.gpu.alternatives.count} other ${plan.gpu.pricing} rows range ${usd(plan.gpu.alternatives.minUsd)}–${usd(plan.gpu.alternatives.maxUsd)}/GPU-h)`);
    }
    out.push(`  throughput (${plan.throughput.basis}): ${plan.throughput.perReplica.toPrecision(4)} ${plan.throughput.unit} per replica — ${plan.throughput.detail}`);
    out.push(
      `  replicas at peak ${self.peakReplicas}, billed ${self.billedReplicas.toFixed(2)}; GPU-hours ${count(self.gpuHoursPerMonth)}; ` +
        `GPU ${usd(self.gpuCost)} + operations ${usd(self.opsCost)} = ${usd(self.monthlyCost)}/month` +
        `${self.effectivePerMtok === null ? '' : `, ${usd(self.effectivePerMtok)}/Mtok`}`,
    );
  }
  if (report.comparisons.length > 0) {
    out.push('\nComparison (break-even: volume from which self-hosting stays cheaper)');
    out.push(renderTable(['API option', 'API $/month', 'self-host $/month', 'cheaper', 'break-even req/day', 'break-even Mtok/month'], report.comparisons.slice(0, top).map((row) => [
      `${row.modelId} @ ${row.provider}`, usd(row.apiMonthlyCost), usd(row.selfHostMonthlyCost), row.cheaper,
      row.breakEven.kind === 'never' ? 'never' : count(row.breakEven.requestsPerDay),
      row.breakEven.tokensPerMonth === null ? '—' : count(row.breakEven.tokensPerMonth / 1e6),
    ])));
  }
  const sensitivity = report.sensitivity;
  if (sensitivity !== null) {
    out.push(`\nSensitivity vs ${sensitivity.against.modelId} @ ${sensitivity.against.provider}: self-host $/month (break-even req/day)`);
    const cell = (price: number, utilization: number): string => {
      const row = sensitivity.selfHost.find((entry) => entry.gpuPriceFactor === price && entry.utilizationFactor === utilization);
      if (row === undefined) return '—';
      const be = row.breakEven.kind === 'never' ? 'never' : count(row.breakEven.requestsPerDay);
      return `${usd(row.selfHostMonthlyCost)} (${be})${row.utilizationCapped ? ' *' : ''}`;
    };
    out.push(renderTable(['GPU price \\ utilization', '×0.5', '×1', '×1.5'], [0.5, 1, 1.5].map((price) => [`×${price}`, cell(price, 0.5), cell(price, 1), cell(price, 1.5)])));
    out.push(renderTable(['API price', 'API $/month', 'break-even req/day'], sensitivity.api.map((row) => [
      `×${row.priceFactor}`, usd(row.apiMonthlyCost), row.breakEven.kind === 'never' ? 'never' : count(row.breakEven.requestsPerDay),
    ])));
    if (sensitivity.selfHost.some((row) => row.utilizationCapped)) out.push('  * utilization capped at 100%');
  }
  for (const note of assumptions.notes) out.push(`note: ${note}`);
  return out.join('\n');
}

export const register: RegisterCommand = (program: Command) => {
  const command = program
    .command('cost')
    .description(
      // one paragraph per string: the help wraps it at the terminal's width (a hard newline would break the lines)
      'Monthly cost of a workload through APIs and through self-hosting an open-weight model: effective $/Mtok, ' +
        'break-even volume and a ±50% sensitivity table. GPU prices and throughput come from the bundled reference ' +
        'tables (with their sources) unless given as flags; a missing throughput is never guessed silently.\n\n' +
        'With --fine-tune: the one-time cost of fine-tuning --model (self-run and hosted), its running cost with a ' +
        'workload, and its break-even against routing with an eval run (--eval or --run).',
    )
    .option('--model <ref>', 'open-weight model to self-host (catalog id or name); its API prices are used unless --api is given')
    .option('--api <ref>', 'model to price through its API providers; repeatable', collect)
    .option('--api-price <spec>', 'a price not in the catalog: NAME[@PROVIDER]=IN,OUT[,CACHE_READ] in $/Mtok; repeatable', collect)
    .option('--provider <name>', 'price the models at these API providers (every listing of theirs) instead of by --price-policy; repeatable', collect)
    .option('--price-policy <policy>', `which listing is a model's API price: ${PRICE_POLICIES.map((policy) => `${policy} (${PRICE_POLICY_LABELS[policy]})`).join(' | ')}`, DEFAULT_PRICE_POLICY)
    .option('--include-free', 'keep $0 (free-tier) API listings')
    .option('--top <n>', 'API prices shown in the tables (cheapest first)', '10')
    .option('--requests-per-day <n>', 'requests per day (required, except with --fine-tune)')
    .option('--input-tokens <n>', 'input tokens per request (required, except with --fine-tune)')
    .option('--output-tokens <n>', 'output tokens per request (required, except with --fine-tune)')
    .option('--peak-to-average <ratio>', 'busiest hour ÷ average hour (≥ 1)', '1')
    .option('--cache-hit-rate <share>', 'share of input tokens served from the provider\'s prompt cache (0–1)', '0')
    .option('--no-self-host', 'price APIs only');
  addFineTuneOptions(addSelfHostOptions(command))
    .option('--days-per-month <n>', 'days in a billing month (GPU hours = days × 24)', '30')
    .option('--chart <file>', 'write an HTML chart of monthly cost vs volume')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity cost --model meta/llama-3.1-8b-instruct --gpu h200 \\\n' +
        '      --requests-per-day 200000 --input-tokens 800 --output-tokens 300 \\\n' +
        '      --peak-to-average 3 --ops-per-month 1500 --cache-hit-rate 0.3 \\\n' +
        '      --api-price "openai/gpt-4o-mini@openai=0.15,0.60,0.075"\n' +
        '  parity cost --model meta/llama-3.3-70b-instruct --gpu h100 --gpus 2 \\\n' +
        '      --precision fp8 --pricing spot --requests-per-day 50000 \\\n' +
        '      --input-tokens 2000 --output-tokens 400 --json\n' +
        '  parity cost --api openai/gpt-4o --no-self-host --requests-per-day 10000 \\\n' +
        '      --input-tokens 1000 --output-tokens 500\n' +
        '  parity cost --fine-tune --model meta/llama-3.1-8b-instruct --method lora \\\n' +
        '      --training-tokens 10M --epochs 3\n' +
        '  parity cost --fine-tune --model meta/llama-3.1-70b-instruct --method qlora \\\n' +
        '      --training-tokens 20M --epochs 2 --eval eval.json \\\n' +
        '      --requests-per-day 20000 --input-tokens 800 --output-tokens 300 \\\n' +
        '      --recovery 0.5 --retune-months 6',
    )
    .action(async (raw: Record<string, unknown>) => {
      if (raw.fineTune === true) return runFineTuneCost(raw);
      if (raw.trainingTokens !== undefined) throw new ValidationError('--training-tokens prices a fine-tune: add --fine-tune', '--fine-tune');
      const missing = ['requestsPerDay', 'inputTokens', 'outputTokens'].filter((name) => raw[name] === undefined);
      if (missing.length > 0) {
        const flag = `--${missing[0]?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw new ValidationError(`${flag} is required (the workload: --requests-per-day, --input-tokens, --output-tokens)`, flag);
      }
      const flags = parseFlags(flagsSchema, raw);
      if (flags.selfHost && flags.model === undefined) {
        throw new ValidationError('--model is required to price self-hosting (or pass --no-self-host)', '--model');
      }
      const model = flags.model === undefined ? null : resolveModel(flags.model);
      const selection = apiPrices(flags, model);
      const input: CostInput = {
        workload: {
          requestsPerDay: flags.requestsPerDay,
          inputTokensPerRequest: flags.inputTokens,
          outputTokensPerRequest: flags.outputTokens,
          peakToAverage: flags.peakToAverage,
          cacheHitRate: flags.cacheHitRate,
          source: 'flags',
        },
        apiPrices: selection.prices,
        selfHost: flags.selfHost && model !== null ? selfHostPlan(flags, model) : null,
        daysPerMonth: flags.daysPerMonth,
      };
      const report = computeCost(input);
      if (flags.chart !== undefined) {
        const { renderCostChart } = await import('../../decide/cost/chart.js');
        const figure = renderCostChart(input);
        const page = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>parity cost</title></head><body>\n${figure}\n</body></html>\n`;
        await writeFile(flags.chart, page);
      }
      const priceBasis = flags.provider.length > 0 ? `every listing of ${flags.provider.join(', ')}` : `${describePricePolicy(flags.pricePolicy)} (--price-policy ${flags.pricePolicy})`;
      if (flags.json) printJson({ ...report, pricePolicy: flags.provider.length > 0 ? null : flags.pricePolicy, skippedPrices: selection.skipped });
      else process.stdout.write(`${renderReport(report, selection, flags.top, priceBasis)}\n${flags.chart === undefined ? '' : `chart written to ${flags.chart}\n`}`);
    });
};
