/**
 * Fits a ladder router: one quality model per rung, each predicting that model's judged quality (0..1) on a
 * prompt from the prompt's features. With the `difficulty` peer method (the default for the logistic model),
 * each rung's model is merged with one shared-difficulty model (the mean quality of every model judged by the
 * same judge that is not on the ladder), as for a pair (fit-router.ts): the text predicts a prompt's shared
 * difficulty better than one model's noisy judgement. Out-of-fold predictions use the same k-fold split over
 * prompts as a pair's evaluation.
 */
import { ValidationError } from '../../errors.js';
import { assignFolds } from '../cross-validation.js';
import type { LadderRow } from '../data/ladder-dataset.js';
import type { FeatureConfig } from '../features/feature-config.js';
import { featurizeAll, type FeatureRow } from '../features/featurize.js';
import { fitWithDifficulty, type PeerQualities } from '../fit-router.js';
import { buildRouterModel, trainRouterModel, type RouterModelJson, type RouterModelKind, type RouterModelOptions } from '../models/index.js';

export const LADDER_PEER_METHODS = ['difficulty', 'none'] as const;
export type LadderPeerMethod = (typeof LADDER_PEER_METHODS)[number];

export interface FitLadderOptions {
  model: RouterModelKind;
  features: FeatureConfig;
  peerMethod: LadderPeerMethod;
  peers?: PeerQualities | undefined;
  hyperParameters?: RouterModelOptions | undefined;
}

/** The peer method asked for, or the default: difficulty for the logistic model, none otherwise. */
export function resolveLadderPeerMethod(model: RouterModelKind, asked: string | undefined): LadderPeerMethod {
  if (asked === undefined) return model === 'logistic' ? 'difficulty' : 'none';
  if (!(LADDER_PEER_METHODS as readonly string[]).includes(asked)) {
    throw new ValidationError(`--peer-method ${asked} is for a weak/strong pair; a ladder (--models) learns with ${LADDER_PEER_METHODS.join(' or ')}`, 'peer-method');
  }
  if (asked === 'difficulty' && model !== 'logistic') throw new ValidationError(`--peer-method difficulty combines linear models and needs --model logistic (use --peer-method none with ${model})`, 'peer-method');
  return asked as LadderPeerMethod;
}

/**
 * One quality model per model but the last, trained on the rows at `indices`. The last model is where a request
 * goes when no cheaper one is predicted to carry it, so its own prediction never decides anything.
 */
export function fitLadder(rows: readonly LadderRow[], features: readonly FeatureRow[], indices: readonly number[], options: FitLadderOptions): RouterModelJson[] {
  const scored = Math.max(0, (rows[0]?.quality.length ?? 0) - 1);
  return Array.from({ length: scored }, (_, rung) => {
    const targets = Float64Array.from(indices, (index) => rows[index]?.quality[rung] ?? 0);
    if (options.peerMethod === 'difficulty') return fitWithDifficulty(rows, features, indices, targets, options);
    return trainRouterModel(options.model, { rows: indices.map((index) => features[index] as FeatureRow), targets }, options.features, options.hyperParameters);
  });
}

export interface LadderOutOfFold {
  fold: number[];
  /** predictions[row][rung]: the quality a model that never saw the row predicts (every model but the last). */
  predictions: Float64Array[];
  features: FeatureRow[];
}

export function ladderOutOfFold(rows: readonly LadderRow[], options: FitLadderOptions & { folds: number; seed: number }, onFold?: (fold: number) => void): LadderOutOfFold {
  const features = featurizeAll(rows.map((row) => row.text), options.features);
  const fold = assignFolds(rows.map((row) => row.text), options.folds, options.seed);
  const predictions = rows.map(() => new Float64Array(Math.max(0, (rows[0]?.quality.length ?? 0) - 1)));
  for (let current = 0; current < options.folds; current++) {
    const train = rows.map((_, index) => index).filter((index) => fold[index] !== current);
    const models = fitLadder(rows, features, train, options).map(buildRouterModel);
    rows.forEach((_, index) => {
      if (fold[index] !== current) return;
      const row = features[index] as FeatureRow;
      models.forEach((model, rung) => ((predictions[index] as Float64Array)[rung] = model.predict(row)));
    });
    onFold?.(current);
  }
  return { fold, predictions, features };
}
