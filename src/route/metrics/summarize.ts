/** Per-fold routing metrics and their mean over folds. */
import { meanInterval } from './interval.js';
import { apgr, cpt, costAt, pgrAt, qualityAt, savingsAt, type RoutingCurve } from './routing-curve.js';

/** Frontier shares at which curves are sampled for averaging, tables and charts. */
export const CURVE_GRID: readonly number[] = Array.from({ length: 21 }, (_, index) => index / 20);

export interface CurvePoint {
  frontierShare: number;
  quality: number;
  pgr: number;
  /** Share of the always-strong cost saved, or null when costs are unknown. */
  costSavings: number | null;
}

export interface FoldMetrics {
  apgr: number;
  cpt50: number;
  cpt80: number;
  savingsAtCpt50: number | null;
  savingsAtCpt80: number | null;
  curve: CurvePoint[];
}

export function foldMetrics(curve: RoutingCurve): FoldMetrics {
  const cpt50 = cpt(curve, 0.5);
  const cpt80 = cpt(curve, 0.8);
  return {
    apgr: apgr(curve),
    cpt50,
    cpt80,
    savingsAtCpt50: Number.isNaN(cpt50) ? null : savingsAt(curve, cpt50),
    savingsAtCpt80: Number.isNaN(cpt80) ? null : savingsAt(curve, cpt80),
    curve: CURVE_GRID.map((share) => ({ frontierShare: share, quality: qualityAt(curve, share), pgr: pgrAt(curve, share), costSavings: savingsAt(curve, share) })),
  };
}

export interface MethodSummary {
  apgr: number;
  apgrInterval: [number, number];
  cpt50: number;
  cpt50Interval: [number, number];
  cpt80: number;
  cpt80Interval: [number, number];
  /** Mean share of the always-strong cost saved at each fold's CPT(50%) / CPT(80%) point. */
  savingsAtCpt50: number | null;
  savingsAtCpt80: number | null;
  /** Mean over folds of the curve sampled on CURVE_GRID. */
  curve: CurvePoint[];
}

function meanOrNull(values: Array<number | null>): number | null {
  if (values.length === 0 || values.some((value) => value === null)) return null;
  return (values as number[]).reduce((sum, value) => sum + value, 0) / values.length;
}

export function summarizeFolds(folds: readonly FoldMetrics[]): MethodSummary {
  const pick = (name: 'apgr' | 'cpt50' | 'cpt80'): { mean: number; interval: [number, number] } => {
    const result = meanInterval(folds.map((fold) => fold[name]));
    return { mean: result.mean, interval: [result.low, result.high] };
  };
  const apgrSummary = pick('apgr');
  const cpt50Summary = pick('cpt50');
  const cpt80Summary = pick('cpt80');
  return {
    apgr: apgrSummary.mean,
    apgrInterval: apgrSummary.interval,
    cpt50: cpt50Summary.mean,
    cpt50Interval: cpt50Summary.interval,
    cpt80: cpt80Summary.mean,
    cpt80Interval: cpt80Summary.interval,
    // over the folds whose CPT is defined, as the CPT means are; null when a call's cost is unknown
    savingsAtCpt50: meanOrNull(folds.filter((fold) => !Number.isNaN(fold.cpt50)).map((fold) => fold.savingsAtCpt50)),
    savingsAtCpt80: meanOrNull(folds.filter((fold) => !Number.isNaN(fold.cpt80)).map((fold) => fold.savingsAtCpt80)),
    curve: CURVE_GRID.map((share, index) => ({
      frontierShare: share,
      quality: meanInterval(folds.map((fold) => fold.curve[index]?.quality ?? Number.NaN)).mean,
      pgr: meanInterval(folds.map((fold) => fold.curve[index]?.pgr ?? Number.NaN)).mean,
      costSavings: meanOrNull(folds.map((fold) => fold.curve[index]?.costSavings ?? null)),
    })),
  };
}

/** Cost per request of a routed set at a share, or null when unknown. */
export function costPerRequest(curve: RoutingCurve, share: number): number | null {
  const total = costAt(curve, share);
  return total === null || curve.items === 0 ? null : total / curve.items;
}
