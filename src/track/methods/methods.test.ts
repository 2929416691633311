import { describe, expect, it } from 'vitest';
import { runningMaxFrontier, type FrontierPoint } from '../frontier.js';
import { areaLag } from './area.js';
import { dailyLags } from './daily.js';
import { levelGrid, thresholdLags } from './threshold.js';

const point = (day: number, score: number, ref: string): FrontierPoint<string> => ({ day, score, ref });

// Hand-drawn frontiers. Closed: 0.5 on day 0, 0.7 on day 100, 0.9 on day 200.
// Open: 0.4 on day 50, 0.6 on day 150, 0.8 on day 300.
const closed = [point(0, 0.5, 'c1'), point(100, 0.7, 'c2'), point(200, 0.9, 'c3')];
const open = [point(50, 0.4, 'o1'), point(150, 0.6, 'o2'), point(300, 0.8, 'o3')];

describe('runningMaxFrontier', () => {
  it('keeps rows that raise the maximum and lets a same-day row replace the previous point', () => {
    const frontier = runningMaxFrontier([
      point(10, 0.5, 'a'),
      point(5, 0.4, 'b'),
      point(10, 0.6, 'c'),
      point(20, 0.55, 'd'),
      point(30, 0.7, 'e'),
      point(40, 0.7, 'f'), // equal, does not raise
    ]);
    expect(frontier.map((p) => p.ref)).toEqual(['b', 'c', 'e']);
  });
});

describe('thresholdLags', () => {
  it('subtracts the first closed date from the first open date per level', () => {
    const levels = [0.5, 0.6, 0.7, 0.8, 0.9].map((value) => ({ label: value, value }));
    const result = thresholdLags(open, closed, levels);
    expect(result.crossings.map((c) => [c.level, c.lagDays, c.open.ref, c.closed.ref])).toEqual([
      [0.5, 150, 'o2', 'c1'],
      [0.6, 50, 'o2', 'c2'],
      [0.7, 200, 'o3', 'c2'],
      [0.8, 100, 'o3', 'c3'],
    ]);
    expect(result.openNotYet).toEqual([0.9]);
    expect(result.closedNotYet).toEqual([]);
  });

  it('builds a grid of round levels inside a range', () => {
    expect(levelGrid(0.41, 0.5, 0.02)).toEqual([0.42, 0.44, 0.46, 0.48, 0.5]);
    expect(levelGrid(1201, 1229, 10)).toEqual([1210, 1220]);
    expect(levelGrid(0.5, 0.4, 0.1)).toEqual([]);
  });
});

describe('areaLag', () => {
  it('averages the horizontal distance over the common score range', () => {
    // Common range [0.5, 0.8]: (0.5,0.6] 150−100, (0.6,0.7] 300−100, (0.7,0.8] 300−200 → 35 / 0.3.
    const result = areaLag(open, closed);
    expect(result?.low).toBe(0.5);
    expect(result?.high).toBe(0.8);
    expect(result?.lagDays).toBeCloseTo(35 / 0.3, 9);
  });

  it('is negative when the open frontier leads and null without overlap', () => {
    const ahead = areaLag([point(0, 0.2, 'o'), point(10, 0.6, 'o')], [point(5, 0.2, 'c'), point(40, 0.6, 'c')]);
    expect(ahead?.lagDays).toBeCloseTo(-30, 9);
    expect(areaLag([point(0, 0.2, 'o')], [point(0, 0.5, 'c')])).toBeNull();
  });
});

describe('dailyLags', () => {
  it('measures how long ago the closed frontier stood where the open frontier stands', () => {
    const byDay = new Map(dailyLags(open, closed, 40, 300).map((lag) => [lag.day, lag.lagDays]));
    expect(byDay.has(40)).toBe(false); // no open model yet
    expect(byDay.get(60)).toBe(60); // open 0.4; closed had 0.5 since day 0
    expect(byDay.get(160)).toBe(60); // open 0.6; closed reached 0.7 on day 100
    expect(byDay.get(250)).toBe(150);
    expect(byDay.get(300)).toBe(100); // open 0.8; closed reached 0.9 on day 200
  });

  it('flags a lag as a lower bound when the level predates the closed group’s first result', () => {
    const censored = new Map(dailyLags(open, closed, 40, 300).map((lag) => [lag.day, lag.censored]));
    expect(censored.get(60)).toBe(true); // open 0.4: closed was at 0.5 on day 0, its first result; earlier is unknown
    expect(censored.get(160)).toBe(false); // open 0.6: closed crossed it between day 0 (0.5) and day 100 (0.7)
  });

  it('is negative while the open frontier is ahead', () => {
    const lags = dailyLags([point(0, 0.9, 'o')], [point(10, 0.5, 'c')], 0, 12);
    // open's only point is its first: how long it had been ahead before day 0 is unknown
    expect(lags).toEqual([
      { day: 10, lagDays: -10, censored: true },
      { day: 11, lagDays: -11, censored: true },
      { day: 12, lagDays: -12, censored: true },
    ]);
  });
});
