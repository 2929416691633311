/**
 * Area lag: the mean horizontal distance (in time) between the open and the closed running-max frontiers,
 * averaged over the score range both frontiers reach.
 *
 * For a frontier, T(L) is the date of its first point scoring at least L. Over [low, high], the common
 * range, the lag is (1 / (high − low)) ∫ (T_open(L) − T_closed(L)) dL. Both T are step functions of L,
 * so the integral is an exact sum over the frontiers' scores.
 */
import { firstReaching, type FrontierPoint } from '../frontier.js';

export interface AreaResult {
  lagDays: number;
  /** The common score range, in the compared space. */
  low: number;
  high: number;
}

export function areaLag<Ref>(
  open: ReadonlyArray<FrontierPoint<Ref>>,
  closed: ReadonlyArray<FrontierPoint<Ref>>,
): AreaResult | null {
  const openFirst = open[0];
  const closedFirst = closed[0];
  const openLast = open[open.length - 1];
  const closedLast = closed[closed.length - 1];
  if (!openFirst || !closedFirst || !openLast || !closedLast) return null;
  const low = Math.max(openFirst.score, closedFirst.score);
  const high = Math.min(openLast.score, closedLast.score);
  if (!(high > low)) return null;
  const breaks = new Set<number>([low, high]);
  for (const point of [...open, ...closed]) if (point.score > low && point.score < high) breaks.add(point.score);
  const sorted = [...breaks].sort((a, b) => a - b);
  let integral = 0;
  for (let i = 1; i < sorted.length; i++) {
    const from = sorted[i - 1] as number;
    const to = sorted[i] as number;
    // On (from, to] no frontier point lies strictly inside, so T is constant and equals T(to).
    const openPoint = firstReaching(open, to) as FrontierPoint<Ref>;
    const closedPoint = firstReaching(closed, to) as FrontierPoint<Ref>;
    integral += (to - from) * (openPoint.day - closedPoint.day);
  }
  return { lagDays: integral / (high - low), low, high };
}
