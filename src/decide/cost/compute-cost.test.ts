import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { computeCost, type CostInput } from './compute-cost.js';
import type { SelfHostPlan } from './self-host.js';

// Workload used throughout: 100,000 requests/day of 1,000 input + 500 output tokens, peak 2× the average.
const workload = { requestsPerDay: 100_000, inputTokensPerRequest: 1_000, outputTokensPerRequest: 500, peakToAverage: 2 };
const api = { modelId: 'lab/closed-model', provider: 'lab', inputPerMtok: 1, outputPerMtok: 3, source: 'test' };

// One replica = 1 GPU at $2/GPU-h serving 10 requests/s, run at 50% utilization, plus $1,000/month of operations.
const plan: SelfHostPlan = {
  modelId: 'lab/open-model',
  gpu: { gpu: 'h100', usdPerGpuHour: 2, pricing: 'flag', basis: 'test', sources: ['test'], alternatives: null },
  throughput: { perReplica: 10, unit: 'requests/s', gpusPerReplica: 1, basis: 'measured', detail: 'test', sources: ['test'] },
  targetUtilization: 0.5,
  scaling: 'always-on',
  opsPerMonth: 1_000,
};

const base: CostInput = { workload, apiPrices: [api], selfHost: plan };

describe('computeCost: API side', () => {
  it('prices input and output tokens per month', () => {
    const report = computeCost(base);
    // per request: 1,000 × $1/1e6 + 500 × $3/1e6 = $0.001 + $0.0015 = $0.0025
    // per month (30 days): 100,000 × 30 = 3,000,000 requests × $0.0025 = $7,500
    expect(report.api[0]?.monthlyCost).toBeCloseTo(7_500, 6);
    expect(report.api[0]?.breakdown.input).toBeCloseTo(3_000, 6);
    expect(report.api[0]?.breakdown.output).toBeCloseTo(4_500, 6);
    // tokens per month: 3,000,000 × 1,500 = 4.5e9 = 4,500 Mtok → $7,500 / 4,500 = $1.6667 per Mtok
    expect(report.api[0]?.effectivePerMtok).toBeCloseTo(7_500 / 4_500, 9);
    expect(report.assumptions).toMatchObject({ daysPerMonth: 30, hoursPerMonth: 720, monthlyRequests: 3_000_000 });
  });

  it('bills cache hits at the cache-read price, and ignores the hit rate without one (with a note)', () => {
    const cached = { ...api, provider: 'cached', cacheReadPerMtok: 0.1 };
    const report = computeCost({ ...base, workload: { ...workload, cacheHitRate: 0.4 }, apiPrices: [api, cached] });
    // cached: 600 × $1/1e6 + 400 × $0.1/1e6 + 500 × $3/1e6 = 0.0006 + 0.00004 + 0.0015 = $0.00214 per request
    // × 3,000,000 requests = $6,420; the provider without a cache price stays at $7,500
    expect(report.api.map((cost) => cost.provider)).toEqual(['cached', 'lab']);
    expect(report.api[0]?.monthlyCost).toBeCloseTo(6_420, 6);
    expect(report.api[1]?.monthlyCost).toBeCloseTo(7_500, 6);
    expect(report.assumptions.notes.join('\n')).toContain('No cache-read price on file for lab/closed-model @ lab');
  });
});

describe('computeCost: self-hosting', () => {
  it('always-on: replicas for the peak, billed all month', () => {
    const report = computeCost(base);
    // peak: 100,000 / 86,400 × 2 = 2.3148 requests/s; usable per replica 10 × 0.5 = 5 → ceil(0.463) = 1 replica
    // GPU: 1 replica × 1 GPU × 720 h × $2 = $1,440; + $1,000 operations = $2,440
    expect(report.selfHost?.peakReplicas).toBe(1);
    expect(report.selfHost?.gpuHoursPerMonth).toBe(720);
    expect(report.selfHost?.gpuCost).toBeCloseTo(1_440, 9);
    expect(report.selfHost?.monthlyCost).toBeCloseTo(2_440, 9);
    // $2,440 / 4,500 Mtok = $0.54222 per Mtok
    expect(report.selfHost?.effectivePerMtok).toBeCloseTo(2_440 / 4_500, 9);
    expect(report.comparisons[0]).toMatchObject({ cheaper: 'self-host' });
    expect(report.comparisons[0]?.savingsPerMonth).toBeCloseTo(7_500 - 2_440, 6);
  });

  it('always-on break-even: the first step where self-hosting undercuts the API for good', () => {
    const report = computeCost(base);
    // API: a = $0.0025 × 30 = $0.075 per month per request/day.
    // One replica serves 5 req/s at peak = 2.5 req/s average = 216,000 requests/day; API cost of that volume
    // = 216,000 × 0.075 = $16,200 > replica $1,440, so break-even exists.
    // Step 1 (0 – 216,000 req/day) costs $1,440 + $1,000 = $2,440: crossing at 2,440 / 0.075 = 32,533.33 req/day.
    // Step 2 starts at 216,000 where the API costs $16,200 > 2 × 1,440 + 1,000 = $3,880, so it stays cheaper.
    const be = report.comparisons[0]?.breakEven;
    expect(be?.kind).toBe('at-volume');
    expect(be?.requestsPerDay).toBeCloseTo(2_440 / 0.075, 6);
    // as tokens per month: 32,533.33 × 1,500 × 30 = 1.464e9
    expect(be?.tokensPerMonth).toBeCloseTo(1.464e9, 0);
  });

  it('scale-to-zero: billed for the average load; linear break-even', () => {
    const report = computeCost({ ...base, selfHost: { ...plan, scaling: 'scale-to-zero' } });
    // average: 100,000 / 86,400 = 1.15741 req/s ÷ 5 usable = 0.231481 replicas × 720 h × $2 = $333.33; + $1,000
    expect(report.selfHost?.billedReplicas).toBeCloseTo(100_000 / 86_400 / 5, 12);
    expect(report.selfHost?.monthlyCost).toBeCloseTo(1_000 + 1_000 / 3, 6);
    // GPU per request/day: $1,440 / 432,000 (one replica at 5 req/s average) = $0.0033333
    // break-even: 1,000 / (0.075 − 0.0033333) = 13,953.49 req/day
    expect(report.comparisons[0]?.breakEven.requestsPerDay).toBeCloseTo(1_000 / (0.075 - 1_440 / 432_000), 6);
    expect(report.assumptions.notes.join(' ')).toContain('idealised');
  });

  it('capacity in output tokens/s sizes replicas by generated tokens', () => {
    const tokenPlan: SelfHostPlan = {
      ...plan,
      gpu: { ...plan.gpu, usdPerGpuHour: 3 },
      throughput: { ...plan.throughput, perReplica: 2_000, unit: 'output-tokens/s', gpusPerReplica: 2 },
      targetUtilization: 0.8,
      opsPerMonth: 0,
    };
    const report = computeCost({
      workload: { requestsPerDay: 1_000_000, inputTokensPerRequest: 200, outputTokensPerRequest: 400, peakToAverage: 3 },
      apiPrices: [api],
      selfHost: tokenPlan,
    });
    // peak: 1,000,000 / 86,400 × 3 = 34.722 req/s × 400 = 13,888.9 output tokens/s; usable 2,000 × 0.8 = 1,600
    // replicas: ceil(8.68) = 9; GPU-hours 9 × 2 × 720 = 12,960 × $3 = $38,880
    expect(report.selfHost?.peakDemand).toBeCloseTo((1_000_000 / 86_400) * 3 * 400, 9);
    expect(report.selfHost?.peakReplicas).toBe(9);
    expect(report.selfHost?.monthlyCost).toBeCloseTo(38_880, 6);
  });

  it('never breaks even when the API is cheaper than a fully used replica', () => {
    const cheap = { ...api, inputPerMtok: 0.01, outputPerMtok: 0.01 };
    // a = 1,500 × $0.01/1e6 × 30 = $0.00045; a replica's volume 216,000 × 0.00045 = $97.20 < $1,440
    const be = computeCost({ ...base, apiPrices: [cheap] }).comparisons[0]?.breakEven;
    expect(be).toMatchObject({ kind: 'never', requestsPerDay: null, tokensPerMonth: null });
  });
});

describe('computeCost: sensitivity', () => {
  it('varies GPU price and utilization by ±50% and API price by ±50%', () => {
    const sensitivity = computeCost(base).sensitivity;
    expect(sensitivity?.selfHost).toHaveLength(9);
    const cheapGpu = sensitivity?.selfHost.find((row) => row.gpuPriceFactor === 0.5 && row.utilizationFactor === 1);
    // $1/GPU-h: 720 × $1 + $1,000 = $1,720; break-even 1,720 / 0.075 = 22,933.33 req/day
    expect(cheapGpu?.selfHostMonthlyCost).toBeCloseTo(1_720, 9);
    expect(cheapGpu?.breakEven.requestsPerDay).toBeCloseTo(1_720 / 0.075, 6);
    const lowUtil = sensitivity?.selfHost.find((row) => row.gpuPriceFactor === 1 && row.utilizationFactor === 0.5);
    // utilization 0.25: usable 2.5 req/s ≥ peak 2.3148 → still 1 replica, $2,440
    expect(lowUtil?.targetUtilization).toBe(0.25);
    expect(lowUtil?.selfHostMonthlyCost).toBeCloseTo(2_440, 9);
    const dearApi = sensitivity?.api.find((row) => row.priceFactor === 1.5);
    // API ×1.5: $7,500 × 1.5 = $11,250; break-even 2,440 / (0.075 × 1.5) = 21,688.89 req/day
    expect(dearApi?.apiMonthlyCost).toBeCloseTo(11_250, 6);
    expect(dearApi?.breakEven.requestsPerDay).toBeCloseTo(2_440 / 0.1125, 6);
  });

  it('caps utilization at 100% and says so', () => {
    const sensitivity = computeCost({ ...base, selfHost: { ...plan, targetUtilization: 0.8 } }).sensitivity;
    const capped = sensitivity?.selfHost.find((row) => row.utilizationFactor === 1.5);
    // 0.8 × 1.5 = 1.2 → capped to 1
    expect(capped).toMatchObject({ targetUtilization: 1, utilizationCapped: true });
  });
});

describe('computeCost: validation', () => {
  it('rejects a peak-to-average below 1 and a utilization above 1', () => {
    expect(() => computeCost({ ...base, workload: { ...workload, peakToAverage: 0.5 } })).toThrow(ValidationError);
    expect(() => computeCost({ ...base, selfHost: { ...plan, targetUtilization: 1.2 } })).toThrow(/targetUtilization/);
  });

  it('works with no self-hosting plan and with no API price', () => {
    expect(computeCost({ ...base, selfHost: null })).toMatchObject({ selfHost: null, comparisons: [], sensitivity: null });
    expect(computeCost({ ...base, apiPrices: [] })).toMatchObject({ api: [], comparisons: [], sensitivity: null });
  });
});
