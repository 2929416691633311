/** `parity catalog list|show|search|doctor` — the bundled catalog of models, prices and benchmark results. */
import type { Command } from 'commander';
import { z } from 'zod';
import { buildDoctorReport, WELL_KNOWN_RESULTS } from '../../catalog/doctor.js';
import type { DoctorReport } from '../../catalog/doctor.js';
import { loadCatalog } from '../../catalog/load.js';
import type { Catalog } from '../../catalog/load.js';
import { blendedPrice, DEFAULT_PRICE_POLICY, describePriceChoice, modelPrice, PRICE_POLICIES, PRICE_POLICY_LABELS, describePricePolicy, type PricePolicy } from '../../catalog/price-policy.js';
import { describeModel, filterModels, searchModels } from '../../catalog/query.js';
import type { ModelDetails } from '../../catalog/query.js';
import { DOMAIN_IDS } from '../../catalog/schema.js';
import type { Model } from '../../catalog/schema.js';
import { parseFlags } from '../flags.js';
import { formatNumber, printJson, renderTable } from '../output.js';
import type { RegisterCommand } from './index.js';

const listFlags = z
  .object({
    open: z.boolean().optional(),
    closed: z.boolean().optional(),
    lab: z.string().min(1).optional(),
    license: z.string().min(1).optional(),
    domain: z.enum(DOMAIN_IDS).optional(),
    maxPrice: z.coerce.number().nonnegative().optional(),
    pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY),
    minContext: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().positive().default(50),
    json: z.boolean().optional(),
    dataDir: z.string().min(1).optional(),
  })
  .refine((flags) => !(flags.open && flags.closed), { message: 'use --open or --closed, not both', path: ['open'] });

const commonFlags = z.object({
  limit: z.coerce.number().int().positive().default(20),
  json: z.boolean().optional(),
  dataDir: z.string().min(1).optional(),
});

const showFlags = commonFlags.extend({ pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY) });


const money = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `$${formatNumber(value, 2)}`);

function priceCell(catalog: Catalog, model: Model, policy: PricePolicy): string {
  const choice = modelPrice(catalog, model.id, policy);
  return choice === null ? '—' : `${money(choice.blendedPerMtok)}\n${describePriceChoice(choice)}`;
}

function modelRow(catalog: Catalog, model: Model, policy: PricePolicy = DEFAULT_PRICE_POLICY): Array<string | number | null> {
  return [
    model.id,
    model.openWeights ? 'open' : 'closed',
    model.license,
    model.releaseDate,
    model.contextWindow,
    priceCell(catalog, model, policy),
    catalog.resultsForModel(model.id).length,
  ];
}

const MODEL_HEAD = ['model', 'weights', 'licence', 'released', 'context', 'blended $/Mtok — provider, date', 'results'];

function printDetails(details: ModelDetails): void {
  const { model } = details;
  const facts: Array<[string, string]> = [
    ['id', model.id],
    ['name', model.name],
    ['lab', model.lab],
    ['weights', model.openWeights ? 'open' : 'closed'],
    ['licence', model.license ?? '—'],
    ['released', model.releaseDate ?? '—'],
    ['parameters', model.parametersB === null ? '—' : `${model.parametersB}B${model.activeParametersB ? ` (${model.activeParametersB}B active)` : ''}`],
    ['context', model.contextWindow === null ? '—' : String(model.contextWindow)],
    ['modalities', `${model.inputModalities.join('+')} → ${model.outputModalities.join('+')}`],
    ['sources', model.sources.join(', ')],
  ];
  for (const [field, source] of Object.entries(model.provenance ?? {})) facts.push([`  ${field} from`, source]);
  if (details.aliases.length > 0) facts.push(['also known as', details.aliases.slice(0, 12).join('; ')]);
  process.stdout.write(`${facts.map(([key, value]) => `${key.padEnd(16)} ${value}`).join('\n')}\n`);
  if (details.conflicts.length > 0) {
    process.stdout.write('\nsources disagree:\n');
    for (const conflict of details.conflicts) {
      const values = conflict.values.map((value) => `${value.source}=${String(value.value)}`).join(', ');
      process.stdout.write(`  ${conflict.field}: kept ${String(conflict.chosen)} (${values})\n`);
    }
  }
  if (details.price !== null) {
    process.stdout.write(`\nprice (${details.price.policy} policy: ${describePricePolicy(details.price.policy)}): ${money(details.price.blendedPerMtok)} blended — ${describePriceChoice(details.price)}\n`);
  }
  if (details.prices.length > 0) {
    process.stdout.write('\nevery listing (USD per million tokens, cheapest first)\n');
    const rows = details.prices.map((price) => [price.provider, money(price.inputPerMtok), money(price.outputPerMtok), money(price.cacheReadPerMtok), money(blendedPrice(price)), price.source, price.asOf]);
    process.stdout.write(`${renderTable(['provider', 'input', 'output', 'cache read', 'blended 3:1', 'source', 'as of'], rows)}\n`);
  }
  if (details.prices.length === 0 && details.lastListed.length > 0) {
    process.stdout.write('\nno current price; last listed (USD per million tokens, from the price history)\n');
    const rows = details.lastListed.map((price) => [price.provider, money(price.inputPerMtok), money(price.outputPerMtok), money(blendedPrice(price)), price.listedOn, price.removedOn ?? '—', price.source]);
    process.stdout.write(`${renderTable(['provider', 'input', 'output', 'blended 3:1', 'listed on', 'removed on', 'source'], rows)}\n`);
  }
  if (details.results.length > 0) {
    process.stdout.write('\nbenchmark results\n');
    const rows = details.results.map((result) => [
      result.domain,
      result.benchmarkName,
      result.metric === 'accuracy' ? `${formatNumber(100 * result.score, 1)}%` : formatNumber(result.score, 1),
      result.ciLow === null || result.ciHigh === null ? null : `${formatNumber(result.metric === 'accuracy' ? 100 * result.ciLow : result.ciLow, 1)}–${formatNumber(result.metric === 'accuracy' ? 100 * result.ciHigh : result.ciHigh, 1)}`,
      result.date,
      `${result.source}${result.sourceRow ? ` (${result.sourceRow})` : ''}`,
    ]);
    process.stdout.write(`${renderTable(['domain', 'benchmark', 'score', '95% interval', 'date', 'source'], rows)}\n`);
  }
}

function printDoctor(report: DoctorReport, limit: number): void {
  const r = report.results;
  process.stdout.write(
    `benchmark rows: ${r.total}; without a catalog model: ${r.unmatched} (${formatNumber(100 * r.unmatchedShare, 2)}%, target < ${100 * r.target}%: ${r.withinTarget ? 'ok' : 'NOT MET'}), of which ambiguous: ${r.ambiguous}\n` +
      `models: ${report.models.total} (${report.models.open} open weights, ${report.models.closed} closed), ${report.models.withoutReleaseDate} without a release date, ${report.models.withoutResults} without results\n\n`,
  );
  process.stdout.write(`${renderTable(['source', 'rows', 'unmatched', 'share'], report.bySource.map((line) => [line.source, line.results, line.unmatched, `${formatNumber(100 * line.share, 1)}%`]))}\n`);
  const names = (title: string, list: DoctorReport['unmatchedNames']): void => {
    if (list.length === 0) return;
    process.stdout.write(`\n${title} (${list.length}; top ${Math.min(limit, list.length)} by rows)\n`);
    const rows = list.slice(0, limit).map((name) => [name.source, name.name, name.rows, name.candidates.slice(0, 4).join(', ')]);
    process.stdout.write(`${renderTable(['source', 'name', 'rows', 'candidates'], rows)}\n`);
  };
  names('unmatched names', report.unmatchedNames);
  names('ambiguous names', report.ambiguousNames);
  if (report.missingFacts.length > 0) {
    const shown = report.missingFacts.slice(0, limit);
    process.stdout.write(
      `\nwell-known models (${WELL_KNOWN_RESULTS}+ benchmark rows) missing public facts (${report.missingFacts.length}; top ${shown.length}; add them to data/curated/models.yaml with a source)\n`,
    );
    const rows = shown.map((entry) => [entry.modelId, entry.openWeights ? 'open' : 'closed', entry.results, entry.missing.join(', ')]);
    process.stdout.write(`${renderTable(['model', 'weights', 'rows', 'missing'], rows)}\n`);
  }
  for (const field of ['openWeights', 'releaseDate', 'license'] as const) {
    const list = report.conflicts[field];
    if (list.length === 0) continue;
    process.stdout.write(`\nconflicting ${field} (${list.length}; first ${Math.min(limit, list.length)})\n`);
    const rows = list.slice(0, limit).map((conflict) => [conflict.modelId, String(conflict.chosen), conflict.values.map((value) => `${value.source}: ${String(value.value)}`).join('; ')]);
    process.stdout.write(`${renderTable(['model', 'kept', 'values by source'], rows)}\n`);
  }
}

export const register: RegisterCommand = (program: Command) => {
  const catalog = program
    .command('catalog')
    .description('The bundled catalog: models, prices and benchmark results from public sources (see data/ATTRIBUTION.md).')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity catalog list --open --lab meta --min-context 128000 --max-price 1\n' +
        '  parity catalog show meta/llama-3.1-70b-instruct\n' +
        '  parity catalog search "llama 3 70b"\n' +
        '  parity catalog doctor',
    );

  catalog
    .command('list')
    .description('list catalog models, newest first')
    .option('--open', 'only models with open weights')
    .option('--closed', 'only models without open weights')
    .option('--lab <lab>', 'only this lab (e.g. meta, openai, alibaba)')
    .option('--license <text>', 'licence contains this text (e.g. apache, llama)')
    .option('--domain <domain>', `only models with results in this domain (${DOMAIN_IDS.join(', ')})`)
    .option('--max-price <usd>', 'blended price, (3 × input + output) / 4 in USD per million tokens, at most this; unpriced models are left out')
    .option('--price-policy <policy>', `which listing is a model's price: ${PRICE_POLICIES.map((policy) => `${policy} (${PRICE_POLICY_LABELS[policy]})`).join(' | ')}`, DEFAULT_PRICE_POLICY)
    .option('--min-context <tokens>', 'context window of at least this many tokens')
    .option('--limit <n>', 'show at most n models', '50')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'read another data folder instead of the bundled one')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity catalog list --open --domain coding --max-price 1 --min-context 128000\n' +
        '  parity catalog list --lab anthropic --closed --limit 10\n' +
        '  parity catalog list --license apache --json > apache-models.json',
    )
    .action((raw: unknown) => {
      const flags = parseFlags(listFlags, raw);
      const data = loadCatalog(flags.dataDir);
      const models = filterModels(data, {
        ...(flags.open ? { open: true } : flags.closed ? { open: false } : {}),
        ...(flags.lab ? { lab: flags.lab } : {}),
        ...(flags.license ? { license: flags.license } : {}),
        ...(flags.domain ? { domain: flags.domain } : {}),
        ...(flags.maxPrice !== undefined ? { maxPrice: flags.maxPrice } : {}),
        pricePolicy: flags.pricePolicy,
        ...(flags.minContext !== undefined ? { minContext: flags.minContext } : {}),
      }).sort((a, b) => (b.releaseDate ?? '').localeCompare(a.releaseDate ?? '') || a.id.localeCompare(b.id));
      if (flags.json) {
        printJson(
          models.slice(0, flags.limit).map((model) => {
            const choice = modelPrice(data, model.id, flags.pricePolicy);
            return { ...model, price: choice === null ? null : { ...choice.price, blendedPerMtok: choice.blendedPerMtok, policy: choice.policy, basis: choice.basis, providers: choice.providers } };
          }),
        );
        return;
      }
      process.stdout.write(`${renderTable(MODEL_HEAD, models.slice(0, flags.limit).map((model) => modelRow(data, model, flags.pricePolicy)))}\n`);
      process.stdout.write(`${models.length} model(s)${models.length > flags.limit ? `, first ${flags.limit} shown (--limit)` : ''}\n`);
    });

  catalog
    .command('show <model>')
    .description('facts, prices and benchmark results of one model, each with its source')
    .option('--price-policy <policy>', `which listing is the model's price: ${PRICE_POLICIES.join(' | ')}`, DEFAULT_PRICE_POLICY)
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'read another data folder instead of the bundled one')
    .addHelpText(
      'after',
      '\nThe model may be a catalog id or any name a source uses.\n\nExamples:\n' +
        '  parity catalog show meta/llama-3.1-70b-instruct\n' +
        '  parity catalog show "Meta-Llama-3-70B-Instruct"      # a name as a leaderboard writes it\n' +
        '  parity catalog show openai/gpt-4o --json',
    )
    .action((reference: string, raw: unknown) => {
      const flags = parseFlags(showFlags, raw);
      const details = describeModel(loadCatalog(flags.dataDir), reference, flags.pricePolicy);
      if (flags.json) printJson(details);
      else printDetails(details);
    });

  catalog
    .command('search <text>')
    .description('find models by id, name or alias (fuzzy)')
    .option('--limit <n>', 'show at most n hits', '20')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'read another data folder instead of the bundled one')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity catalog search "llama 3 70b"\n' +
        '  parity catalog search qwen2.5-coder --limit 5 --json',
    )
    .action((text: string, raw: unknown) => {
      const flags = parseFlags(commonFlags, raw);
      const data = loadCatalog(flags.dataDir);
      const hits = searchModels(data, text, flags.limit);
      if (flags.json) {
        printJson(hits.map((hit) => ({ ...hit.model, matched: hit.matched, score: hit.score })));
        return;
      }
      if (hits.length === 0) {
        process.stdout.write(`no model matches "${text}"\n`);
        return;
      }
      process.stdout.write(`${renderTable(['matched', ...MODEL_HEAD], hits.map((hit) => [hit.matched, ...modelRow(data, hit.model)]))}\n`);
    });

  catalog
    .command('doctor')
    .description('benchmark rows without a catalog model, ambiguous names and facts the sources disagree on')
    .option('--limit <n>', 'rows per section', '20')
    .option('--json', 'print the full report as JSON')
    .option('--data-dir <dir>', 'read another data folder instead of the bundled one')
    .addHelpText(
      'after',
      '\nExits with 1 when 5% or more of the benchmark rows have no catalog model.\n\nExamples:\n' +
        '  parity catalog doctor\n' +
        '  parity catalog doctor --limit 50\n' +
        '  parity catalog doctor --json > doctor.json',
    )
    .action((raw: unknown) => {
      const flags = parseFlags(commonFlags, raw);
      const report = buildDoctorReport(loadCatalog(flags.dataDir));
      if (flags.json) printJson(report);
      else printDoctor(report, flags.limit);
      if (!report.results.withinTarget) process.exitCode = 1;
    });
};
