/**
 * `parity route eval --cascade a,b[,c] --verifier …`: an eval run (or judgement file) replayed as a cascade
 * (replay-cascade.ts) whose verifier is a stand-in with assumed error rates (stand-in.ts), against
 *   - each model of the chain always;
 *   - the learned router between the first and the last model, cross-validated on the same folds as
 *     `route eval` (out-of-fold scores, so each prompt is routed by a router that never saw it);
 *   - the router-gated cascade: the share s of requests the router scores lowest go straight to the last model,
 *     the rest through the cascade (s = 0: the cascade, s = 1: always the last model).
 * For a target pass rate (default: the last model's), the operating point of each strategy that reaches it, and
 * the cheapest of them.
 */
import type { ModelPrice } from '../../cost.js';
import type { LadderDataset } from '../../data/ladder-dataset.js';
import type { PairRow } from '../../data/pair-dataset.js';
import type { FeatureConfig } from '../../features/feature-config.js';
import { ladderItems } from '../../ladder/evaluate-ladder.js';
import { promptKey } from '../../cross-validation.js';
import { costAt, qualityAt, routingCurve, shareAtQuality, type RoutedItem, type RoutingCurve } from '../../metrics/routing-curve.js';
import type { RouterModelKind } from '../../models/index.js';
import { outOfFoldScores } from '../../out-of-fold.js';
import { CURVE_GRID } from '../../metrics/summarize.js';
import { resolvePeerMethod, type PeerMethod } from '../../peer-methods.js';
import { replayCase, summarizeCascade, type CascadeSummary, type CaseOutcome } from './replay-cascade.js';
import { describeStandIn, passTruth, type VerifierStandIn } from './stand-in.js';

/** Fewer distinct prompts per fold than this and no router is cross-validated for the comparison. */
export const MIN_PROMPTS_PER_FOLD = 4;

export const CASCADE_STRATEGIES = ['cascade', 'router', 'gated-cascade', 'always-last'] as const;
export type CascadeStrategy = (typeof CASCADE_STRATEGIES)[number];

export interface CascadeEvalOptions {
  standIn: VerifierStandIn;
  /** Where the data came from, as the report names it (an eval run, a file). */
  source: string;
  /** The pass rate to reach (default: the last model's). */
  targetPassRate?: number | undefined;
  folds: number;
  seed: number;
  model: RouterModelKind;
  features: FeatureConfig;
  peerMethod?: PeerMethod | undefined;
  /** Price of each model of the chain (undefined: its calls' measured costs, or unknown). */
  prices?: ReadonlyArray<ModelPrice | undefined>;
  onFold?: (fold: number, folds: number) => void;
}

export type OperatingPoint = {
  strategy: CascadeStrategy;
  /** Whether the strategy reaches the target pass rate at all. */
  reached: boolean;
  /** Share of requests sent straight to the last model (router, gated cascade); null for the others. */
  straightToLast: number | null;
  passRate: number;
  costPerRequest: number | null;
  /** 1 − cost / the last model's cost; null without costs. */
  savings: number | null;
};

export type CascadeEvalReport = {
  kind: 'cascade';
  cascade: { models: string[]; judge: string; prompts: number; incomplete: number; missingJudgements: number; source: string };
  verifier: VerifierStandIn & { description: string };
  /** Each model of the chain always. */
  models: Array<{ model: string; passRate: number; costPerRequest: number | null; price: ModelPrice | null }>;
  result: CascadeSummary & { savings: number | null };
  router: {
    /** False when there were too few prompts to cross-validate a router. */
    available: boolean;
    weak: string;
    strong: string;
    model: RouterModelKind;
    peerMethod: PeerMethod;
    folds: number;
    seed: number;
    /** The router at the cascade's pass rate (null when it never reaches it). */
    atCascadePassRate: OperatingPoint | null;
  };
  target: { passRate: number; source: 'flag' | 'last model'; points: OperatingPoint[]; cheapest: CascadeStrategy | null };
  /** The router's and the router-gated cascade's pass rate and cost by the share sent straight to the last model. */
  curves: StrategyComparison['curves'];
  notes: string[];
};

function savingsOf(cost: number | null, lastCost: number | null): number | null {
  return cost === null || lastCost === null || lastCost <= 0 ? null : 1 - cost / lastCost;
}

/** A strategy's point on its curve at the smallest share reaching `passRate`, or its best point when it never does. */
function pointAt(strategy: CascadeStrategy, curve: RoutingCurve, passRate: number, lastCost: number | null): OperatingPoint {
  const share = shareAtQuality(curve, passRate);
  const reached = !Number.isNaN(share);
  const at = reached ? share : curve.vertices.reduce((best, vertex) => (vertex.quality > best.quality ? vertex : best), curve.vertices[0] ?? { share: 0, quality: 0, cost: null }).share;
  const total = costAt(curve, at);
  const cost = total === null ? null : total / Math.max(1, curve.items);
  const quality = qualityAt(curve, at);
  return { strategy, reached, straightToLast: at, passRate: quality, costPerRequest: cost, savings: savingsOf(cost, lastCost) };
}

export interface StrategyInputs {
  /** Probability that each model's answer passes, per request and model (chain order). */
  truth: ReadonlyArray<ArrayLike<number>>;
  costs: ReadonlyArray<ReadonlyArray<number | undefined>>;
  /** The cascade's replayed outcome per request. */
  outcomes: readonly CaseOutcome[];
  /**
   * The router's out-of-fold score per request: P(the first model is good enough); low goes to the last first.
   * Undefined when no router could be cross-validated (too few prompts): the router's strategies are left out.
   */
  scores: ArrayLike<number> | undefined;
}

/** A strategy's curve sampled at shares sent straight to the last model. */
export type StrategyCurvePoint = { straightToLast: number; passRate: number; costPerRequest: number | null };

export interface StrategyComparison {
  targetPassRate: number;
  /** The router's and the router-gated cascade's curves (null without a router). */
  curves: { router: StrategyCurvePoint[]; gated: StrategyCurvePoint[] } | null;
  points: OperatingPoint[];
  cheapest: CascadeStrategy | null;
  routerAtCascade: OperatingPoint | null;
  notes: string[];
}

/**
 * The cascade, the router, the router-gated cascade and always-last at a target pass rate; each strategy at the
 * smallest share (of requests sent straight to the last model) that reaches it.
 */
export function compareStrategies(inputs: StrategyInputs, targetPassRate: number): StrategyComparison {
  const { truth, costs, outcomes, scores } = inputs;
  const n = Math.max(1, truth.length);
  const last = (truth[0]?.length ?? 1) - 1;
  const summary = summarizeCascade(outcomes);
  const lastPass = truth.reduce((sum, good) => sum + (good[last] ?? 0), 0) / n;
  const lastCost = costs.every((cost) => cost[last] !== undefined) ? costs.reduce((sum, cost) => sum + (cost[last] ?? 0), 0) / n : null;
  const notes: string[] = [];
  const routed = (weakPass: (index: number) => number, weakCost: (index: number) => number | undefined): RoutingCurve =>
    routingCurve(
      truth.map((_, index): RoutedItem => ({
        score: scores?.[index] ?? 0,
        qWeak: weakPass(index),
        qStrong: truth[index]?.[last] ?? 0,
        costWeak: weakCost(index),
        costStrong: costs[index]?.[last],
      })),
    );
  const router = routed(
    (index) => truth[index]?.[0] ?? 0,
    (index) => costs[index]?.[0],
  );
  const gated = routed(
    (index) => outcomes[index]?.pass ?? 0,
    (index) => outcomes[index]?.cost,
  );

  const cascadePoint: OperatingPoint = {
    strategy: 'cascade',
    reached: summary.passRate >= targetPassRate - 1e-9,
    straightToLast: null,
    passRate: summary.passRate,
    costPerRequest: summary.costPerRequest,
    savings: savingsOf(summary.costPerRequest, lastCost),
  };
  const lastPoint: OperatingPoint = {
    strategy: 'always-last',
    reached: lastPass >= targetPassRate - 1e-9,
    straightToLast: null,
    passRate: lastPass,
    costPerRequest: lastCost,
    savings: lastCost === null ? null : 0,
  };
  const points = scores === undefined ? [cascadePoint, lastPoint] : [cascadePoint, pointAt('router', router, targetPassRate, lastCost), pointAt('gated-cascade', gated, targetPassRate, lastCost), lastPoint];
  const reached = points.filter((point) => point.reached);
  let cheapest: CascadeStrategy | null = null;
  if (reached.length > 0 && reached.every((point) => point.costPerRequest !== null)) {
    cheapest = reached.reduce((best, point) => ((point.costPerRequest as number) < (best.costPerRequest as number) - 1e-15 ? point : best)).strategy;
  } else if (reached.length > 0) notes.push('costs unknown, so the cheapest strategy cannot be named: give --price MODEL=IN,OUT for every model, or use an eval run with measured costs');
  else notes.push(`no strategy reaches the target pass rate ${targetPassRate.toFixed(3)}`);
  const routerAtCascade = pointAt('router', router, summary.passRate, lastCost);

  const sample = (curve: RoutingCurve): StrategyCurvePoint[] =>
    CURVE_GRID.map((share) => {
      const total = costAt(curve, share);
      return { straightToLast: share, passRate: qualityAt(curve, share), costPerRequest: total === null ? null : total / n };
    });
  return {
    targetPassRate,
    curves: scores === undefined ? null : { router: sample(router), gated: sample(gated) },
    points,
    cheapest,
    routerAtCascade: scores !== undefined && routerAtCascade.reached ? routerAtCascade : null,
    notes,
  };
}

export function evaluateCascade(dataset: LadderDataset, options: CascadeEvalOptions): CascadeEvalReport {
  const rows = dataset.rows;
  const k = dataset.models.length;
  const notes: string[] = [];
  const truth = passTruth(dataset, options.standIn);
  const costs = ladderItems(rows, undefined, options.prices).map((item) => item.cost);
  const outcomes = rows.map((_, index) => replayCase({ good: truth[index] as number[], cost: costs[index] as Array<number | undefined> }, options.standIn));
  const summary = summarizeCascade(outcomes);
  const n = Math.max(1, rows.length);
  const always = dataset.models.map((model, rung) => {
    const known = costs.every((cost) => cost[rung] !== undefined);
    return {
      model,
      passRate: truth.reduce((sum, good) => sum + (good[rung] ?? 0), 0) / n,
      costPerRequest: known ? costs.reduce((sum, cost) => sum + (cost[rung] ?? 0), 0) / n : null,
      price: options.prices?.[rung] ?? null,
    };
  });
  const lastCost = always[k - 1]?.costPerRequest ?? null;
  // the learned router between the first and the last model, out of fold
  const pairRows: PairRow[] = rows.map((row) => ({
    promptId: row.promptId,
    text: row.text,
    qWeak: row.quality[0] ?? 0,
    qStrong: row.quality[k - 1] ?? 0,
    weak: row.calls[0] as PairRow['weak'],
    strong: row.calls[k - 1] as PairRow['strong'],
  }));
  const peerMethod = resolvePeerMethod({ model: options.model, peerMethod: options.peerMethod });
  const distinct = new Set(rows.map((row) => promptKey(row.text))).size;
  let scores: Float64Array | undefined;
  if (distinct >= MIN_PROMPTS_PER_FOLD * options.folds) {
    scores = outOfFoldScores(pairRows, { folds: options.folds, seed: options.seed, model: options.model, features: options.features, peerMethod, peers: dataset.peers }, (fold) => options.onFold?.(fold, options.folds)).scores;
  } else {
    notes.push(`${distinct} distinct prompts are too few to cross-validate a router over ${options.folds} folds (at least ${MIN_PROMPTS_PER_FOLD * options.folds}), so the router and the router-gated cascade are left out`);
  }
  const compared = compareStrategies({ truth, costs, outcomes, scores }, options.targetPassRate ?? always[k - 1]?.passRate ?? 1);
  notes.push(...compared.notes);
  if (summary.costPerRequest === null) notes.push('costs unknown: give --price MODEL=IN,OUT for every model of the cascade, or use an eval run with measured costs');
  else if (rows.some((row) => row.calls.some((call) => call.estimated))) notes.push('token counts estimated from characters (4 characters per token)');
  if (options.standIn.falseAccept === 0 && options.standIn.falseReject === 0) {
    notes.push('the verifier is assumed perfect (no false accepts, no false rejects): an upper bound; give --false-accept and --false-reject, measured for your verifier, for a realistic figure');
  }
  if (!((always[k - 1]?.passRate ?? 0) > (always[0]?.passRate ?? 0))) notes.push(`${dataset.models[k - 1]} does not pass more often than ${dataset.models[0]} on these prompts: escalating buys nothing here`);

  return {
    kind: 'cascade',
    cascade: { models: dataset.models, judge: dataset.judge, prompts: rows.length, incomplete: dataset.incomplete, missingJudgements: dataset.missing, source: options.source },
    verifier: { ...options.standIn, description: describeStandIn(options.standIn, options.source, dataset.judge) },
    models: always,
    result: { ...summary, savings: savingsOf(summary.costPerRequest, lastCost) },
    router: {
      available: scores !== undefined,
      weak: dataset.models[0] as string,
      strong: dataset.models[k - 1] as string,
      model: options.model,
      peerMethod,
      folds: options.folds,
      seed: options.seed,
      atCascadePassRate: compared.routerAtCascade,
    },
    target: { passRate: compared.targetPassRate, source: options.targetPassRate === undefined ? 'last model' : 'flag', points: compared.points, cheapest: compared.cheapest },
    curves: compared.curves,
    notes,
  };
}
