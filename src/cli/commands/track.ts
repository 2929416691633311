/** `parity track` — the open-vs-closed lag per domain, or a reproduction of a published analysis. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_PRICE_POLICY, PRICE_POLICIES, PRICE_POLICY_LABELS } from '../../catalog/price-policy.js';
import { DOMAIN_IDS, isoDate } from '../../catalog/schema.js';
import { ValidationError } from '../../errors.js';
import type { TrackOptions } from '../../track/options.js';
import type { TrackReport } from '../../track/output/track-report.js';
import { EPOCH_2024_METHODS, OPEN_DEFINITIONS, SCORE_TRANSFORMS, TRACK_METHODS, type Epoch2024Method, type TrackMethod } from '../../track/output/track-ids.js';
import type { TextTable } from '../../track/report/terminal.js';
import { parseFlags } from '../flags.js';
import { printJson, printLine, renderTable } from '../output.js';
import type { TableOptions } from '../table-layout.js';
import type { RegisterCommand } from './index.js';

export const TRACK_DATASET_FLAGS = ['catalog', 'epoch-2024', 'eci'] as const;

const list = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item !== ''));

const flagsSchema = z.object({
  dataset: z.enum(TRACK_DATASET_FLAGS).default('catalog'),
  domain: list.pipe(z.array(z.enum(DOMAIN_IDS)).min(1)).optional(),
  benchmark: list.optional(),
  method: list.pipe(z.array(z.enum(TRACK_METHODS)).min(1)).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  openDefinition: z.enum(OPEN_DEFINITIONS).default('weights'),
  tolerance: z.coerce.number().min(0).max(25).optional(),
  transform: z.enum(SCORE_TRANSFORMS).default('none'),
  pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY),
  json: z.boolean().optional(),
  html: z.string().min(1).optional(),
  claims: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
});
type TrackFlags = z.output<typeof flagsSchema>;

export function parseTrackFlags(raw: unknown): TrackFlags {
  return parseFlags(flagsSchema, raw);
}

export function trackOptionsFromFlags(flags: TrackFlags): TrackOptions {
  return {
    methods: flags.method,
    openDefinition: flags.openDefinition,
    transform: flags.transform,
    tolerance: flags.tolerance ?? null,
    since: flags.since ?? null,
    until: flags.until ?? null,
    domains: flags.domain ?? null,
    benchmarks: flags.benchmark ?? null,
    pricePolicy: flags.pricePolicy,
  };
}

/** How the per-domain table folds in a narrow terminal: sources as footnotes, the lags by method in one column. */
export const DOMAIN_TABLE_LAYOUT = {
  footnote: ['Sources'],
  stack: [{ head: 'Lag', columns: TRACK_METHODS.map((method) => `Lag ${method}`) }],
} as const satisfies TableOptions;

function printTable(table: TextTable): void {
  process.stdout.write(`${renderTable(table.head, table.rows, DOMAIN_TABLE_LAYOUT)}\n`);
}

/**
 * The notes under the table for domains without a lag, each naming the standard benchmark that measures it. The
 * eval registry (its loaders and graders) loads only when there is such a domain.
 */
export async function domainNotes(report: TrackReport): Promise<string[]> {
  if (report.domains.every((domain) => domain.status === 'ok')) return [];
  const [{ missingDomainNotes }, { benchmarkMeasuring }] = await Promise.all([import('../../track/report/terminal.js'), import('../../eval/benchmarks/registry.js')]);
  return missingDomainNotes(report, benchmarkMeasuring);
}

export function writeHtml(file: string, html: string): string {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, html);
  return target;
}

function epochMethods(flags: TrackFlags): Epoch2024Method[] {
  const inapplicable = (['domain', 'benchmark', 'since', 'until', 'tolerance'] as const).filter((flag) => flags[flag] !== undefined);
  if (inapplicable.length > 0 || flags.openDefinition !== 'weights' || flags.transform !== 'none' || flags.pricePolicy !== DEFAULT_PRICE_POLICY) {
    throw new ValidationError('--dataset epoch-2024 follows the report’s own method; only --method, --json and --html apply', 'dataset');
  }
  const methods = (flags.method ?? [...EPOCH_2024_METHODS]) as TrackMethod[];
  const unknown = methods.filter((method) => !(EPOCH_2024_METHODS as readonly string[]).includes(method));
  if (unknown.length > 0) throw new ValidationError(`--method ${unknown.join(',')}: the Epoch 2024 report has threshold and area lags only`, 'method');
  return methods as Epoch2024Method[];
}

// the datasets, the computations and the reports load when the command runs, not with every command
async function runEpoch(flags: TrackFlags): Promise<void> {
  const [{ loadEpoch2024Dataset }, { reproduceEpoch2024 }, { renderTrackHtml }, { epochAreaTable, epochPooledLine, epochThresholdTable }] = await Promise.all([
    import('../../catalog/datasets/epoch-2024.js'),
    import('../../track/reproduce/epoch-2024.js'),
    import('../../track/report/html.js'),
    import('../../track/report/terminal.js'),
  ]);
  const output = reproduceEpoch2024(loadEpoch2024Dataset(flags.dataDir), { methods: epochMethods(flags) });
  const written = flags.html === undefined ? null : writeHtml(flags.html, renderTrackHtml({ epoch2024: output }));
  if (flags.json === true) printJson(output);
  else {
    process.stdout.write(`${output.title} — reproduced from ${output.source.file} (${output.source.licence})\n`);
    if (output.threshold) printTable(epochThresholdTable(output));
    const pooled = epochPooledLine(output);
    if (pooled) process.stdout.write(`${pooled}\n`);
    if (output.area) printTable(epochAreaTable(output));
  }
  if (written) process.stderr.write(`report written to ${written}\n`);
}

async function runTrack(flags: TrackFlags): Promise<void> {
  // only what this invocation uses: the ECI dataset for --dataset eci, the HTML renderer (and its chart library)
  // for --html — a plain `parity track` loads neither
  const { domainTable, eciLine } = await import('../../track/report/terminal.js');
  const options = trackOptionsFromFlags(flags);
  let report;
  if (flags.dataset === 'eci') {
    const [{ loadEciDataset }, { computeEciTrack }] = await Promise.all([import('../../catalog/datasets/eci.js'), import('../../track/full-report.js')]);
    report = computeEciTrack(loadEciDataset(flags.dataDir), options);
  } else {
    // the build's memo of this very report when the data, the options and the code are unchanged, else computed
    const { memoizedTrack } = await import('../../track/report-memo.js');
    report = await memoizedTrack(flags.dataDir, options);
  }
  let written: string | null = null;
  if (flags.html !== undefined) {
    const { renderTrackHtml } = await import('../../track/report/html.js');
    written = writeHtml(flags.html, renderTrackHtml(flags.dataset === 'eci' ? { eci: report } : { report }));
  }
  if (flags.json === true) printJson(report);
  else {
    printLine(`Open vs closed, as of ${report.asOf} (open = ${report.options.openDefinition}; lags in months, + = open behind)`);
    printTable(domainTable(report));
    for (const note of await domainNotes(report)) printLine(note, '  ');
    if (flags.dataset === 'eci') printLine(eciLine(report));
    printLine('Every figure’s sources: --json (per figure) or --html FILE (tables with a source column).');
  }
  if (written) process.stderr.write(`report written to ${written}\n`);
}

/** A claims file's text; a missing or unreadable file is a usage error naming it. */
export function readClaimsFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ValidationError(`--claims ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a claims file' : (error as Error).message}`, '--claims', { cause: error });
  }
}

// Each claim names its own domains, method, dates and open definition; the other flags shape the HTML report.
async function runClaims(flags: TrackFlags & { claims: string }): Promise<void> {
  if (flags.dataset !== 'catalog') throw new ValidationError('--claims checks claims against the catalog; leave out --dataset', '--claims');
  const [{ loadCatalog }, { parseClaims }, { evaluateClaims }, { claimsTable }] = await Promise.all([
    import('../../catalog/load.js'),
    import('../../track/claims/claim-schema.js'),
    import('../../track/claims/evaluate-claims.js'),
    import('../../track/report/claims-section.js'),
  ]);
  const claimsFile = parseClaims(readClaimsFile(flags.claims), flags.claims);
  const catalog = loadCatalog(flags.dataDir);
  let written: string | null = null;
  let claims;
  if (flags.html === undefined) claims = evaluateClaims(catalog, claimsFile, flags.claims);
  else {
    const [{ computeTrack }, { renderTrackHtml }] = await Promise.all([import('../../track/compute-track.js'), import('../../track/report/html.js')]);
    const report = computeTrack(catalog, trackOptionsFromFlags(flags));
    claims = evaluateClaims(catalog, claimsFile, flags.claims, report);
    written = writeHtml(flags.html, renderTrackHtml({ report, claims }));
  }
  if (flags.json === true) printJson(claims);
  else {
    const { holds, doesNotHold, notEnoughData } = claims.counts;
    process.stdout.write(`Claims in ${flags.claims}, checked against the data as of ${claims.asOf}: ${holds} hold, ${doesNotHold} do not hold, ${notEnoughData} without enough data\n`);
    printTable(claimsTable(claims));
    process.stdout.write('Figures per domain and their sources: --json, or --html FILE.\n');
  }
  if (written) process.stderr.write(`report written to ${written}\n`);
}

export const register: RegisterCommand = (program: Command) => {
  program
    .command('track')
    .description('How far open-weight models trail proprietary ones, per capability domain: best models, score gap, lag in months, its trend and projection.')
    .option('--dataset <name>', `data to use: ${TRACK_DATASET_FLAGS.join(' | ')} (epoch-2024: reproduce Epoch AI, Nov 2024; eci: Epoch Capabilities Index, Jan 2023 – Oct 2025)`, 'catalog')
    .option('--domain <ids>', 'only these domains, comma-separated (e.g. math,coding)')
    .option('--benchmark <ids>', 'only these benchmarks, comma-separated (e.g. gpqa-diamond)')
    .option('--method <names>', `lag methods, comma-separated: ${TRACK_METHODS.join(', ')} (default: all; the first is the headline)`)
    .option('--since <date>', 'ignore results before this date (YYYY-MM-DD)')
    .option('--until <date>', 'ignore results after this date; the report is "as of" it')
    .option('--open-definition <def>', 'open = weights (downloadable weights) | permissive (a licence without usage caps)', 'weights')
    .option('--tolerance <points>', 'count an open score within this many points (accuracy pp; Elo: win-rate pp vs 50%) — or whose 95% interval reaches the level — as caught up')
    .option('--transform <name>', 'score transform for accuracy benchmarks: none | neg-log-error (−ln(1−accuracy))', 'none')
    .option('--price-policy <policy>', `which listing is a model's price on the price/score frontier: ${PRICE_POLICIES.map((policy) => `${policy} (${PRICE_POLICY_LABELS[policy]})`).join(' | ')}`, DEFAULT_PRICE_POLICY)
    .option('--json', 'print the report as JSON (schema: schemas/track-output.schema.json)')
    .option('--html <file>', 'also write a self-contained HTML report to FILE')
    .option('--claims <file>', 'check the headline claims in a YAML file (see examples/claims/open-vs-closed.yaml): holds / does not hold / not enough data, with figures and sources')
    .option('--data-dir <dir>', 'read the catalog and datasets from DIR instead of the bundled data/')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity track\n' +
        '  parity track --domain math,coding --method threshold --since 2024-01-01\n' +
        '  parity track --open-definition permissive --tolerance 2 --transform neg-log-error --html reports/track.html\n' +
        '  parity track --dataset epoch-2024 --method threshold --json\n' +
        '  parity track --dataset eci --json\n' +
        '  parity track --claims examples/claims/open-vs-closed.yaml --html reports/claims.html',
    )
    .action(async (raw: unknown) => {
      const flags = parseTrackFlags(raw);
      if (flags.claims !== undefined) await runClaims({ ...flags, claims: flags.claims });
      else if (flags.dataset === 'epoch-2024') await runEpoch(flags);
      else await runTrack(flags);
    });
};
