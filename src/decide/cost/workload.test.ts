import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { workloadFromAggregates } from './workload.js';

describe('workloadFromAggregates', () => {
  it('turns a request log into a workload', () => {
    const workload = workloadFromAggregates({
      requests: 7_000,
      inputTokens: 7_000_000,
      outputTokens: 3_500_000,
      cachedInputTokens: 2_800_000,
      periodDays: 7,
      peakHourRequests: 100,
      source: 'request log',
    });
    // 7,000 / 7 days = 1,000/day; 1,000 in and 500 out per request; average hour 7,000 / 168 = 41.67,
    // busiest 100 → peak-to-average 2.4; cache hits 2.8M / 7M = 0.4
    expect(workload.requestsPerDay).toBe(1_000);
    expect(workload.inputTokensPerRequest).toBe(1_000);
    expect(workload.outputTokensPerRequest).toBe(500);
    expect(workload.peakToAverage).toBeCloseTo(2.4, 12);
    expect(workload.cacheHitRate).toBeCloseTo(0.4, 12);
  });

  it('needs a rate for an eval run and takes overrides', () => {
    const run = { requests: 50, inputTokens: 20_000, outputTokens: 10_000, source: 'eval run' };
    expect(() => workloadFromAggregates(run)).toThrow(ValidationError);
    const workload = workloadFromAggregates(run, { requestsPerDay: 5_000, peakToAverage: 3 });
    expect(workload).toMatchObject({ requestsPerDay: 5_000, inputTokensPerRequest: 400, outputTokensPerRequest: 200, peakToAverage: 3, cacheHitRate: 0 });
  });
});
