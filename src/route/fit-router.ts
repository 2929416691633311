/**
 * Fits the router model on a set of training prompts, with the training signal chosen by the peer method:
 *
 * - `difficulty` (default for the logistic model): two logistic models over the same features, one on the
 *   pair's own adequacy (labels.ts) and one on shared difficulty (peer-difficulty.ts). Their margins are put
 *   on a common scale (each divided by its spread over the training prompts) and averaged with equal weight,
 *   back on the own model's scale. A sum of linear models is one linear model, so the policy stores a single
 *   logistic model and a decision costs the same as before.
 * - `blend`: the pair's adequacy averaged with peers' adequacy, weighted by correlation (peer-targets.ts);
 *   works for every model kind and is the default for kNN and stumps.
 * - `none`: the pair's own judgements only.
 *
 * Used alike by cross-validation (out-of-fold.ts) and by `parity route train`, so what is measured is what
 * ships.
 */
import { ValidationError } from '../errors.js';
import type { PairRow } from './data/pair-dataset.js';
import type { FeatureConfig } from './features/feature-config.js';
import type { FeatureRow } from './features/featurize.js';
import { adequacy } from './labels.js';
import { combineLogistic } from './models/combine-logistic.js';
import { trainRouterModel, type RouterModelJson, type RouterModelKind, type RouterModelOptions } from './models/index.js';
import { LogisticModel, type LogisticModelJson } from './models/logistic.js';
import { peerDifficultyTargets } from './peer-difficulty.js';
import { PEER_METHODS, type PeerMethod } from './peer-methods.js';
import { peerBlendedTargets } from './peer-targets.js';

export { defaultPeerMethod, PEER_METHODS, type PeerMethod } from './peer-methods.js';

/** Fewer training prompts with peer judgements than this and `difficulty` falls back to the own labels. */
export const MIN_DIFFICULTY_PROMPTS = 10;

export type PeerQualities = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface FitRouterOptions {
  model: RouterModelKind;
  features: FeatureConfig;
  peerMethod: PeerMethod;
  /** Other models judged by the same judge: model → prompt id → quality. */
  peers?: PeerQualities | undefined;
  hyperParameters?: RouterModelOptions | undefined;
}

export function checkPeerMethod(model: RouterModelKind, peerMethod: PeerMethod): void {
  if (!PEER_METHODS.includes(peerMethod)) throw new ValidationError(`unknown peer method "${String(peerMethod)}" (${PEER_METHODS.join(', ')})`, 'peer-method');
  if (peerMethod === 'difficulty' && model !== 'logistic') {
    throw new ValidationError(`--peer-method difficulty combines linear models and needs --model logistic (use --peer-method blend with ${model})`, 'peer-method');
  }
}

function spread(model: LogisticModelJson, rows: readonly FeatureRow[]): { mean: number; deviation: number } {
  const scorer = new LogisticModel(model);
  const margins = rows.map((row) => scorer.margin(row));
  const mean = margins.reduce((sum, value) => sum + value, 0) / Math.max(1, margins.length);
  const variance = margins.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, margins.length);
  return { mean, deviation: Math.sqrt(variance) };
}

/**
 * A logistic model of `ownTargets` (one per training index) merged with one of shared difficulty (mean peer
 * quality, peer-difficulty.ts), as the file comment says; the own model alone when too few training prompts have
 * peer judgements. Used for a pair's adequacy and for each model of a ladder (ladder/fit-ladder.ts).
 */
export function fitWithDifficulty(
  rows: ReadonlyArray<{ readonly promptId: string }>,
  features: readonly FeatureRow[],
  indices: readonly number[],
  ownTargets: Float64Array,
  options: Pick<FitRouterOptions, 'features' | 'peers' | 'hyperParameters'>,
): LogisticModelJson {
  const train = (at: readonly number[], targets: Float64Array): LogisticModelJson => {
    const json = trainRouterModel('logistic', { rows: at.map((index) => features[index] as FeatureRow), targets }, options.features, options.hyperParameters);
    if (json.kind !== 'logistic') throw new ValidationError('expected a logistic model');
    return json;
  };
  const own = train(indices, ownTargets);
  const difficulty = options.peers ? peerDifficultyTargets(rows, indices, options.peers) : undefined;
  if (!difficulty || difficulty.indices.length < MIN_DIFFICULTY_PROMPTS) return own;
  const shared = train(difficulty.indices, difficulty.targets);
  const trainingRows = indices.map((index) => features[index] as FeatureRow);
  const ownSpread = spread(own, trainingRows);
  const sharedSpread = spread(shared, trainingRows);
  if (!(ownSpread.deviation > 1e-9 && sharedSpread.deviation > 1e-9)) return own;
  // mean_own + deviation_own · (z_own + z_shared) / 2, with z = (margin − mean) / deviation
  const sharedWeight = ownSpread.deviation / (2 * sharedSpread.deviation);
  return combineLogistic(
    [
      { model: own, weight: 0.5 },
      { model: shared, weight: sharedWeight },
    ],
    ownSpread.mean / 2 - sharedWeight * sharedSpread.mean,
  );
}

/** Own adequacy + shared difficulty, merged into one logistic model (see the file comment). */
function fitDifficulty(rows: readonly PairRow[], features: readonly FeatureRow[], indices: readonly number[], options: FitRouterOptions): RouterModelJson {
  return fitWithDifficulty(rows, features, indices, Float64Array.from(indices, (index) => adequacy(rows[index]?.qWeak ?? 0, rows[index]?.qStrong ?? 0)), options);
}

/** Trains the router on the rows at `indices` (the training prompts). */
export function fitRouter(rows: readonly PairRow[], features: readonly FeatureRow[], indices: readonly number[], options: FitRouterOptions): RouterModelJson {
  checkPeerMethod(options.model, options.peerMethod);
  if (options.peerMethod === 'difficulty') return fitDifficulty(rows, features, indices, options);
  const targets =
    options.peerMethod === 'blend' && options.peers && options.peers.size > 0
      ? peerBlendedTargets(rows, indices, options.peers).targets
      : Float64Array.from(indices, (index) => adequacy(rows[index]?.qWeak ?? 0, rows[index]?.qStrong ?? 0));
  return trainRouterModel(options.model, { rows: indices.map((index) => features[index] as FeatureRow), targets }, options.features, options.hyperParameters);
}
