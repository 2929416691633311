import { describe, expect, it } from 'vitest';
import { halfYearMidpoint } from './dates.js';
import { lagTrend } from './trend.js';

/** Half-year points of one benchmark, each a full half-year placed at its midpoint. */
const points = (entries: Array<[string, number]>, days = 181) =>
  entries.map(([period, lagMonths]) => ({ period, year: halfYearMidpoint(period), lagMonths, days }));

describe('lagTrend', () => {
  it('projects the zero crossing of a falling lag', () => {
    // 12, 10, 8, 6 months at 2023.25 … 2024.75: −4 months a year, zero at 2026.25 (2026-01-01 + 91 days).
    const trend = lagTrend([points([['2023-H1', 12], ['2023-H2', 10], ['2024-H1', 8], ['2024-H2', 6]])])!;
    expect(trend.slopeMonthsPerYear).toBeCloseTo(-4, 9);
    expect(trend.direction).toBe('shrinking');
    expect(trend.projection).toEqual({ date: '2026-04-02', low: '2026-04-02', high: '2026-04-02' });
    expect(trend.line).toEqual({ start: { date: '2023-04-02', lagMonths: 12 }, end: { date: '2024-10-02', lagMonths: 6 } });
    expect(trend.statement).toMatch(/reaches zero around 2026-04-02/);
  });

  it('estimates the slope within benchmarks: one entering later at another level makes no trend', () => {
    // bench a: 3 months throughout; bench b joins in 2024 at 9 months. The half-year medians jump from 3 to 6, a
    // line through them would rise; within each benchmark nothing changes.
    const trend = lagTrend([
      points([['2022-H1', 3], ['2022-H2', 3.2], ['2023-H1', 2.8], ['2023-H2', 3], ['2024-H1', 3.1], ['2024-H2', 2.9]]),
      points([['2024-H1', 9.1], ['2024-H2', 8.9]]),
    ])!;
    expect(trend.halfYears.at(-1)).toEqual({ period: '2024-H2', lagMonths: 5.9, benchmarks: 2 });
    expect(trend.fit).toEqual({ benchmarks: 2, points: 8, degreesOfFreedom: 5 });
    expect(trend.slopeInterval![0]).toBeLessThan(0);
    expect(trend.slopeInterval![1]).toBeGreaterThan(0);
    expect(trend.direction).toBe('no-trend');
  });

  it('calls a slope steady when its whole interval lies within ±0.1 months a year', () => {
    const trend = lagTrend([points([['2023-H1', 6], ['2023-H2', 6.01], ['2024-H1', 6], ['2024-H2', 6.01]])])!;
    expect(trend.direction).toBe('steady');
    expect(trend.statement).toMatch(/^the lag is steady/);
  });

  it('projects nothing once the fitted lag is at or below zero: the crossing is past', () => {
    // 3, 1, −1, −3 months at 2023.25 … 2024.75: −4 months a year, zero at 2024.0
    const trend = lagTrend([points([['2023-H1', 3], ['2023-H2', 1], ['2024-H1', -1], ['2024-H2', -3]])])!;
    expect(trend.direction).toBe('shrinking');
    expect(trend.projection).toBeNull();
    expect(trend.statement).toBe('open models are level or ahead (fitted lag -3.0 months at 2024-10-02); the fitted line crossed zero around 2024-01-01');
  });

  it('needs two degrees of freedom: three half-years of one benchmark on a day-per-day ramp are no trend', () => {
    // one frontier standing still: the lag moves a day per day, −1, −7, −13 months; one degree of freedom
    const ramp = lagTrend([points([['2024-H2', -1], ['2025-H1', -7], ['2025-H2', -13]])])!;
    expect(ramp.direction).toBe('too-few-points');
    expect(ramp.slopeInterval).toBeNull();
    expect(ramp.projection).toBeNull();
  });

  it('leaves out half-years with fewer than 30 measured days, and needs three half-years', () => {
    const sparse = lagTrend([[...points([['2024-H1', 3], ['2024-H2', 2]]), ...points([['2025-H1', 0]], 29)]])!;
    expect(sparse.direction).toBe('too-few-points');
    expect(sparse.halfYears.map((entry) => entry.period)).toEqual(['2024-H1', '2024-H2']);
    expect(lagTrend([])).toBeNull();
  });
});
