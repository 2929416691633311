/**
 * Experiment (2026-11-29): does a matrix-factorisation denoising of the pair's labels (matrix-factors.ts) beat
 * the default `difficulty` training signal? Same folds, features and APGR as apgr-report.ts; the router is
 * always one logistic model (an equal-weight average of z-scored logistic margins, as fit-router.ts does).
 *
 *   npx tsx bench/route/experiment-factors.ts --data ../shared/data --set dev [--seeds 1,2,3]
 *                                             [--variants difficulty,own+factors:2,…] [--json]
 *
 * Variants: `difficulty` (the library's default, as shipped); `own+factors:K` (own-label model + a model of the
 * K-factor reconstruction of the pair's adequacy); `own+difficulty+factors:K` (all three); `factors:K` (the
 * reconstruction alone); `pairwise:P` (a linear ranker fitted with a pairwise logistic loss on P sampled partners
 * per training prompt, see trainPairwise) and `pairwise+difficulty:P` (it in place of the own-label model).
 * Methods are chosen on `dev` only.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PairRow } from '../../src/route/data/pair-dataset.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';
import { featurizeAll, type FeatureRow } from '../../src/route/features/featurize.js';
import { fitRouter } from '../../src/route/fit-router.js';
import { adequacy } from '../../src/route/labels.js';
import { combineLogistic } from '../../src/route/models/combine-logistic.js';
import { buildRouterModel, trainRouterModel, type RouterModelJson } from '../../src/route/models/index.js';
import { LogisticModel, type LogisticModelJson } from '../../src/route/models/logistic.js';
import { peerDifficultyTargets } from '../../src/route/peer-difficulty.js';
import { seededRandom } from '../../src/kernel/index.js';
import { factorAdequacy } from './matrix-factors.js';
import { runExperiment } from './experiment-harness.js';
import { judgementTables } from './pairs.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    set: { type: 'string', default: 'dev' },
    seeds: { type: 'string', default: '1,2,3' },
    variants: { type: 'string', default: 'difficulty,own+factors:2,own+factors:4,own+difficulty+factors:2,own+difficulty+factors:4' },
    penalty: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const features = DEFAULT_FEATURE_CONFIG;
const folds = 5;
const seeds = values.seeds.split(',').map(Number);
const variants = values.variants.split(',');
const penalty = Number(values.penalty);
const table = judgementTables(resolve(values.data));

type Peers = ReadonlyMap<string, ReadonlyMap<string, number>>;

function trainLogistic(featureRows: readonly FeatureRow[], at: readonly number[], targets: Float64Array): LogisticModelJson {
  const json = trainRouterModel('logistic', { rows: at.map((index) => featureRows[index] as FeatureRow), targets }, features);
  if (json.kind !== 'logistic') throw new Error('expected a logistic model');
  return json;
}

/** mean_first + deviation_first · mean_i(z_i): every part's margin z-scored on the training prompts, equal weights. */
function averageZScored(parts: readonly LogisticModelJson[], trainingRows: readonly FeatureRow[]): LogisticModelJson {
  const spreads = parts.map((part) => {
    const scorer = new LogisticModel(part);
    const margins = trainingRows.map((row) => scorer.margin(row));
    const mean = margins.reduce((sum, value) => sum + value, 0) / margins.length;
    const deviation = Math.sqrt(margins.reduce((sum, value) => sum + (value - mean) ** 2, 0) / margins.length);
    return { mean, deviation };
  });
  const usable = parts.map((part, index) => ({ part, spread: spreads[index] as { mean: number; deviation: number } })).filter(({ spread }) => spread.deviation > 1e-9);
  const first = usable[0];
  if (first === undefined) return parts[0] as LogisticModelJson;
  const weights = usable.map(({ spread }) => first.spread.deviation / (usable.length * spread.deviation));
  const bias = first.spread.mean - usable.reduce((sum, { spread }, index) => sum + (weights[index] ?? 0) * spread.mean, 0);
  return combineLogistic(
    usable.map(({ part }, index) => ({ model: part, weight: weights[index] ?? 0 })),
    bias,
  );
}

/** x_i − x_j as a feature row (sparse indices merged, dense subtracted). */
function difference(left: FeatureRow, right: FeatureRow): FeatureRow {
  const indices: number[] = [];
  const weights: number[] = [];
  let a = 0;
  let b = 0;
  const li = left.sparse.indices;
  const ri = right.sparse.indices;
  while (a < li.length || b < ri.length) {
    const slotA = a < li.length ? (li[a] ?? 0) : Number.POSITIVE_INFINITY;
    const slotB = b < ri.length ? (ri[b] ?? 0) : Number.POSITIVE_INFINITY;
    if (slotA === slotB) {
      indices.push(slotA);
      weights.push((left.sparse.values[a++] ?? 0) - (right.sparse.values[b++] ?? 0));
    } else if (slotA < slotB) {
      indices.push(slotA);
      weights.push(left.sparse.values[a++] ?? 0);
    } else {
      indices.push(slotB);
      weights.push(-(right.sparse.values[b++] ?? 0));
    }
  }
  return { sparse: { indices: Int32Array.from(indices), values: Float64Array.from(weights) }, dense: left.dense.map((value, index) => value - (right.dense[index] ?? 0)) };
}

/**
 * A linear ranker trained with a pairwise logistic loss: for sampled pairs of training prompts (i, j), the
 * logistic model sees x_i − x_j with the soft label (1 + adequacy_i − adequacy_j) / 2, and the mirrored pair, so
 * it learns to order prompts by the pair's quality gap rather than to predict each label.
 */
function trainPairwise(featureRows: readonly FeatureRow[], train: readonly number[], targets: Float64Array, seed: number, partners: number): LogisticModelJson {
  const random = seededRandom(seed * 7919 + train.length);
  const differences: FeatureRow[] = [];
  const labels: number[] = [];
  train.forEach((index, position) => {
    for (let partner = 0; partner < partners; partner++) {
      const other = Math.floor(random() * train.length);
      if (other === position) continue;
      const label = (1 + (targets[position] ?? 0) - (targets[other] ?? 0)) / 2;
      const forward = difference(featureRows[index] as FeatureRow, featureRows[train[other] as number] as FeatureRow);
      differences.push(forward, difference(featureRows[train[other] as number] as FeatureRow, featureRows[index] as FeatureRow));
      labels.push(label, 1 - label);
    }
  });
  const json = trainRouterModel('logistic', { rows: differences, targets: Float64Array.from(labels) }, features);
  if (json.kind !== 'logistic') throw new Error('expected a logistic model');
  return json;
}

function fitVariant(variant: string, rows: readonly PairRow[], featureRows: readonly FeatureRow[], train: readonly number[], peers: Peers, seed: number): RouterModelJson {
  if (variant === 'difficulty') return fitRouter(rows, featureRows, train, { model: 'logistic', features, peerMethod: 'difficulty', peers });
  const [name, dimensions] = variant.split(':');
  const factors = () => factorAdequacy(rows, train, peers, { dimensions: Number(dimensions), penalty, iterations: 25, seed });
  const own = () => trainLogistic(featureRows, train, Float64Array.from(train, (index) => adequacy(rows[index]?.qWeak ?? 0, rows[index]?.qStrong ?? 0)));
  const trainingRows = train.map((index) => featureRows[index] as FeatureRow);
  if (name === 'factors') return trainLogistic(featureRows, train, factors());
  if (name === 'pairwise' || name === 'pairwise+difficulty') {
    const ownTargets = Float64Array.from(train, (index) => adequacy(rows[index]?.qWeak ?? 0, rows[index]?.qStrong ?? 0));
    const ranker = trainPairwise(featureRows, train, ownTargets, seed, Number(dimensions));
    if (name === 'pairwise') return ranker;
    const difficulty = peerDifficultyTargets(rows, train, peers);
    return averageZScored([ranker, trainLogistic(featureRows, difficulty.indices, difficulty.targets)], trainingRows);
  }
  if (name === 'own+factors') return averageZScored([own(), trainLogistic(featureRows, train, factors())], trainingRows);
  if (name === 'own+difficulty+factors') {
    const difficulty = peerDifficultyTargets(rows, train, peers);
    return averageZScored([own(), trainLogistic(featureRows, difficulty.indices, difficulty.targets), trainLogistic(featureRows, train, factors())], trainingRows);
  }
  throw new Error(`unknown variant ${variant}`);
}

runExperiment({ set: values.set, seeds, folds, variants, json: values.json, table, settings: { penalty } }, (dataset) => {
  const rows = dataset.rows;
  const featureRows = featurizeAll(rows.map((row) => row.text), features);
  return (variant, train, test, seed) => {
    const model = buildRouterModel(fitVariant(variant, rows, featureRows, train, dataset.peers, seed));
    return Float64Array.from(test, (index) => model.predict(featureRows[index] as FeatureRow));
  };
});
