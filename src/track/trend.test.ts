import { describe, expect, it } from 'vitest';
import { lagTrend } from './trend.js';

describe('lagTrend', () => {
  it('projects the zero crossing of a falling lag', () => {
    // 12, 10, 8, 6 months at 2023.25 … 2024.75: −4 months a year, zero at 2026.25 (2026-01-01 + 91 days).
    const trend = lagTrend([new Map([['2023-H1', 12], ['2023-H2', 10], ['2024-H1', 8], ['2024-H2', 6]])])!;
    expect(trend.slopeMonthsPerYear).toBeCloseTo(-4, 9);
    expect(trend.projection).toEqual({ date: '2026-04-02', low: '2026-04-02', high: '2026-04-02' });
    expect(trend.statement).toMatch(/reaches zero around 2026-04-02/);
  });

  it('takes the median across benchmarks per half-year and says when there is no trend', () => {
    const trend = lagTrend([
      new Map([['2023-H1', 5], ['2023-H2', 7], ['2024-H1', 5], ['2024-H2', 7]]),
      new Map([['2023-H1', 1]]),
      new Map([['2023-H1', 9]]),
    ])!;
    expect(trend.halfYears[0]).toEqual({ period: '2023-H1', lagMonths: 5, benchmarks: 3 });
    expect(trend.projection).toBeNull();
    expect(trend.statement).toMatch(/^the data shows no trend/);
  });

  it('needs three half-years', () => {
    expect(lagTrend([new Map([['2024-H1', 3], ['2024-H2', 2]])])!.statement).toMatch(/too few half-years/);
    expect(lagTrend([])).toBeNull();
  });
});
