/**
 * What every `parity route` data command shares: the data source (a judgement file or an eval run), the flags
 * that choose the models and prices, and how they become a data set for a pair, a ladder of k models or a
 * cascade.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
// the router's data readers and the catalog load when a subcommand runs, not with every command
import type { ModelPrice } from '../../route/cost.js';
import type { LadderDataset } from '../../route/data/ladder-dataset.js';
import type { PairDataset } from '../../route/data/pair-dataset.js';
import { JUDGEMENT_FORMATS, type QualityTable } from '../../route/data/quality-table.js';
import { DEFAULT_FEATURE_CONFIG } from '../../route/features/feature-config.js';
import { ROUTER_MODEL_KINDS } from '../../route/models/index.js';
import { PEER_METHODS, type PeerMethod } from '../../route/peer-methods.js';
import type { TrainPolicyOptions } from '../../route/train.js';
import { collect } from '../flags.js';

export const EMBEDDINGS_KEY_ENV = 'PARITY_EMBEDDINGS_API_KEY';

export const sourceFlags = z.object({
  judgments: z.string().min(1).optional(),
  prompts: z.string().min(1).optional(),
  answers: z.string().min(1).optional(),
  format: z.enum(JUDGEMENT_FORMATS).optional(),
  run: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
});
export const dataFlags = sourceFlags.extend({
  weak: z.string().min(1).optional(),
  strong: z.string().min(1).optional(),
  models: z.string().min(1).optional(),
  judge: z.string().min(1).optional(),
  folds: z.coerce.number().int().min(2).max(50).default(5),
  seed: z.coerce.number().int().min(0).default(1),
  model: z.enum(ROUTER_MODEL_KINDS).default('logistic'),
  peers: z.boolean().default(true),
  peerMethod: z.enum(PEER_METHODS).optional(),
  weakPrice: z.string().optional(),
  strongPrice: z.string().optional(),
  price: z.array(z.string()).default([]),
  priceProvider: z.string().optional(),
  embeddingsUrl: z.string().url().optional(),
  embeddingsModel: z.string().min(1).optional(),
  maxChars: z.coerce.number().int().min(16).max(1_000_000).default(DEFAULT_FEATURE_CONFIG.maxChars),
  json: z.boolean().default(false),
});
export type DataFlags = z.infer<typeof dataFlags>;
export type SourceFlags = z.infer<typeof sourceFlags>;
export type TrainingSource = TrainPolicyOptions['source'];

/** `IN,OUT` (or one number for both) in USD per million tokens. */
export function parsePriceFlag(flag: string, value: string): ModelPrice {
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.length < 1 || numbers.length > 2 || numbers.some((number) => !Number.isFinite(number) || number < 0)) {
    throw new ValidationError(`${flag} "${value}": expected INPUT,OUTPUT in USD per million tokens, e.g. 0.6,0.6`, flag);
  }
  return { inputPerMtok: numbers[0] as number, outputPerMtok: (numbers[1] ?? numbers[0]) as number, source: `flag ${flag}` };
}

/** --no-peers is --peer-method none; without either, the model kind's default (difficulty for logistic). */
export function peerMethodOf(flags: DataFlags): PeerMethod | undefined {
  if (flags.peers) return flags.peerMethod;
  if (flags.peerMethod !== undefined && flags.peerMethod !== 'none') throw new ValidationError(`--no-peers contradicts --peer-method ${flags.peerMethod}`, '--peer-method');
  return 'none';
}

/** The models of --models (or --cascade): comma-separated, cheapest first. */
export function modelList(flag: string, value: string): string[] {
  const models = value.split(',').map((model) => model.trim());
  if (models.some((model) => model === '')) throw new ValidationError(`${flag} "${value}": expected model names separated by commas, cheapest first`, flag);
  return models;
}

/** Catalog prices for the models that need one (loaded only then); a model without one gets a note. */
async function catalogPrices(names: readonly string[], provider: string | undefined, notes: string[], hint: (name: string) => string): Promise<Map<string, ModelPrice>> {
  const out = new Map<string, ModelPrice>();
  if (names.length === 0) return out;
  try {
    const [{ loadCatalog }, { catalogPrice }] = await Promise.all([import('../../catalog/load.js'), import('../../route/catalog-prices.js')]);
    const catalog = loadCatalog();
    for (const name of names) {
      const price = catalogPrice(catalog, name, provider);
      if (price) out.set(name, price);
      else notes.push(`no catalog price for ${name}; ${hint(name)}`);
    }
  } catch (error) {
    notes.push(`catalog unavailable (${error instanceof Error ? error.message : String(error)}); give prices with the price flags`);
  }
  return out;
}

export async function pairPrices(flags: DataFlags, dataset: PairDataset, notes: string[]): Promise<{ weak?: ModelPrice; strong?: ModelPrice }> {
  const out: { weak?: ModelPrice; strong?: ModelPrice } = {};
  if (flags.weakPrice !== undefined) out.weak = parsePriceFlag('--weak-price', flags.weakPrice);
  if (flags.strongPrice !== undefined) out.strong = parsePriceFlag('--strong-price', flags.strongPrice);
  // a side whose every call has a measured cost (an eval run's results) needs no price
  const measured = (side: 'weak' | 'strong'): boolean => dataset.rows.every((row) => row[side].costUsd !== undefined);
  const needed = (['weak', 'strong'] as const).filter((side) => out[side] === undefined && !measured(side));
  const found = await catalogPrices(
    needed.map((side) => dataset[side]),
    flags.priceProvider,
    notes,
    (name) => `give --${name === dataset.weak ? 'weak' : 'strong'}-price IN,OUT (USD per million tokens)`,
  );
  for (const side of needed) {
    const price = found.get(dataset[side]);
    if (price) out[side] = price;
  }
  return out;
}

/** `--price MODEL=IN,OUT`, repeated: one price per model of a ladder or cascade. */
function priceFlags(values: readonly string[]): Map<string, ModelPrice> {
  const prices = new Map<string, ModelPrice>();
  for (const value of values) {
    const at = value.lastIndexOf('=');
    if (at <= 0) throw new ValidationError(`--price "${value}": expected MODEL=INPUT,OUTPUT in USD per million tokens, e.g. llama-3-8b=0.1,0.1`, '--price');
    prices.set(value.slice(0, at), parsePriceFlag(`--price ${value.slice(0, at)}`, value.slice(at + 1)));
  }
  return prices;
}

/** One price per model of a ladder (in its order): --price, else none when every call has a measured cost, else the catalog. */
export async function ladderPrices(flags: DataFlags, dataset: LadderDataset, asked: readonly string[], notes: string[]): Promise<Array<ModelPrice | undefined>> {
  const given = priceFlags(flags.price);
  for (const name of given.keys()) {
    if (!asked.includes(name) && !dataset.models.includes(name)) throw new ValidationError(`--price names ${name}, which is not among the models (${asked.join(', ')})`, '--price');
  }
  const fromFlag = dataset.models.map((model, rung) => given.get(model) ?? given.get(asked[rung] ?? ''));
  const needed = dataset.models.filter((_, rung) => fromFlag[rung] === undefined && !dataset.rows.every((row) => row.calls[rung]?.costUsd !== undefined));
  const found = await catalogPrices(needed, flags.priceProvider, notes, (name) => `give --price ${name}=IN,OUT (USD per million tokens)`);
  return dataset.models.map((model, rung) => fromFlag[rung] ?? found.get(model));
}

export async function embeddingsFor(flags: DataFlags, dataset: PairDataset): Promise<{ url: string; model: string; vectors: Float64Array[] } | undefined> {
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

export interface Source {
  table: QualityTable;
  reference: TrainingSource;
  /** A model's label in the run's suite → the reference its results are stored under (runs only). */
  refsByLabel: ReadonlyMap<string, string>;
}

/** A judgement file (--judgments + --format) or a parity eval run in the store (--run, --db): one of the two. */
export async function readSource(flags: SourceFlags): Promise<Source> {
  if (flags.run !== undefined) {
    if (flags.judgments !== undefined) throw new ValidationError('--run and --judgments: give one data source, not both', '--run');
    for (const [flag, value] of [['--format', flags.format], ['--prompts', flags.prompts], ['--answers', flags.answers]] as const) {
      if (value !== undefined) throw new ValidationError(`${flag} is for judgement files; --run reads the run's results and prompts from the store`, flag);
    }
    const [{ readEvalRun }, { openStore, storeUrlFromEnv }] = await Promise.all([import('../../route/data/read-eval-run.js'), import('../../store/index.js')]);
    const url = flags.db ?? storeUrlFromEnv();
    const store = await openStore({ ...(url === undefined ? {} : { url }), mustExist: true });
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

/** Which models the flags ask for: a weak/strong pair (--weak, --strong) or a ladder (--models). */
export function modelsOf(flags: DataFlags): { kind: 'pair'; weak: string; strong: string } | { kind: 'ladder'; models: string[] } {
  if (flags.models !== undefined) {
    if (flags.weak !== undefined || flags.strong !== undefined) throw new ValidationError('--models and --weak/--strong: give a ladder of models or a weak/strong pair, not both', '--models');
    for (const [flag, value] of [['--weak-price', flags.weakPrice], ['--strong-price', flags.strongPrice], ['--embeddings-url', flags.embeddingsUrl]] as const) {
      if (value !== undefined) throw new ValidationError(`${flag} is for a weak/strong pair; with --models give --price MODEL=IN,OUT${flag === '--embeddings-url' ? ' (a ladder reads prompt text only)' : ''}`, flag);
    }
    return { kind: 'ladder', models: modelList('--models', flags.models) };
  }
  if (flags.weak === undefined || flags.strong === undefined) {
    throw new ValidationError(`give the models: --weak MODEL --strong MODEL (a pair), or --models A,B,C (a ladder, cheapest first)`, flags.weak === undefined ? '--weak' : '--strong');
  }
  if (flags.price.length > 0) throw new ValidationError('--price MODEL=IN,OUT is for --models; a pair takes --weak-price and --strong-price', '--price');
  return { kind: 'pair', weak: flags.weak, strong: flags.strong };
}

/** A model's name as the data holds it: an eval run's suite label becomes the reference its results are under. */
function named(source: Source, model: string): string {
  return source.refsByLabel.get(model) ?? model;
}

export async function loadPairDataset(flags: DataFlags, weak: string, strong: string): Promise<{ dataset: PairDataset; reference: TrainingSource }> {
  const [source, { buildPairDataset }] = await Promise.all([readSource(flags), import('../../route/data/pair-dataset.js')]);
  const dataset = buildPairDataset(source.table, { weak: named(source, weak), strong: named(source, strong), ...(flags.judge === undefined ? {} : { judge: flags.judge }) });
  return { dataset, reference: source.reference };
}

export async function loadLadderDataset(flags: SourceFlags & { judge?: string | undefined }, models: readonly string[]): Promise<{ dataset: LadderDataset; reference: TrainingSource; source: Source }> {
  const [source, { buildLadderDataset }] = await Promise.all([readSource(flags), import('../../route/data/ladder-dataset.js')]);
  const dataset = buildLadderDataset(source.table, { models: models.map((model) => named(source, model)), judge: flags.judge });
  return { dataset, reference: source.reference, source };
}

export function addDataOptions(command: Command): Command {
  return command
    .option('--judgments <file>', 'judgement file (see --format); or --run')
    .option('--prompts <file>', 'prompts file: eval_set.jsonl (alpaca-eval) or question.jsonl (single-score); not needed for parity-results')
    .option('--answers <dir>', 'single-score only: FastChat model_answer/ folder (<model>.jsonl), for output lengths and so costs')
    .option('--format <format>', `judgement format: ${JUDGEMENT_FORMATS.join(' | ')}`)
    .option('--run <id>', 'learn from a `parity eval` run instead of a judgement file: its graded results and the prompts its cases asked')
    .option('--db <url>', 'with --run: the store holding it (default: $PARITY_DATABASE_URL, else .parity/parity.db)')
    .option('--weak <model>', 'the cheap model, as named in the judgement file (or its label or reference in the run)')
    .option('--strong <model>', 'the frontier model, as named in the judgement file (or its label or reference in the run)')
    .option('--models <a,b,c>', 'instead of --weak/--strong: k ≥ 2 models, cheapest first, for a router over all of them (a ladder)')
    .option('--judge <name>', 'which judge/annotator to compare under (default: the one with most prompts for both)')
    .option('--folds <k>', 'cross-validation folds over prompts', '5')
    .option('--seed <n>', 'seed for the fold split', '1')
    .option('--model <kind>', `router model: ${ROUTER_MODEL_KINDS.join(' | ')}`, 'logistic')
    .option('--no-peers', "learn from the pair's own judgements only (by default other models judged on the training prompts add signal)")
    .option('--peer-method <method>', `how other models judged on the training prompts add signal: ${PEER_METHODS.join(' | ')} (default difficulty for logistic, blend otherwise)`)
    .option('--weak-price <in,out>', 'weak model price in USD per million input,output tokens (default: the catalog)')
    .option('--strong-price <in,out>', 'strong model price in USD per million input,output tokens (default: the catalog)')
    .option('--price <model=in,out>', 'with --models or --cascade: a model\'s price in USD per million input,output tokens (repeat per model; default: the catalog)', collect, [])
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

