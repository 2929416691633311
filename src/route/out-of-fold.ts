/**
 * Out-of-fold scores: each prompt is scored by a model that never saw it (k-fold over prompts). Used both to
 * measure a router and to calibrate a policy's threshold on scores that look like new traffic.
 */
import { ValidationError } from '../errors.js';
import { assignFolds } from './cross-validation.js';
import type { PairRow } from './data/pair-dataset.js';
import type { FeatureConfig } from './features/feature-config.js';
import { featurizeAll, type FeatureRow } from './features/featurize.js';
import { fitRouter, type PeerMethod, type PeerQualities } from './fit-router.js';
import { buildRouterModel, type RouterModelKind, type RouterModelOptions } from './models/index.js';

export interface OutOfFoldOptions {
  folds: number;
  seed: number;
  model: RouterModelKind;
  features: FeatureConfig;
  /** How other models judged on the training prompts add signal (see fit-router.ts). */
  peerMethod: PeerMethod;
  peers?: PeerQualities | undefined;
  hyperParameters?: RouterModelOptions | undefined;
  /** One embedding per row, when an embedding endpoint is configured (logistic only). */
  embeddings?: ReadonlyArray<ArrayLike<number>> | undefined;
}

export interface OutOfFold {
  fold: number[];
  scores: Float64Array;
  features: FeatureRow[];
}

export function outOfFoldScores(rows: readonly PairRow[], options: OutOfFoldOptions, onFold?: (fold: number) => void): OutOfFold {
  if (options.embeddings !== undefined && options.model !== 'logistic') throw new ValidationError(`embeddings are used by the logistic router only, not ${options.model}`, 'model');
  const features = featurizeAll(rows.map((row) => row.text), options.features, options.embeddings);
  const fold = assignFolds(rows.map((row) => row.text), options.folds, options.seed);
  const scores = new Float64Array(rows.length);
  for (let current = 0; current < options.folds; current++) {
    const train = rows.map((_, index) => index).filter((index) => fold[index] !== current);
    const model = buildRouterModel(fitRouter(rows, features, train, options));
    rows.forEach((_, index) => {
      if (fold[index] === current) scores[index] = model.predict(features[index] as FeatureRow);
    });
    onFold?.(current);
  }
  return { fold, scores, features };
}
