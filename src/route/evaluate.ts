/**
 * `parity route eval`: k-fold cross-validation of the learned router on one weak/strong pair, with RouteLLM's
 * metrics and baselines measured on the same folds.
 *
 * q_router for a routing decision is the quality of the model the prompt was sent to (the weak model's
 * judged quality if kept, the strong model's if escalated). Baselines: random (the expected curve of random
 * routing, computed exactly), length (longest prompts go to the strong model first), always-weak,
 * always-strong, and the oracle (perfect hindsight; a ceiling, not a router).
 */
import { ValidationError } from '../errors.js';
import type { ModelPrice } from './cost.js';
import { callCost } from './cost.js';
import { CHARS_PER_TOKEN, type PairDataset, type PairRow } from './data/pair-dataset.js';
import type { FeatureConfig } from './features/feature-config.js';
import { resolvePeerMethod, type PeerMethod } from './peer-methods.js';
import { routingCurve, type RoutedItem } from './metrics/routing-curve.js';
import { costPerRequest, foldMetrics, summarizeFolds, type FoldMetrics, type MethodSummary } from './metrics/summarize.js';
import type { RouterModelKind, RouterModelOptions } from './models/index.js';
import { outOfFoldScores } from './out-of-fold.js';

export const CURVE_BASELINES = ['random', 'length', 'oracle'] as const;
export type CurveBaseline = (typeof CURVE_BASELINES)[number];

export interface RouteEvalOptions {
  folds: number;
  seed: number;
  model: RouterModelKind;
  features: FeatureConfig;
  prices?: { weak?: ModelPrice | undefined; strong?: ModelPrice | undefined };
  /** How other models judged on the training prompts add signal (fit-router.ts); default by model kind. */
  peerMethod?: PeerMethod;
  /** Older switch: false means peerMethod 'none'. peerMethod wins when both are given. */
  usePeers?: boolean;
  hyperParameters?: RouterModelOptions;
  /** One embedding per dataset row, from a configured endpoint (see embeddings/). */
  embeddings?: ReadonlyArray<ArrayLike<number>>;
  onFold?: (fold: number, folds: number) => void;
}

export interface FixedPoint {
  frontierShare: number;
  quality: number;
  pgr: number;
  costPerRequest: number | null;
  costSavings: number | null;
}

/** A type alias (not an interface) so that it is assignable to loose record shapes, e.g. the dashboard's schema. */
export type FoldReport = {
  fold: number;
  prompts: number;
  trainPrompts: number;
  qualityWeak: number;
  qualityStrong: number;
  router: Omit<FoldMetrics, 'curve'>;
  baselines: Record<CurveBaseline, Omit<FoldMetrics, 'curve'>>;
};

export interface RouteEvalReport {
  pair: { weak: string; strong: string; judge: string; prompts: number; unpaired: number; missingJudgements: number };
  settings: { folds: number; seed: number; model: RouterModelKind; peerMethod: PeerMethod; peerModels: number; features: FeatureConfig };
  quality: { weak: number; strong: number };
  prices: { weak: ModelPrice | null; strong: ModelPrice | null };
  router: MethodSummary & { model: RouterModelKind };
  baselines: Record<CurveBaseline, MethodSummary> & { alwaysWeak: FixedPoint; alwaysStrong: FixedPoint };
  folds: FoldReport[];
  notes: string[];
}

function items(rows: readonly PairRow[], indices: readonly number[], score: (index: number) => number, prices: RouteEvalOptions['prices']): RoutedItem[] {
  return indices.map((index) => {
    const row = rows[index] as PairRow;
    return { score: score(index), qWeak: row.qWeak, qStrong: row.qStrong, costWeak: callCost(row.weak, prices?.weak), costStrong: callCost(row.strong, prices?.strong) };
  });
}

function withoutCurve(metrics: FoldMetrics): Omit<FoldMetrics, 'curve'> {
  const { curve: _curve, ...rest } = metrics;
  return rest;
}

export function evaluateRouting(dataset: PairDataset, options: RouteEvalOptions): RouteEvalReport {
  const rows = dataset.rows;
  const all = rows.map((_, index) => index);
  const overall = routingCurve(items(rows, all, () => 0, options.prices));
  if (!(overall.qualityStrong > overall.qualityWeak)) {
    throw new ValidationError(
      `${dataset.strong} is not better than ${dataset.weak} on these prompts (mean quality ${overall.qualityStrong.toFixed(3)} vs ${overall.qualityWeak.toFixed(3)}); routing has nothing to gain — are --weak and --strong swapped?`,
      'strong',
    );
  }
  const peerMethod = resolvePeerMethod(options);
  const outOfFold = outOfFoldScores(rows, { ...options, peerMethod, peers: dataset.peers }, (fold) => options.onFold?.(fold, options.folds));
  const scorers: Record<CurveBaseline | 'router', (index: number) => number> = {
    router: (index) => outOfFold.scores[index] ?? 0,
    random: () => 0,
    length: (index) => -(rows[index]?.text.length ?? 0),
    oracle: (index) => (rows[index]?.qWeak ?? 0) - (rows[index]?.qStrong ?? 0),
  };
  const perFold: Record<CurveBaseline | 'router', FoldMetrics[]> = { router: [], random: [], length: [], oracle: [] };
  const folds: FoldReport[] = [];
  const notes: string[] = [];
  for (let fold = 0; fold < options.folds; fold++) {
    const test = all.filter((index) => outOfFold.fold[index] === fold);
    const curves = Object.fromEntries(Object.entries(scorers).map(([name, score]) => [name, routingCurve(items(rows, test, score, options.prices))])) as Record<CurveBaseline | 'router', ReturnType<typeof routingCurve>>;
    const metrics = Object.fromEntries(Object.entries(curves).map(([name, curve]) => [name, foldMetrics(curve)])) as Record<CurveBaseline | 'router', FoldMetrics>;
    if (!(curves.router.qualityStrong > curves.router.qualityWeak)) notes.push(`fold ${fold + 1}: the strong model is not better on this fold's prompts, so its PGR is undefined and it is left out of the means`);
    for (const name of Object.keys(perFold) as Array<CurveBaseline | 'router'>) perFold[name].push(metrics[name]);
    folds.push({
      fold: fold + 1,
      prompts: test.length,
      trainPrompts: rows.length - test.length,
      qualityWeak: curves.router.qualityWeak,
      qualityStrong: curves.router.qualityStrong,
      router: withoutCurve(metrics.router),
      baselines: { random: withoutCurve(metrics.random), length: withoutCurve(metrics.length), oracle: withoutCurve(metrics.oracle) },
    });
  }
  const fixed = (share: 0 | 1): FixedPoint => {
    const cost = costPerRequest(overall, share);
    const strongCost = costPerRequest(overall, 1);
    return {
      frontierShare: share,
      quality: share === 0 ? overall.qualityWeak : overall.qualityStrong,
      pgr: share,
      costPerRequest: cost,
      costSavings: cost === null || strongCost === null || strongCost <= 0 ? null : 1 - cost / strongCost,
    };
  };
  if (costPerRequest(overall, 1) === null) {
    const noLengths = rows.some((row) => [row.weak, row.strong].some((call) => call.costUsd === undefined && call.outputTokens === undefined));
    notes.push(
      noLengths
        ? 'costs unknown: the data has no output lengths (single-score: give --answers with the FastChat model_answer/ folder)'
        : 'costs unknown: give --weak-price and --strong-price (USD per million input,output tokens) or use results with costUsd',
    );
  }
  else if (rows.some((row) => row.weak.estimated || row.strong.estimated)) notes.push(`token counts estimated from characters (${CHARS_PER_TOKEN} characters per token)`);
  return {
    pair: { weak: dataset.weak, strong: dataset.strong, judge: dataset.judge, prompts: rows.length, unpaired: dataset.unpaired, missingJudgements: dataset.missing },
    settings: { folds: options.folds, seed: options.seed, model: options.model, peerMethod, peerModels: peerMethod === 'none' ? 0 : dataset.peers.size, features: options.features },
    quality: { weak: overall.qualityWeak, strong: overall.qualityStrong },
    prices: { weak: options.prices?.weak ?? null, strong: options.prices?.strong ?? null },
    router: { ...summarizeFolds(perFold.router), model: options.model },
    baselines: {
      random: summarizeFolds(perFold.random),
      length: summarizeFolds(perFold.length),
      oracle: summarizeFolds(perFold.oracle),
      alwaysWeak: fixed(0),
      alwaysStrong: fixed(1),
    },
    folds,
    notes,
  };
}
