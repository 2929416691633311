import { describe, expect, it } from 'vitest';
import type { ApiPriceInput } from '../cost/api-cost.js';
import type { SelfHostPlan } from '../cost/self-host.js';
import { choosePrice, planCosts } from './costs.js';

const listing = (provider: string, input: number, output: number): ApiPriceInput => ({ modelId: 'm', provider, inputPerMtok: input, outputPerMtok: output, asOf: '2026-07-01', source: 'models-dev' });
const workload = { requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 500, peakToAverage: 1, cacheHitRate: 0, source: 'test' };

describe('choosePrice', () => {
  it('takes the median blended listing, leaving free tiers out', () => {
    const chosen = choosePrice([listing('a', 1, 1), listing('b', 2, 2), listing('c', 3, 3), listing('free', 0, 0)], [], null);
    expect(chosen?.price.provider).toBe('b');
    expect(chosen?.listings).toBe(3);
  });

  it('prefers a user-supplied price, then a named provider', () => {
    expect(choosePrice([listing('a', 1, 1)], [{ ...listing('flag', 9, 9), source: 'user-supplied' }], null)?.price.provider).toBe('flag');
    expect(choosePrice([listing('a', 1, 1), listing('b', 2, 2), listing('c', 3, 3)], [], 'C')?.price.provider).toBe('c');
    expect(choosePrice([], [], null)).toBeNull();
  });
});

describe('planCosts', () => {
  const frontier = choosePrice([listing('lab', 10, 30)], [], null)!;
  const open = choosePrice([listing('host', 0.5, 0.5)], [], null)!;
  const plan: SelfHostPlan = {
    modelId: 'm',
    gpu: { gpu: 'h100', usdPerGpuHour: 2, pricing: 'flag', basis: 'test', sources: [], alternatives: null },
    throughput: { perReplica: 10, unit: 'requests/s', gpusPerReplica: 1, basis: 'measured', detail: 'test', sources: [] },
    targetUtilization: 0.5,
    scaling: 'always-on',
    opsPerMonth: 0,
  };

  it('splits the workload at the routed share and compares with all-frontier', () => {
    const costs = planCosts({ workload, daysPerMonth: 30, frontierPrice: frontier, openApiPrice: open, selfHostPlan: null, selfHostUnavailable: 'none', hostingMode: 'auto', recommendedShare: 0.25, routedShare: 0.25 });
    const perFrontier = (1000 * 10 + 500 * 30) / 1e6;
    const perOpen = (1500 * 0.5) / 1e6;
    const [all, allOpen, routed] = costs.scenarios;
    expect(all?.monthlyCost).toBeCloseTo(perFrontier * 1000 * 30, 9);
    expect(allOpen?.monthlyCost).toBeCloseTo(perOpen * 1000 * 30, 9);
    expect(routed?.monthlyCost).toBeCloseTo((0.25 * perFrontier + 0.75 * perOpen) * 1000 * 30, 9);
    expect(routed?.changeShare).toBeCloseTo((routed!.monthlyCost - all!.monthlyCost) / all!.monthlyCost, 12);
    expect(costs.hosting).toBe('api');
  });

  it('auto hosting takes the cheaper way at the volume the open model serves', () => {
    // one always-on H100 replica: 2 $/h × 720 h = 1440 $/month; the API at 1000 requests/day costs 22.5 $/month
    const low = planCosts({ workload, daysPerMonth: 30, frontierPrice: frontier, openApiPrice: open, selfHostPlan: plan, selfHostUnavailable: null, hostingMode: 'auto', recommendedShare: 0, routedShare: null });
    expect(low.hosting).toBe('api');
    expect(low.hostingOptions.self).toBeCloseTo(1440, 9);
    const busy = { ...workload, requestsPerDay: 300_000 };
    const high = planCosts({ workload: busy, daysPerMonth: 30, frontierPrice: frontier, openApiPrice: open, selfHostPlan: plan, selfHostUnavailable: null, hostingMode: 'auto', recommendedShare: 0, routedShare: null });
    expect(high.hosting).toBe('self');
    expect(high.scenarios[1]?.openMonthlyCost).toBe(high.hostingOptions.self);
  });
});
