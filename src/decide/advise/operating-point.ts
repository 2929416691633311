/**
 * The routing operating point the memo recommends, read off a route evaluation: CPT(50%) or CPT(80%) (the
 * smallest frontier share that recovers that share of the quality gap, mean over folds, with its savings as
 * the evaluation measured them), or a fixed frontier share read off the router's mean curve by linear
 * interpolation between its grid points.
 */
import { ValidationError } from '../../errors.js';
import type { RouteReportEvidence } from './evidence.js';

export const OPERATING_POINT_KINDS = ['cpt50', 'cpt80'] as const;
export type OperatingPointChoice = (typeof OPERATING_POINT_KINDS)[number] | number;

export interface OperatingPoint {
  kind: 'cpt50' | 'cpt80' | 'share';
  /** e.g. "CPT(80%)" or "frontier share 30%". */
  label: string;
  frontierShare: number;
  /** 95% t interval of the mean over folds (CPT points only), clipped to 0–1. */
  frontierShareInterval: [number, number] | null;
  /** Share of the weak→strong quality gap recovered: the CPT target, or read off the curve. */
  pgr: number | null;
  /** Mean judged quality of the routed answers at this share (the route evaluation's scale). */
  quality: number | null;
  /** Share of the always-frontier cost saved, as the route evaluation measured it; null when costs were unknown. */
  costSavings: number | null;
  /** Which fields of the route evaluation the figures are. */
  basis: string;
}

/** Parses `cpt50`, `cpt80` or a share in [0, 1] (as given on the command line). */
export function parseOperatingPoint(value: string): OperatingPointChoice {
  const lower = value.trim().toLowerCase();
  if (lower === 'cpt50' || lower === 'cpt80') return lower;
  const share = Number(lower.endsWith('%') ? Number(lower.slice(0, -1)) / 100 : lower);
  if (!Number.isFinite(share) || share < 0 || share > 1 || lower === '') {
    throw new ValidationError(`--operating-point "${value}": expected cpt50, cpt80 or a frontier share from 0 to 1 (e.g. 0.3 or 30%)`, '--operating-point');
  }
  return share;
}

function interpolate(curve: RouteReportEvidence['router']['curve'], share: number, pick: (point: RouteReportEvidence['router']['curve'][number]) => number | null): number | null {
  const points = [...curve].sort((left, right) => left.frontierShare - right.frontierShare);
  for (let index = 1; index < points.length; index++) {
    const left = points[index - 1];
    const right = points[index];
    if (left === undefined || right === undefined || share > right.frontierShare) continue;
    const low = pick(left);
    const high = pick(right);
    if (low === null || high === null) return null;
    const span = right.frontierShare - left.frontierShare;
    const t = span > 0 ? (share - left.frontierShare) / span : 0;
    return low + (high - low) * t;
  }
  const last = points[points.length - 1];
  return last !== undefined && share === last.frontierShare ? pick(last) : null;
}

export function operatingPoint(report: RouteReportEvidence, choice: OperatingPointChoice): OperatingPoint {
  const router = report.router;
  if (typeof choice === 'number') {
    return {
      kind: 'share',
      label: `frontier share ${(choice * 100).toFixed(1)}%`,
      frontierShare: choice,
      frontierShareInterval: null,
      pgr: interpolate(router.curve, choice, (point) => point.pgr),
      quality: interpolate(router.curve, choice, (point) => point.quality),
      costSavings: interpolate(router.curve, choice, (point) => point.costSavings),
      basis: 'router.curve (mean over folds), linear between grid points',
    };
  }
  const target = choice === 'cpt50' ? 0.5 : 0.8;
  const share = choice === 'cpt50' ? router.cpt50 : router.cpt80;
  const interval = choice === 'cpt50' ? router.cpt50Interval : router.cpt80Interval;
  if (share === null) {
    throw new ValidationError(
      `the route evaluation has no ${choice.toUpperCase()} (the router does not recover ${target * 100}% of the quality gap on every fold); choose another --operating-point`,
      '--operating-point',
    );
  }
  return {
    kind: choice,
    label: `CPT(${target * 100}%)`,
    frontierShare: share,
    frontierShareInterval: interval[0] === null || interval[1] === null ? null : [Math.max(0, interval[0]), Math.min(1, interval[1])],
    pgr: target,
    quality: interpolate(router.curve, share, (point) => point.quality),
    costSavings: choice === 'cpt50' ? router.savingsAtCpt50 : router.savingsAtCpt80,
    basis: `router.${choice} and router.savingsAt${choice === 'cpt50' ? 'Cpt50' : 'Cpt80'} (mean over folds); quality from router.curve`,
  };
}
