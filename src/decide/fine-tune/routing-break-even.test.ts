/**
 * Break-even of fine-tuning against routing, by hand: 10,000 requests/day × (1000 in + 200 out) tokens, 30-day
 * month = 300,000 requests. Frontier $2.50/$10 per Mtok → $0.0045 a request; open model $0.50/$0.50 → $0.0006.
 * 10% of cases pass only on the frontier model.
 *   routing:             300,000 × (0.9 × 0.0006 + 0.1 × 0.0045)   = $297 a month
 *   tuned, 50% recovered: 300,000 × (0.95 × 0.0006 + 0.05 × 0.0045) = $238.50 → saving $58.50 a month
 *   tuned, 25% recovered: 300,000 × (0.925 × 0.0006 + 0.075 × 0.0045) = $267.75 → saving $29.25 a month
 */
import { describe, expect, it } from 'vitest';
import type { ApiPrice } from '../cost/api-cost.js';
import { workloadSchema } from '../cost/workload.js';
import { netAfter, routingBreakEven, type RoutingBreakEvenInput } from './routing-break-even.js';

const price = (modelId: string, input: number, output: number): ApiPrice => ({
  modelId,
  provider: 'test',
  inputPerMtok: input,
  outputPerMtok: output,
  cacheReadPerMtok: null,
  asOf: '2026-12-01',
  source: 'test',
});

const base = (extra: Partial<RoutingBreakEvenInput> = {}): RoutingBreakEvenInput => ({
  evalRun: { runId: 'run-1', pairedCases: 200, frontierOnlyShare: 0.1, openPassRate: 0.85, frontierPassRate: 0.95 },
  workload: workloadSchema.parse({ requestsPerDay: 10_000, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 }),
  daysPerMonth: 30,
  frontier: price('frontier', 2.5, 10),
  open: { kind: 'api', price: price('open', 0.5, 0.5), basis: 'test' },
  tuned: { kind: 'api', price: price('open', 0.5, 0.5), basis: 'test' },
  oneTimeCost: 100,
  oneTimeBasis: 'test',
  retuneEveryMonths: 6,
  recovery: 0.5,
  ...extra,
});

describe('routingBreakEven', () => {
  it('pays back in C / Δ months and stays ahead when a re-tune costs less than its savings', () => {
    const result = routingBreakEven(base());
    expect(result.routing.monthlyCost).toBeCloseTo(297, 9);
    expect(result.fineTuned.monthlyCost).toBeCloseTo(238.5, 9);
    expect(result.fineTuned.frontierShare).toBeCloseTo(0.05, 12);
    expect(result.headline.monthlySaving).toBeCloseTo(58.5, 9);
    expect(result.headline.impliedPassRate).toBeCloseTo(0.9, 12);
    // 100 / 58.5 = 1.7094 months; 6 months save 351 > 100, so ahead from the first break-even on
    expect(result.headline.breakEven.months).toBeCloseTo(100 / 58.5, 9);
    expect(result.headline.aheadForGood.months).toBeCloseTo(100 / 58.5, 9);
    // after 12 months: 58.5 × 12 − 100 × 2 payments (months 0 and 6) = 502
    expect(result.headline.net.find((entry) => entry.months === 12)?.net).toBeCloseTo(502, 9);
    expect(result.assumptions[0]).toMatch(/^ASSUMED: after tuning, the model passes 50% of the 10\.0% of cases only the frontier model passed in eval run run-1/);
  });

  it('shows the sensitivity to the assumed recovery, with the months a re-tune sets it back', () => {
    const result = routingBreakEven(base());
    expect(result.sensitivity.map((row) => row.recovery)).toEqual([0.25, 0.5, 0.75, 1]);
    const quarter = result.sensitivity[0]!;
    expect(quarter.monthlySaving).toBeCloseTo(29.25, 9);
    // first break-even 100 / 29.25 = 3.419 months; the re-tune at month 6 sets it back: a 6-month cycle saves
    // 175.5 − 100 = 75.5, so it is ahead for good from the 2nd cycle's crossing, 2 × 100 / 29.25 = 6.838 months
    expect(quarter.breakEven.months).toBeCloseTo(100 / 29.25, 9);
    expect(quarter.aheadForGood.months).toBeCloseTo(200 / 29.25, 9);
    expect(quarter.net.map((entry) => Number(entry.net.toFixed(6)))).toEqual([75.5, 151, 302]);
    // an assumed value off the grid gets its own row
    expect(routingBreakEven(base({ recovery: 0.6 })).sensitivity.map((row) => row.recovery)).toEqual([0.25, 0.5, 0.6, 0.75, 1]);
  });

  it('never breaks even when re-tuning costs more than it saves, and says why', () => {
    const result = routingBreakEven(base({ recovery: 0.25, retuneEveryMonths: 3 }));
    // 3 months save 87.75 < 100
    expect(result.headline.breakEven).toEqual({ months: null, reason: '3 months of savings do not pay for one tuning' });
    expect(result.headline.aheadForGood.reason).toBe('re-tuning every 3 months costs at least what it saves');
    const none = routingBreakEven(base({ recovery: 0 }));
    expect(none.headline.monthlySaving).toBeCloseTo(0, 12);
    expect(none.headline.breakEven).toEqual({ months: null, reason: 'fine-tuning saves nothing per month at this recovery' });
    const once = routingBreakEven(base({ retuneEveryMonths: null }));
    expect(once.headline.net.map((entry) => Number(entry.net.toFixed(6)))).toEqual([251, 602, 1304]);
  });

  it('counts payments at months 0, K, 2K …', () => {
    expect(netAfter(10, 100, 6, 0)).toBe(-100);
    expect(netAfter(10, 100, 6, 6)).toBe(-40);
    expect(netAfter(10, 100, 6, 6.5)).toBe(-135);
    expect(netAfter(10, 100, null, 24)).toBe(140);
  });

  it('rejects a recovery outside [0, 1]', () => {
    expect(() => routingBreakEven(base({ recovery: 1.2 }))).toThrow(/--recovery/);
  });
});
