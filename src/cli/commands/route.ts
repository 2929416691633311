/** `parity route` — learned routing: eval (cross-validated metrics), train (a policy file), decide, models, schema. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
// the router's data readers, models, reports and the catalog load when a subcommand runs, not with every command
import type { ModelPrice } from '../../route/cost.js';
import type { PairDataset } from '../../route/data/pair-dataset.js';
import { JUDGEMENT_FORMATS, type QualityTable } from '../../route/data/quality-table.js';
import { DEFAULT_FEATURE_CONFIG } from '../../route/features/feature-config.js';
import { ROUTER_MODEL_KINDS } from '../../route/models/index.js';
import { PEER_METHODS, type PeerMethod } from '../../route/peer-methods.js';
import type { TrainPolicyOptions } from '../../route/train.js';
import { parseFlags } from '../flags.js';
import { printJson, renderTable } from '../output.js';
import type { RegisterCommand } from './index.js';

const EMBEDDINGS_KEY_ENV = 'PARITY_EMBEDDINGS_API_KEY';

const sourceFlags = z.object({
  judgments: z.string().min(1).optional(),
  prompts: z.string().min(1).optional(),
  answers: z.string().min(1).optional(),
  format: z.enum(JUDGEMENT_FORMATS).optional(),
  run: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
});
const dataFlags = sourceFlags.extend({
  weak: z.string().min(1),
  strong: z.string().min(1),
  judge: z.string().min(1).optional(),
  folds: z.coerce.number().int().min(2).max(50).default(5),
  seed: z.coerce.number().int().min(0).default(1),
  model: z.enum(ROUTER_MODEL_KINDS).default('logistic'),
  peers: z.boolean().default(true),
  peerMethod: z.enum(PEER_METHODS).optional(),
  weakPrice: z.string().optional(),
  strongPrice: z.string().optional(),
  priceProvider: z.string().optional(),
  embeddingsUrl: z.string().url().optional(),
  embeddingsModel: z.string().min(1).optional(),
  maxChars: z.coerce.number().int().min(16).max(1_000_000).default(DEFAULT_FEATURE_CONFIG.maxChars),
  json: z.boolean().default(false),
});
const evalFlags = dataFlags.extend({ html: z.string().min(1).optional() });
const trainFlags = dataFlags.extend({
  out: z.string().min(1).default('route-policy.json'),
  targetFrontierShare: z.coerce.number().min(0).max(1).optional(),
  minPgr: z.coerce.number().gt(0).max(1).optional(),
  maxCost: z.coerce.number().nonnegative().optional(),
});


/** `IN,OUT` (or one number for both) in USD per million tokens. */
export function parsePriceFlag(flag: string, value: string): ModelPrice {
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.length < 1 || numbers.length > 2 || numbers.some((number) => !Number.isFinite(number) || number < 0)) {
    throw new ValidationError(`${flag} "${value}": expected INPUT,OUTPUT in USD per million tokens, e.g. 0.6,0.6`, flag);
  }
  return { inputPerMtok: numbers[0] as number, outputPerMtok: (numbers[1] ?? numbers[0]) as number, source: `flag ${flag}` };
}

type DataFlags = z.infer<typeof dataFlags>;

/** --no-peers is --peer-method none; without either, the model kind's default (difficulty for logistic). */
function peerMethodOf(flags: DataFlags): PeerMethod | undefined {
  if (flags.peers) return flags.peerMethod;
  if (flags.peerMethod !== undefined && flags.peerMethod !== 'none') throw new ValidationError(`--no-peers contradicts --peer-method ${flags.peerMethod}`, '--peer-method');
  return 'none';
}

async function prices(flags: DataFlags, dataset: PairDataset, notes: string[]): Promise<{ weak?: ModelPrice; strong?: ModelPrice }> {
  const out: { weak?: ModelPrice; strong?: ModelPrice } = {};
  if (flags.weakPrice !== undefined) out.weak = parsePriceFlag('--weak-price', flags.weakPrice);
  if (flags.strongPrice !== undefined) out.strong = parsePriceFlag('--strong-price', flags.strongPrice);
  // a side whose every call has a measured cost (an eval run's results) needs no price
  const measured = (side: 'weak' | 'strong'): boolean => dataset.rows.every((row) => row[side].costUsd !== undefined);
  const needed = (['weak', 'strong'] as const).filter((side) => out[side] === undefined && !measured(side));
  if (needed.length === 0) return out;
  try {
    const [{ loadCatalog }, { catalogPrice }] = await Promise.all([import('../../catalog/load.js'), import('../../route/catalog-prices.js')]);
    const catalog = loadCatalog();
    for (const side of needed) {
      const name = dataset[side];
      out[side] = catalogPrice(catalog, name, flags.priceProvider);
      if (!out[side]) notes.push(`no catalog price for ${name}; give --${side}-price IN,OUT (USD per million tokens)`);
    }
  } catch (error) {
    notes.push(`catalog unavailable (${error instanceof Error ? error.message : String(error)}); give --weak-price and --strong-price`);
  }
  return out;
}

async function embeddingsFor(flags: DataFlags, dataset: PairDataset): Promise<{ url: string; model: string; vectors: Float64Array[] } | undefined> {
  if (flags.embeddingsUrl === undefined) return undefined;
  if (flags.embeddingsModel === undefined) throw new ValidationError('--embeddings-model is required with --embeddings-url', '--embeddings-model');
  const { createOpenAiEmbeddingClient } = await import('../../route/embeddings/embedding-client.js');
  const client = createOpenAiEmbeddingClient({ url: flags.embeddingsUrl, model: flags.embeddingsModel, apiKey: process.env[EMBEDDINGS_KEY_ENV] });
  const vectors = await client.embed(dataset.rows.map((row) => row.text));
  return { url: flags.embeddingsUrl, model: flags.embeddingsModel, vectors };
}

function fileReference(file: string): { name: string; sha256: string } {
  return { name: path.basename(file), sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

type SourceFlags = z.infer<typeof sourceFlags>;
type TrainingSource = TrainPolicyOptions['source'];

interface Source {
  table: QualityTable;
  reference: TrainingSource;
  /** A model's label in the run's suite → the reference its results are stored under (runs only). */
  refsByLabel: ReadonlyMap<string, string>;
}

/** A judgement file (--judgments + --format) or a parity eval run in the store (--run, --db): one of the two. */
async function readSource(flags: SourceFlags): Promise<Source> {
  if (flags.run !== undefined) {
    if (flags.judgments !== undefined) throw new ValidationError('--run and --judgments: give one data source, not both', '--run');
    for (const [flag, value] of [['--format', flags.format], ['--prompts', flags.prompts], ['--answers', flags.answers]] as const) {
      if (value !== undefined) throw new ValidationError(`${flag} is for judgement files; --run reads the run's results and prompts from the store`, flag);
    }
    const [{ readEvalRun }, { openStore, storeUrlFromEnv }] = await Promise.all([import('../../route/data/read-eval-run.js'), import('../../store/index.js')]);
    const url = flags.db ?? storeUrlFromEnv();
    const store = await openStore(url === undefined ? {} : { url });
    try {
      const { table, reference, refsByLabel } = await readEvalRun(store, flags.run);
      return { table, reference: { format: 'parity-results', judgements: reference, prompts: null }, refsByLabel };
    } finally {
      await store.close();
    }
  }
  if (flags.judgments === undefined) {
    throw new ValidationError('give the data: --judgments FILE --format FORMAT (a judgement file), or --run ID (a `parity eval` run in the store)', '--judgments');
  }
  if (flags.format === undefined) throw new ValidationError(`--format is required with --judgments: ${JUDGEMENT_FORMATS.join(' | ')}`, '--format');
  if (flags.db !== undefined) throw new ValidationError('--db goes with --run (the store the eval run is in)', '--db');
  const { readJudgements } = await import('../../route/data/read-judgements.js');
  const table = readJudgements({
    format: flags.format,
    judgements: flags.judgments,
    ...(flags.prompts === undefined ? {} : { prompts: flags.prompts }),
    ...(flags.answers === undefined ? {} : { answers: flags.answers }),
  });
  return {
    table,
    reference: { format: flags.format, judgements: fileReference(flags.judgments), prompts: flags.prompts === undefined ? null : fileReference(flags.prompts) },
    refsByLabel: new Map(),
  };
}

async function loadDataset(flags: DataFlags): Promise<{ dataset: PairDataset; reference: TrainingSource }> {
  const [source, { buildPairDataset }] = await Promise.all([readSource(flags), import('../../route/data/pair-dataset.js')]);
  const named = (model: string): string => source.refsByLabel.get(model) ?? model;
  const dataset = buildPairDataset(source.table, { weak: named(flags.weak), strong: named(flags.strong), ...(flags.judge === undefined ? {} : { judge: flags.judge }) });
  return { dataset, reference: source.reference };
}

function addDataOptions(command: Command): Command {
  return command
    .option('--judgments <file>', 'judgement file (see --format); or --run')
    .option('--prompts <file>', 'prompts file: eval_set.jsonl (alpaca-eval) or question.jsonl (single-score); not needed for parity-results')
    .option('--answers <dir>', 'single-score only: FastChat model_answer/ folder (<model>.jsonl), for output lengths and so costs')
    .option('--format <format>', `judgement format: ${JUDGEMENT_FORMATS.join(' | ')}`)
    .option('--run <id>', 'learn from a `parity eval` run instead of a judgement file: its graded results and the prompts its cases asked')
    .option('--db <url>', 'with --run: the store holding it (default: $PARITY_DATABASE_URL, else .parity/parity.db)')
    .requiredOption('--weak <model>', 'the cheap model, as named in the judgement file (or its label or reference in the run)')
    .requiredOption('--strong <model>', 'the frontier model, as named in the judgement file (or its label or reference in the run)')
    .option('--judge <name>', 'which judge/annotator to compare under (default: the one with most prompts for both)')
    .option('--folds <k>', 'cross-validation folds over prompts', '5')
    .option('--seed <n>', 'seed for the fold split', '1')
    .option('--model <kind>', `router model: ${ROUTER_MODEL_KINDS.join(' | ')}`, 'logistic')
    .option('--no-peers', "learn from the pair's own judgements only (by default other models judged on the training prompts add signal)")
    .option('--peer-method <method>', `how other models judged on the training prompts add signal: ${PEER_METHODS.join(' | ')} (default difficulty for logistic, blend otherwise)`)
    .option('--weak-price <in,out>', 'weak model price in USD per million input,output tokens (default: the catalog)')
    .option('--strong-price <in,out>', 'strong model price in USD per million input,output tokens (default: the catalog)')
    .option('--price-provider <name>', 'take catalog prices from this provider (default: the median listing)')
    .option('--embeddings-url <url>', `OpenAI-compatible /v1/embeddings URL for prompt embeddings (API key from $${EMBEDDINGS_KEY_ENV})`)
    .option('--embeddings-model <name>', 'embedding model name sent to --embeddings-url')
    .option(
      '--max-chars <n>',
      `characters of a prompt the router reads (all of a shorter prompt, else its head and tail); more can route long prompts better but costs decision time (the policy stores it)`,
      String(DEFAULT_FEATURE_CONFIG.maxChars),
    )
    .option('--json', 'print JSON instead of tables');
}

async function runEval(raw: unknown): Promise<void> {
  const flags = parseFlags(evalFlags, raw);
  const { dataset } = await loadDataset(flags);
  const notes: string[] = [];
  const embedding = await embeddingsFor(flags, dataset);
  const [{ evaluateRouting }, { renderRouteEvalHtml }, { fixedPointRows, foldRows, summaryRows }] = await Promise.all([
    import('../../route/evaluate.js'),
    import('../../route/report/render-html.js'),
    import('../../route/report/report-rows.js'),
  ]);
  const report = evaluateRouting(dataset, {
    folds: flags.folds,
    seed: flags.seed,
    model: flags.model,
    features: { ...DEFAULT_FEATURE_CONFIG, maxChars: flags.maxChars },
    peerMethod: peerMethodOf(flags),
    prices: await prices(flags, dataset, notes),
    ...(embedding ? { embeddings: embedding.vectors } : {}),
  });
  report.notes.unshift(...notes);
  if (flags.html !== undefined) await writeFile(flags.html, renderRouteEvalHtml(report, `parity route eval: ${dataset.weak} → ${dataset.strong}`));
  if (flags.json) {
    printJson(report);
    return;
  }
  const summary = summaryRows(report);
  const fixedPoints = fixedPointRows(report);
  const folds = foldRows(report);
  const out = [
    `${dataset.weak} (weak, mean quality ${report.quality.weak.toFixed(3)}) vs ${dataset.strong} (strong, ${report.quality.strong.toFixed(3)}); judge ${dataset.judge}; ${dataset.rows.length} prompts; peers: ${report.settings.peerMethod} (${report.settings.peerModels} other models); ${flags.folds}-fold CV over prompts, seed ${flags.seed}`,
    renderTable(summary.head, summary.rows),
    renderTable(fixedPoints.head, fixedPoints.rows),
    renderTable(folds.head, folds.rows),
    ...report.notes.map((note) => `note: ${note}`),
    ...(flags.html === undefined ? [] : [`wrote ${flags.html}`]),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

async function runTrain(raw: unknown): Promise<void> {
  const flags = parseFlags(trainFlags, raw);
  const targets = [
    flags.targetFrontierShare === undefined ? undefined : ({ kind: 'frontier-share', value: flags.targetFrontierShare } as const),
    flags.minPgr === undefined ? undefined : ({ kind: 'min-pgr', value: flags.minPgr } as const),
    flags.maxCost === undefined ? undefined : ({ kind: 'max-cost', value: flags.maxCost } as const),
  ].filter((target) => target !== undefined);
  if (targets.length > 1) throw new ValidationError('give one of --target-frontier-share, --min-pgr, --max-cost', '--min-pgr');
  const target = targets[0] ?? ({ kind: 'min-pgr', value: 0.8 } as const);
  const { dataset, reference } = await loadDataset(flags);
  const notes: string[] = [];
  const embedding = await embeddingsFor(flags, dataset);
  const { trainPolicy } = await import('../../route/train.js');
  const policy = trainPolicy(dataset, {
    model: flags.model,
    features: { ...DEFAULT_FEATURE_CONFIG, maxChars: flags.maxChars },
    folds: flags.folds,
    seed: flags.seed,
    peerMethod: peerMethodOf(flags),
    target,
    prices: await prices(flags, dataset, notes),
    source: reference,
    ...(embedding ? { embedding } : {}),
  });
  await writeFile(flags.out, `${JSON.stringify(policy)}\n`);
  if (flags.json) {
    printJson({ out: flags.out, weak: policy.weak, strong: policy.strong, threshold: policy.threshold, calibration: policy.calibration, crossValidated: policy.training.crossValidated, notes });
    return;
  }
  const expected = policy.calibration.expected;
  const lines = [
    `wrote ${flags.out}: ${policy.model.kind} router, ${policy.weak} (weak) / ${policy.strong} (strong), threshold ${policy.threshold.toFixed(4)}`,
    `target ${target.kind} ${target.value}: expected frontier share ${(expected.frontierShare * 100).toFixed(1)}%, PGR ${expected.pgr === null ? '—' : expected.pgr.toFixed(3)}` +
      (expected.costSavings === null ? '' : `, ${(expected.costSavings * 100).toFixed(1)}% cheaper than always-strong`),
    `cross-validated: APGR ${policy.training.crossValidated.apgr.toFixed(3)}, CPT(50%) ${(policy.training.crossValidated.cpt50 * 100).toFixed(1)}%, CPT(80%) ${(policy.training.crossValidated.cpt80 * 100).toFixed(1)}%`,
    ...notes.map((note) => `note: ${note}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

async function runDecide(words: string[], raw: unknown): Promise<void> {
  const flags = parseFlags(z.object({ policy: z.string().min(1), json: z.boolean().default(false) }), raw);
  const { loadPolicy } = await import('../../route/policy.js');
  const policy = loadPolicy(flags.policy);
  const prompt = words.length > 0 ? words.join(' ') : await readStdin();
  const decision = await policy.decideAsync(prompt);
  if (flags.json) printJson({ ...decision, model: decision.route === 'weak' ? policy.weak : policy.strong });
  else process.stdout.write(`${decision.route} (${decision.route === 'weak' ? policy.weak : policy.strong}): ${decision.reason}\n`);
}

async function runModels(raw: unknown): Promise<void> {
  const flags = parseFlags(sourceFlags.extend({ json: z.boolean().default(false) }), raw);
  const [{ table }, { listModels }] = await Promise.all([readSource(flags), import('../../route/data/pair-dataset.js')]);
  const models = listModels(table);
  if (flags.json) printJson(models);
  else process.stdout.write(`${renderTable(['judge', 'model', 'prompts', 'mean quality'], models.map((model) => [model.judge, model.model, String(model.prompts), model.meanQuality.toFixed(3)]))}\n`);
}

export const register: RegisterCommand = (program) => {
  const route = program.command('route')
    .description('Learned routing between a cheap and a frontier model: measure it, train a policy, try it.')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity route eval --run RUN_ID --weak qwen2.5-7b --strong gpt-4o-mini\n' +
        '  parity route train --run RUN_ID --weak qwen2.5-7b --strong gpt-4o-mini --min-pgr 0.8 --out policy.json\n' +
        '  parity route decide --policy policy.json "Write a haiku about autumn"',
    );
  addDataOptions(route.command('eval').description('cross-validate the learned router on judgement data, with RouteLLM metrics (APGR, CPT) and baselines'))
    .option('--html <file>', 'also write a self-contained HTML page with the curves')
    .addHelpText(
      'after',
      '\nExamples:\n  parity route eval --judgments judgments_single_score.csv --prompts question.jsonl --format single-score \\\n    --weak Mixtral-8x7B-Instruct-v0.1 --strong gpt-4-1106-preview --folds 5 --html route.html\n' +
        '  parity route eval --run RUN_ID --weak qwen2.5-7b --strong gpt-4o-mini     # your own `parity eval` run',
    )
    .action(async (options: Record<string, unknown>) => runEval(options));
  addDataOptions(route.command('train').description('train a route policy file for the gateway, with its threshold set for a target'))
    .option('--out <file>', 'policy file to write', 'route-policy.json')
    .option('--target-frontier-share <x>', 'send about this share (0..1) of requests to the strong model')
    .option('--min-pgr <x>', 'smallest frontier share that recovers this share (0..1] of the quality gap (default 0.8)')
    .option('--max-cost <usd>', 'largest frontier share whose mean cost per request stays within this many USD')
    .addHelpText(
      'after',
      '\nExamples:\n  parity route train --judgments judgments.csv --prompts eval_set.jsonl --format alpaca-eval \\\n    --weak gemma-7b-it --strong gpt4_1106_preview --min-pgr 0.8 --out policy.json\n' +
        '  parity route train --run RUN_ID --weak qwen2.5-7b --strong gpt-4o-mini --out policy.json',
    )
    .action(async (options: Record<string, unknown>) => runTrain(options));
  route
    .command('decide')
    .description('route one prompt with a policy file (the prompt from the arguments, or stdin)')
    .argument('[prompt...]', 'the prompt text')
    .requiredOption('--policy <file>', 'policy file written by `parity route train`')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity route decide --policy policy.json "Write a haiku about autumn"\n' +
        '  echo "Prove that the square root of 2 is irrational" | parity route decide --policy policy.json --json',
    )
    .action(async (words: string[], options: Record<string, unknown>) => runDecide(words, options));
  route
    .command('models')
    .description('list the models and judges in a judgement file')
    .option('--judgments <file>', 'judgement file')
    .option('--prompts <file>', 'prompts file (alpaca-eval, single-score)')
    .option('--format <format>', `judgement format: ${JUDGEMENT_FORMATS.join(' | ')}`)
    .option('--run <id>', 'a `parity eval` run instead of a judgement file')
    .option('--db <url>', 'with --run: the store holding it (default: $PARITY_DATABASE_URL, else .parity/parity.db)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  parity route models --judgments judgments.csv --prompts eval_set.jsonl --format alpaca-eval\n  parity route models --run RUN_ID')
    .action(async (options: Record<string, unknown>) => runModels(options));
  route
    .command('schema')
    .description('print the JSON Schema of the route policy file')
    .addHelpText('after', '\nExamples:\n  parity route schema > route-policy.schema.json      # for editors and validators')
    .action(async () => printJson((await import('../../route/policy-schema.js')).routePolicyJsonSchema()));
};
