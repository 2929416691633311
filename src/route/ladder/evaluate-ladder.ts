/**
 * `parity route eval --models a,b,c`: k-fold cross-validation of a ladder router (one predicted quality per
 * model, the cheapest model whose prediction clears τ; ladder-curve.ts) with the same folds as a pair's
 * evaluation, against random, each model always, the best fixed mix and the oracle on the same folds.
 */
import { ValidationError } from '../../errors.js';
import { callCost, type ModelPrice } from '../cost.js';
import { CHARS_PER_TOKEN } from '../data/pair-dataset.js';
import type { LadderDataset, LadderRow } from '../data/ladder-dataset.js';
import type { FeatureConfig } from '../features/feature-config.js';
import { meanInterval } from '../metrics/interval.js';
import { CURVE_GRID } from '../metrics/summarize.js';
import type { RouterModelKind, RouterModelOptions } from '../models/index.js';
import { ladderOutOfFold, resolveLadderPeerMethod, type LadderPeerMethod } from './fit-ladder.js';
import { axisOf, fixedMixPoints, ladderCurve, ladderPgr, oraclePoints, pathArea, pathPoints, pgrAtX, xAtPgr, type LadderAxis, type LadderCurve, type LadderItem, type PathPoint } from './ladder-curve.js';

export interface LadderEvalOptions {
  folds: number;
  seed: number;
  model: RouterModelKind;
  features: FeatureConfig;
  /** Price of each model, in ladder order (undefined: its calls' measured costs, or unknown). */
  prices?: ReadonlyArray<ModelPrice | undefined>;
  peerMethod?: string | undefined;
  hyperParameters?: RouterModelOptions;
  onFold?: (fold: number, folds: number) => void;
}

export interface LadderCurvePoint {
  /** On the report's axis: the share of the extra cost of always using the last model (or the mean ladder step). */
  x: number;
  pgr: number;
}

export type LadderMethodSummary = {
  apgr: number;
  apgrInterval: [number, number];
  /** Mean over folds of the smallest x reaching PGR 0.5 / 0.8 (folds where it is undefined left out). */
  xAtPgr50: number;
  xAtPgr80: number;
  /** Mean over folds of the curve sampled on CURVE_GRID. */
  curve: LadderCurvePoint[];
};

export type LadderModelPoint = {
  model: string;
  quality: number;
  costPerRequest: number | null;
  price: ModelPrice | null;
  x: number;
  pgr: number;
};

export type LadderFoldReport = {
  fold: number;
  prompts: number;
  router: { apgr: number; xAtPgr50: number; xAtPgr80: number };
  fixedMix: { apgr: number };
  oracle: { apgr: number };
};

export type LadderEvalReport = {
  kind: 'ladder';
  ladder: { models: string[]; judge: string; prompts: number; incomplete: number; missingJudgements: number };
  settings: { folds: number; seed: number; model: RouterModelKind; peerMethod: LadderPeerMethod; peerModels: number; features: FeatureConfig; axis: LadderAxis };
  /** Each model always, over all prompts. */
  models: LadderModelPoint[];
  router: LadderMethodSummary & { model: RouterModelKind };
  baselines: { random: LadderMethodSummary; fixedMix: LadderMethodSummary; oracle: LadderMethodSummary };
  /** The router's operating points over all prompts' out-of-fold predictions: share of requests per model at x. */
  frontier: Array<{ x: number; pgr: number; quality: number; costPerRequest: number | null; shares: number[] }>;
  folds: LadderFoldReport[];
  notes: string[];
};

export function ladderItems(rows: readonly LadderRow[], predictions: readonly ArrayLike<number>[] | undefined, prices: LadderEvalOptions['prices']): LadderItem[] {
  return rows.map((row, index) => ({
    predicted: predictions?.[index] ?? row.quality,
    quality: row.quality,
    cost: row.calls.map((call, rung) => callCost(call, prices?.[rung])),
  }));
}

function summarize(perFold: ReadonlyArray<readonly PathPoint[]>): LadderMethodSummary {
  const apgr = meanInterval(perFold.map(pathArea));
  return {
    apgr: apgr.mean,
    apgrInterval: [apgr.low, apgr.high],
    xAtPgr50: meanInterval(perFold.map((points) => xAtPgr(points, 0.5))).mean,
    xAtPgr80: meanInterval(perFold.map((points) => xAtPgr(points, 0.8))).mean,
    curve: CURVE_GRID.map((x) => ({ x, pgr: meanInterval(perFold.map((points) => pgrAtX(points, x))).mean })),
  };
}

/** The router's operating point at x (interpolated along the first segment of the path that crosses x). */
function frontierAt(curve: LadderCurve, x: number): LadderEvalReport['frontier'][number] | undefined {
  const vertices = curve.vertices;
  for (let index = 1; index < vertices.length; index++) {
    const left = vertices[index - 1];
    const right = vertices[index];
    if (!left || !right) continue;
    const a = axisOf(curve, left);
    const b = axisOf(curve, right);
    if (x < Math.min(a, b) || x > Math.max(a, b)) continue;
    const t = b === a ? 1 : (x - a) / (b - a);
    const mix = (u: number, v: number): number => u + (v - u) * t;
    const quality = mix(left.quality, right.quality);
    return {
      x,
      pgr: ladderPgr(curve, quality),
      quality,
      costPerRequest: left.cost === null || right.cost === null ? null : mix(left.cost, right.cost),
      shares: left.shares.map((share, rung) => mix(share, right.shares[rung] ?? 0)),
    };
  }
  return undefined;
}

export function evaluateLadder(dataset: LadderDataset, options: LadderEvalOptions): LadderEvalReport {
  const rows = dataset.rows;
  const k = dataset.models.length;
  const overall = ladderCurve(ladderItems(rows, undefined, options.prices), k);
  const first = overall.always[0];
  const last = overall.always[k - 1];
  if (!first || !last || !(last.quality > first.quality)) {
    throw new ValidationError(
      `the last model, ${dataset.models[k - 1]}, is not better than the first, ${dataset.models[0]}, on these prompts (mean quality ${last?.quality.toFixed(3)} vs ${first?.quality.toFixed(3)}); list --models cheapest first`,
      'models',
    );
  }
  const peerMethod = resolveLadderPeerMethod(options.model, options.peerMethod);
  const outOfFold = ladderOutOfFold(
    rows,
    { folds: options.folds, seed: options.seed, model: options.model, features: options.features, peerMethod, peers: dataset.peers, hyperParameters: options.hyperParameters },
    (fold) => options.onFold?.(fold, options.folds),
  );
  const items = ladderItems(rows, outOfFold.predictions, options.prices);
  const perFold = { router: [] as PathPoint[][], random: [] as PathPoint[][], fixedMix: [] as PathPoint[][], oracle: [] as PathPoint[][] };
  const folds: LadderFoldReport[] = [];
  const notes: string[] = [];
  for (let fold = 0; fold < options.folds; fold++) {
    const test = items.filter((_, index) => outOfFold.fold[index] === fold);
    const curve = ladderCurve(test, k);
    const router = pathPoints(curve);
    const fixedMix = fixedMixPoints(curve);
    const oracle = oraclePoints(curve, test);
    if (Number.isNaN(ladderPgr(curve, curve.always[k - 1]?.quality ?? Number.NaN))) notes.push(`fold ${fold + 1}: the last model is not better than the first on this fold's prompts, so its PGR is undefined and it is left out of the means`);
    else if (curve.axis === 'cost' && Number.isNaN(axisOf(curve, curve.always[k - 1] as NonNullable<(typeof curve.always)[number]>))) notes.push(`fold ${fold + 1}: the last model does not cost more than the first on this fold's prompts; the fold is left out of the means`);
    perFold.router.push(router);
    perFold.random.push([{ x: 0, pgr: 0 }, { x: 1, pgr: 1 }]);
    perFold.fixedMix.push(fixedMix);
    perFold.oracle.push(oracle);
    folds.push({
      fold: fold + 1,
      prompts: test.length,
      router: { apgr: pathArea(router), xAtPgr50: xAtPgr(router, 0.5), xAtPgr80: xAtPgr(router, 0.8) },
      fixedMix: { apgr: pathArea(fixedMix) },
      oracle: { apgr: pathArea(oracle) },
    });
  }
  const routed = ladderCurve(items, k);
  if (overall.axis === 'step') {
    const noLengths = rows.some((row) => row.calls.some((call) => call.costUsd === undefined && call.outputTokens === undefined));
    notes.push(
      `costs unknown, so the frontier is over the mean ladder step (0 = every request to ${dataset.models[0]}, 1 = every request to ${dataset.models[k - 1]}) instead of cost: ` +
        (noLengths ? 'the data has no output lengths (single-score: give --answers with the FastChat model_answer/ folder)' : 'give --price MODEL=IN,OUT for every model, or use results with costUsd'),
    );
  } else if (rows.some((row) => row.calls.some((call) => call.estimated))) notes.push(`token counts estimated from characters (${CHARS_PER_TOKEN} characters per token)`);
  if (overall.axis === 'cost' && overall.always.some((vertex, rung) => rung > 0 && (vertex.cost ?? 0) < (overall.always[rung - 1]?.cost ?? 0))) {
    notes.push(`the models are not in order of cost (${overall.always.map((vertex, rung) => `${dataset.models[rung]} ${vertex.cost?.toPrecision(3)}`).join(', ')} USD/request): the router tries them in the order given`);
  }
  return {
    kind: 'ladder',
    ladder: { models: dataset.models, judge: dataset.judge, prompts: rows.length, incomplete: dataset.incomplete, missingJudgements: dataset.missing },
    settings: { folds: options.folds, seed: options.seed, model: options.model, peerMethod, peerModels: peerMethod === 'none' ? 0 : dataset.peers.size, features: options.features, axis: overall.axis },
    models: overall.always.map((vertex, rung) => ({
      model: dataset.models[rung] ?? '',
      quality: vertex.quality,
      costPerRequest: vertex.cost,
      price: options.prices?.[rung] ?? null,
      x: axisOf(overall, vertex),
      pgr: ladderPgr(overall, vertex.quality),
    })),
    router: { ...summarize(perFold.router), model: options.model },
    baselines: { random: summarize(perFold.random), fixedMix: summarize(perFold.fixedMix), oracle: summarize(perFold.oracle) },
    frontier: CURVE_GRID.filter((_, index) => index % 2 === 0)
      .map((x) => frontierAt(routed, x))
      .filter((point) => point !== undefined),
    folds,
    notes,
  };
}
