/**
 * `parity route train`: learn a policy for one weak/strong pair and calibrate its threshold.
 *
 * 1. Out-of-fold scores over k folds of prompts (the same procedure as `route eval`), which give both the
 *    cross-validated metrics stored in the policy and the scores the threshold is calibrated on.
 * 2. The final model is trained on every prompt (with peers' signal when enabled).
 * 3. The threshold is set for the target (calibrate.ts). Deterministic for a seed: same inputs, same file.
 */
import type { ModelPrice } from './cost.js';
import { callCost } from './cost.js';
import { calibrateThreshold, type CalibrationTarget } from './calibrate.js';
import type { PairDataset } from './data/pair-dataset.js';
import type { JudgementFormat } from './data/quality-table.js';
import type { FeatureConfig } from './features/feature-config.js';
import { DENSE_FEATURE_NAMES } from './features/text-scanner.js';
import { fitRouter } from './fit-router.js';
import { meanInterval } from './metrics/interval.js';
import { apgr, cpt, routingCurve, type RoutedItem } from './metrics/routing-curve.js';
import type { RouterModelKind, RouterModelOptions } from './models/index.js';
import { outOfFoldScores } from './out-of-fold.js';
import { resolvePeerMethod, type PeerMethod } from './peer-methods.js';
import { ROUTE_POLICY_FORMAT, ROUTE_POLICY_VERSION, type RoutePolicyJson } from './policy-schema.js';

export interface FileReference {
  name: string;
  sha256: string;
}

export interface TrainPolicyOptions {
  model: RouterModelKind;
  features: FeatureConfig;
  folds: number;
  seed: number;
  /** How other models judged on the training prompts add signal (fit-router.ts); default by model kind. */
  peerMethod?: PeerMethod;
  /** Older switch: false means peerMethod 'none'. peerMethod wins when both are given. */
  usePeers?: boolean;
  target: CalibrationTarget;
  source: { format: JudgementFormat; judgements: FileReference; prompts: FileReference | null };
  prices?: { weak?: ModelPrice | undefined; strong?: ModelPrice | undefined };
  /** Embeddings of the dataset's prompts (one per row) and the endpoint they came from. */
  embedding?: { url: string; model: string; vectors: ReadonlyArray<ArrayLike<number>> };
  hyperParameters?: RouterModelOptions;
  onFold?: (fold: number, folds: number) => void;
}

export function trainPolicy(dataset: PairDataset, options: TrainPolicyOptions): RoutePolicyJson {
  const rows = dataset.rows;
  const peerMethod = resolvePeerMethod(options);
  const peers = dataset.peers;
  const outOfFold = outOfFoldScores(
    rows,
    { folds: options.folds, seed: options.seed, model: options.model, features: options.features, peerMethod, peers, hyperParameters: options.hyperParameters, embeddings: options.embedding?.vectors },
    (fold) => options.onFold?.(fold, options.folds),
  );
  const items: RoutedItem[] = rows.map((row, index) => ({
    score: outOfFold.scores[index] ?? 0,
    qWeak: row.qWeak,
    qStrong: row.qStrong,
    costWeak: callCost(row.weak, options.prices?.weak),
    costStrong: callCost(row.strong, options.prices?.strong),
  }));
  const perFold = Array.from({ length: options.folds }, (_, fold) => routingCurve(items.filter((_, index) => outOfFold.fold[index] === fold)));
  const calibration = calibrateThreshold(items, options.target);
  const all = rows.map((_, index) => index);
  const model = fitRouter(rows, outOfFold.features, all, { model: options.model, features: options.features, peerMethod, peers, hyperParameters: options.hyperParameters });
  const firstVector = options.embedding?.vectors[0];
  return {
    format: ROUTE_POLICY_FORMAT,
    version: ROUTE_POLICY_VERSION,
    weak: dataset.weak,
    strong: dataset.strong,
    features: { ...options.features },
    denseFeatures: options.features.dense ? [...DENSE_FEATURE_NAMES] : [],
    embedding: options.embedding && firstVector ? { url: options.embedding.url, model: options.embedding.model, dimensions: firstVector.length } : null,
    model,
    threshold: calibration.threshold,
    calibration: {
      target: { ...options.target },
      expected: calibration.expected,
      method: `threshold set on out-of-fold scores (${options.folds} folds over prompts, seed ${options.seed})`,
    },
    training: {
      format: options.source.format,
      judgements: options.source.judgements,
      prompts: options.source.prompts,
      judge: dataset.judge,
      promptCount: rows.length,
      peerMethod,
      peerModels: peerMethod === 'none' ? 0 : peers.size,
      folds: options.folds,
      seed: options.seed,
      crossValidated: {
        apgr: meanInterval(perFold.map((curve) => apgr(curve))).mean,
        cpt50: meanInterval(perFold.map((curve) => cpt(curve, 0.5))).mean,
        cpt80: meanInterval(perFold.map((curve) => cpt(curve, 0.8))).mean,
      },
    },
  };
}
