/**
 * Threshold lags: for each level on a grid, the date the first open model reaches it minus the date the
 * first closed model did.
 */
import { firstReaching, type FrontierPoint } from '../frontier.js';

export interface Level {
  /** The level as printed (raw units: accuracy share, Elo, index points). */
  label: number;
  /** The level in the space the frontiers are compared in (after any score transform). */
  value: number;
}

export interface ThresholdCrossing<Ref> {
  level: number;
  open: FrontierPoint<Ref>;
  closed: FrontierPoint<Ref>;
  lagDays: number;
}

export interface ThresholdResult<Ref> {
  crossings: Array<ThresholdCrossing<Ref>>;
  /** Levels the closed frontier reached but the open one has not (yet): the lag there is censored. */
  openNotYet: number[];
  /** Levels the open frontier reached but the closed one has not. */
  closedNotYet: number[];
}

export function thresholdLags<Ref>(
  open: ReadonlyArray<FrontierPoint<Ref>>,
  closed: ReadonlyArray<FrontierPoint<Ref>>,
  levels: readonly Level[],
): ThresholdResult<Ref> {
  const result: ThresholdResult<Ref> = { crossings: [], openNotYet: [], closedNotYet: [] };
  for (const level of levels) {
    const openPoint = firstReaching(open, level.value);
    const closedPoint = firstReaching(closed, level.value);
    if (openPoint && closedPoint) {
      result.crossings.push({ level: level.label, open: openPoint, closed: closedPoint, lagDays: openPoint.day - closedPoint.day });
    } else if (closedPoint) result.openNotYet.push(level.label);
    else if (openPoint) result.closedNotYet.push(level.label);
  }
  return result;
}

/**
 * Multiples of `step` from `low` to `high` inclusive (raw units), nudged to avoid floating-point drift:
 * a grid 0.30, 0.32, … prints as such.
 */
export function levelGrid(low: number, high: number, step: number): number[] {
  if (!(step > 0) || !(high >= low)) return [];
  const levels: number[] = [];
  const first = Math.ceil(low / step - 1e-9);
  const last = Math.floor(high / step + 1e-9);
  for (let k = first; k <= last; k++) levels.push(Number((k * step).toPrecision(12)));
  return levels;
}
