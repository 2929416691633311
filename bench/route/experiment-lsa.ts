/**
 * Experiment (2026-11-29): does a dense low-rank text representation, latent semantic analysis of the hashed
 * features (lsa.ts), help the router generalise across prompts that share no words? Same folds, features and
 * APGR as apgr-report.ts and experiment-factors.ts; the router is the default `difficulty` fit (own-label
 * logistic + peer-difficulty logistic, equal-weight z-scored average, fit-router.ts) on augmented rows.
 *
 *   npx tsx bench/route/experiment-lsa.ts --data ../shared/data --set dev [--seeds 1,2,3]
 *        [--variants difficulty,lsa:64:white:1,…] [--projection transductive|corpus] [--corpus-slots 20000] [--json]
 *
 * Projection: `transductive` fits the LSA on all prompts of the pair (its test prompts' text included, labels
 * never), an upper bound; `corpus` fits it on licence-clean unlabeled public prompts (arena-hard v0.1 + v2.0,
 * GSM8K, HumanEval, MBPP, IFEval, MGSM), keeping the basis rows of the `--corpus-slots` most frequent slots.
 * Variants: `difficulty` (the default, as shipped); `lsa:K:SCALE:S` (the default features + K LSA coordinates
 * as extra dense inputs); `only:K:SCALE:S` (the K coordinates alone); `dense:K:SCALE:S` (the coordinates + the
 * scanner's dense features, no hashed words); `knn:K` (cosine kNN in the K-dimensional LSA space, k = 25 shrunk
 * to the mean with prior 5, own-label and peer-difficulty kNN each z-scored over the test fold and averaged).
 * SCALE `white`: each coordinate scaled to unit mean square over the LSA corpus, times S; `raw`: x·V times S.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PairRow } from '../../src/route/data/pair-dataset.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';
import { featurizeAll, type FeatureRow } from '../../src/route/features/featurize.js';
import { fitRouter } from '../../src/route/fit-router.js';
import { adequacy } from '../../src/route/labels.js';
import { buildRouterModel } from '../../src/route/models/index.js';
import { peerDifficultyTargets } from '../../src/route/peer-difficulty.js';
import { fitLsa, project, type Lsa } from './lsa.js';
import { runExperiment } from './experiment-harness.js';
import { judgementTables } from './pairs.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    set: { type: 'string', default: 'dev' },
    seeds: { type: 'string', default: '1,2,3' },
    variants: { type: 'string', default: 'difficulty,lsa:32:white:1,lsa:64:white:1,lsa:128:white:1' },
    projection: { type: 'string', default: 'transductive' },
    'corpus-slots': { type: 'string', default: '1000000' },
    json: { type: 'boolean', default: false },
  },
});
const features = DEFAULT_FEATURE_CONFIG;
const folds = 5;
const seeds = values.seeds.split(',').map(Number);
const variants = values.variants.split(',');
const data = resolve(values.data);
const table = judgementTables(data);
const maxK = Math.max(0, ...variants.filter((variant) => variant.includes(':')).map((variant) => Number(variant.split(':')[1])));

/** Licence-clean unlabeled prompts (see ../shared/data/SOURCES.md): never AlpacaEval (CC BY-NC). */
function corpusTexts(): string[] {
  const jsonl = (path: string, field: string) =>
    readFileSync(`${data}/${path}`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => String((JSON.parse(line) as Record<string, unknown>)[field] ?? ''));
  const mgsm = ['bn', 'de', 'en', 'es', 'fr', 'ja', 'ru', 'sw', 'te', 'th', 'zh'].flatMap((language) =>
    readFileSync(`${data}/benchmarks/mgsm/mgsm_${language}.tsv`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('\t')[0] ?? ''),
  );
  const arenaPrompt = (path: string) =>
    readFileSync(`${data}/${path}`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const record = JSON.parse(line) as { prompt?: unknown; turns?: Array<{ content?: unknown }> };
        return typeof record.prompt === 'string' ? record.prompt : String(record.turns?.[0]?.content ?? '');
      });
  return [
    ...arenaPrompt('arena-hard/arena-hard-v0.1/question.jsonl'),
    ...arenaPrompt('arena-hard/arena-hard-v2.0/question.jsonl'),
    ...jsonl('benchmarks/gsm8k/test.jsonl', 'question'),
    ...jsonl('benchmarks/humaneval/HumanEval.jsonl', 'prompt'),
    ...jsonl('benchmarks/mbpp/mbpp.jsonl', 'text'),
    ...jsonl('benchmarks/ifeval/input_data.jsonl', 'prompt'),
    ...mgsm,
  ].filter((text) => text.trim() !== '');
}

let corpusLsa: Lsa | undefined;
let corpusSize = 0;
if (values.projection === 'corpus' && maxK > 0) {
  const texts = corpusTexts();
  corpusSize = texts.length;
  const started = performance.now();
  corpusLsa = fitLsa(
    featurizeAll(texts, features).map((row) => row.sparse),
    { dimensions: maxK, hashBits: features.hashBits, maxSlots: Number(values['corpus-slots']) },
  );
  if (!values.json) console.log(`corpus LSA: ${texts.length} prompts, ${corpusLsa.basis.length / maxK} slots kept, k = ${maxK}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Coordinates of every row in the first k dimensions, scaled as the variant says. */
function coordinates(lsa: Lsa, corpusSize: number, rows: readonly FeatureRow[], k: number, scale: string, factor: number): Float64Array[] {
  const whiten = Float64Array.from({ length: k }, (_, column) => {
    const meanSquare = (lsa.values[column] ?? 0) / corpusSize;
    return scale === 'white' ? (meanSquare > 1e-12 ? factor / Math.sqrt(meanSquare) : 0) : factor;
  });
  return rows.map((row) => {
    const full = project(lsa, row.sparse);
    return Float64Array.from({ length: k }, (_, column) => (full[column] ?? 0) * (whiten[column] ?? 0));
  });
}

function knnScores(points: readonly Float64Array[], train: readonly number[], targets: Float64Array, test: readonly number[]): Float64Array {
  const unit = (vector: Float64Array) => {
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
    return vector.map((value) => (norm > 0 ? value / norm : 0));
  };
  const trainUnits = train.map((index) => unit(points[index] as Float64Array));
  const mean = targets.reduce((sum, value) => sum + value, 0) / Math.max(1, targets.length);
  return Float64Array.from(test, (index) => {
    const query = unit(points[index] as Float64Array);
    const similarities = trainUnits.map((other, position) => ({ position, similarity: other.reduce((sum, value, column) => sum + value * (query[column] ?? 0), 0) }));
    similarities.sort((a, b) => b.similarity - a.similarity || a.position - b.position);
    let weighted = 5 * mean;
    let total = 5;
    for (const { position, similarity } of similarities.slice(0, 25)) {
      weighted += Math.max(0, similarity) * (targets[position] ?? 0);
      total += Math.max(0, similarity);
    }
    return weighted / total;
  });
}

function zScores(scores: Float64Array): Float64Array {
  const mean = scores.reduce((sum, value) => sum + value, 0) / Math.max(1, scores.length);
  const deviation = Math.sqrt(scores.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, scores.length));
  return scores.map((value) => (deviation > 1e-12 ? (value - mean) / deviation : 0));
}

type Peers = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Test-fold scores of one variant (higher = the weak model is more adequate). */
function scoreFold(variant: string, rows: readonly PairRow[], base: readonly FeatureRow[], lsaOf: () => { lsa: Lsa; size: number }, train: readonly number[], test: readonly number[], peers: Peers): Float64Array {
  if (variant === 'difficulty') {
    const model = buildRouterModel(fitRouter(rows, base, train, { model: 'logistic', features, peerMethod: 'difficulty', peers }));
    return Float64Array.from(test, (index) => model.predict(base[index] as FeatureRow));
  }
  const [name, k, scale, factor] = variant.split(':');
  const { lsa, size } = lsaOf();
  if (name === 'knn') {
    const points = coordinates(lsa, size, base, Number(k), 'raw', 1);
    const own = knnScores(points, train, Float64Array.from(train, (index) => adequacy(rows[index]?.qWeak ?? 0, rows[index]?.qStrong ?? 0)), test);
    const difficulty = peerDifficultyTargets(rows, train, peers);
    const shared = knnScores(points, difficulty.indices, difficulty.targets, test);
    const a = zScores(own);
    const b = zScores(shared);
    return a.map((value, position) => value + (b[position] ?? 0));
  }
  const points = coordinates(lsa, size, base, Number(k), scale ?? 'white', Number(factor ?? 1));
  const empty = { indices: new Int32Array(0), values: new Float64Array(0) };
  const augmented = base.map((row, index): FeatureRow => {
    const embedding = points[index] as Float64Array;
    if (name === 'lsa') return { ...row, embedding };
    if (name === 'only') return { sparse: empty, dense: new Float64Array(0), embedding };
    if (name === 'dense') return { sparse: empty, dense: row.dense, embedding };
    throw new Error(`unknown variant ${variant}`);
  });
  const model = buildRouterModel(fitRouter(rows, augmented, train, { model: 'logistic', features, peerMethod: 'difficulty', peers }));
  return Float64Array.from(test, (index) => model.predict(augmented[index] as FeatureRow));
}

runExperiment({ set: values.set, seeds, folds, variants, json: values.json, table, settings: { projection: values.projection } }, (dataset) => {
  const rows = dataset.rows;
  const base = featurizeAll(rows.map((row) => row.text), features);
  let cached: { lsa: Lsa; size: number } | undefined;
  const lsaOf = () => {
    if (corpusLsa) return { lsa: corpusLsa, size: corpusSize };
    cached ??= { lsa: fitLsa(base.map((row) => row.sparse), { dimensions: maxK, hashBits: features.hashBits }), size: base.length };
    return cached;
  };
  return (variant, train, test) => scoreFold(variant, rows, base, lsaOf, train, test, dataset.peers);
});
