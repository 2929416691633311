/**
 * Daily lag: for each day of a window, how long ago the closed frontier stood where the open frontier
 * stands that day. When the open frontier is ahead, the lag is negative: minus how long ago the open
 * frontier stood where the closed one stands.
 *
 * A day's lag is only a lower bound when the level was first reached by the other group's *first* frontier
 * point: the data do not say where that group stood before its results begin, so the lag on that day cannot
 * exceed the time since its series began (left-censored). Such days are flagged `censored`.
 */
import { firstReaching, standingOn, type FrontierPoint } from '../frontier.js';

export interface DailyLag {
  day: number;
  lagDays: number;
  /** true when the lag is only a lower bound (the level predates the other group's first result). */
  censored: boolean;
}

export function dailyLags<Ref>(
  open: ReadonlyArray<FrontierPoint<Ref>>,
  closed: ReadonlyArray<FrontierPoint<Ref>>,
  startDay: number,
  endDay: number,
): DailyLag[] {
  const lags: DailyLag[] = [];
  for (let day = startDay; day <= endDay; day++) {
    const openNow = standingOn(open, day);
    const closedNow = standingOn(closed, day);
    if (!openNow || !closedNow) continue;
    if (openNow.score <= closedNow.score) {
      const reached = firstReaching(closed, openNow.score) as FrontierPoint<Ref>;
      lags.push({ day, lagDays: day - reached.day, censored: reached === closed[0] });
    } else {
      const reached = firstReaching(open, closedNow.score) as FrontierPoint<Ref>;
      lags.push({ day, lagDays: -(day - reached.day), censored: reached === open[0] });
    }
  }
  return lags;
}
