/**
 * `parity route train --models a,b,c`: learn a ladder policy and set its τ for a target, on out-of-fold
 * predictions (the spread new traffic will have), as `trainPolicy` does for a pair:
 *   min-pgr x  — the cheapest operating point whose PGR (first → last model) reaches x;
 *   max-cost x — the best-quality operating point whose mean cost per request stays within x USD.
 * τ sits halfway between two adjacent distinct predictions, so prompts with equal predictions are never split.
 * The final scorers are trained on every prompt. Deterministic for a seed: same inputs, same file.
 */
import { ValidationError } from '../../errors.js';
import type { ModelPrice } from '../cost.js';
import type { LadderDataset } from '../data/ladder-dataset.js';
import type { FeatureConfig } from '../features/feature-config.js';
import { DENSE_FEATURE_NAMES } from '../features/text-scanner.js';
import { meanInterval } from '../metrics/interval.js';
import type { RouterModelKind, RouterModelOptions } from '../models/index.js';
import type { TrainPolicyOptions } from '../train.js';
import { ladderItems } from './evaluate-ladder.js';
import { fitLadder, ladderOutOfFold, resolveLadderPeerMethod } from './fit-ladder.js';
import { axisOf, ladderChoice, ladderCurve, ladderPgr, pathArea, pathPoints, vertexOf, type LadderItem } from './ladder-curve.js';
import { LADDER_POLICY_FORMAT, LADDER_POLICY_VERSION, type LadderCalibrationTarget, type LadderOperatingPoint, type LadderPolicyJson } from './ladder-policy-schema.js';

/** τ that sends every request to the first model / to the last one (predictions are in (0, 1)). */
export const ALL_FIRST_THRESHOLD = -1;
export const ALL_LAST_THRESHOLD = 2;

export interface LadderCalibration {
  threshold: number;
  expected: LadderOperatingPoint;
}

export function calibrateLadder(items: readonly LadderItem[], models: number, target: LadderCalibrationTarget): LadderCalibration {
  if (items.length === 0) throw new ValidationError('no prompts to calibrate on');
  const curve = ladderCurve(items, models);
  const values = [...new Set(items.flatMap((item) => Array.from({ length: models - 1 }, (_, model) => item.predicted[model] ?? 0)))].sort((a, b) => a - b);
  const thresholds = [ALL_FIRST_THRESHOLD, ...values.slice(1).map((value, index) => ((values[index] ?? 0) + value) / 2), ALL_LAST_THRESHOLD];
  const candidates = thresholds.map((threshold) => {
    const vertex = vertexOf(
      items,
      items.map((item) => ladderChoice(item.predicted, models, threshold)),
      models,
    );
    return { threshold, vertex, x: axisOf(curve, vertex), pgr: ladderPgr(curve, vertex.quality) };
  });
  let chosen: (typeof candidates)[number] | undefined;
  if (target.kind === 'min-pgr') {
    if (!(target.value > 0 && target.value <= 1)) throw new ValidationError(`--min-pgr must be in (0, 1], got ${target.value}`, 'min-pgr');
    if (candidates.some((candidate) => Number.isNaN(candidate.pgr))) throw new ValidationError('PGR is undefined on this data (the last model is not better than the first)', 'min-pgr');
    for (const candidate of candidates) {
      if (candidate.pgr < target.value - 1e-12) continue;
      if (!chosen || candidate.x < chosen.x || (candidate.x === chosen.x && candidate.pgr > chosen.pgr)) chosen = candidate;
    }
  } else {
    if (!(target.value >= 0)) throw new ValidationError(`--max-cost must be a non-negative number, got ${target.value}`, 'max-cost');
    const cheapest = candidates[0]?.vertex.cost;
    if (cheapest === null || cheapest === undefined) throw new ValidationError('--max-cost needs costs: give --price MODEL=IN,OUT for every model, or results with costUsd', 'max-cost');
    if (cheapest > target.value) throw new ValidationError(`--max-cost ${target.value} USD per request is below the cost of always using the first model, ${cheapest.toPrecision(3)} USD`, 'max-cost');
    for (const candidate of candidates) {
      const cost = candidate.vertex.cost;
      if (cost === null || cost > target.value) continue;
      if (!chosen || candidate.vertex.quality > chosen.vertex.quality || (candidate.vertex.quality === chosen.vertex.quality && cost < (chosen.vertex.cost ?? Infinity))) chosen = candidate;
    }
  }
  const point = chosen ?? (candidates[candidates.length - 1] as (typeof candidates)[number]);
  const lastCost = curve.always[models - 1]?.cost ?? null;
  return {
    threshold: point.threshold,
    expected: {
      quality: point.vertex.quality,
      pgr: Number.isNaN(point.pgr) ? null : point.pgr,
      costPerRequest: point.vertex.cost,
      costSavings: point.vertex.cost === null || lastCost === null || lastCost <= 0 ? null : 1 - point.vertex.cost / lastCost,
      shares: point.vertex.shares,
    },
  };
}

export interface TrainLadderOptions {
  model: RouterModelKind;
  features: FeatureConfig;
  folds: number;
  seed: number;
  peerMethod?: string | undefined;
  target: LadderCalibrationTarget;
  source: TrainPolicyOptions['source'];
  /** Price of each model, in ladder order. */
  prices?: ReadonlyArray<ModelPrice | undefined>;
  hyperParameters?: RouterModelOptions;
  onFold?: (fold: number, folds: number) => void;
}

export function trainLadderPolicy(dataset: LadderDataset, options: TrainLadderOptions): LadderPolicyJson {
  const rows = dataset.rows;
  const k = dataset.models.length;
  const peerMethod = resolveLadderPeerMethod(options.model, options.peerMethod);
  const fitOptions = { model: options.model, features: options.features, peerMethod, peers: dataset.peers, hyperParameters: options.hyperParameters };
  const outOfFold = ladderOutOfFold(rows, { ...fitOptions, folds: options.folds, seed: options.seed }, (fold) => options.onFold?.(fold, options.folds));
  const items = ladderItems(rows, outOfFold.predictions, options.prices);
  const perFold = Array.from({ length: options.folds }, (_, fold) => pathArea(pathPoints(ladderCurve(items.filter((_, index) => outOfFold.fold[index] === fold), k))));
  const apgr = meanInterval(perFold).mean;
  const calibration = calibrateLadder(items, k, options.target);
  const scorers = fitLadder(rows, outOfFold.features, rows.map((_, index) => index), fitOptions);
  return {
    format: LADDER_POLICY_FORMAT,
    version: LADDER_POLICY_VERSION,
    models: [...dataset.models],
    features: { ...options.features },
    denseFeatures: options.features.dense ? [...DENSE_FEATURE_NAMES] : [],
    scorers,
    threshold: calibration.threshold,
    calibration: {
      target: { ...options.target },
      expected: calibration.expected,
      method: `threshold set on out-of-fold predictions (${options.folds} folds over prompts, seed ${options.seed})`,
    },
    training: {
      format: options.source.format,
      judgements: options.source.judgements,
      prompts: options.source.prompts,
      judge: dataset.judge,
      promptCount: rows.length,
      peerMethod,
      peerModels: peerMethod === 'none' ? 0 : dataset.peers.size,
      folds: options.folds,
      seed: options.seed,
      crossValidated: { apgr: Number.isFinite(apgr) ? apgr : null, axis: ladderCurve(items, k).axis },
    },
  };
}
