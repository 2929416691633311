import { describe, expect, it } from 'vitest';
import { costCurve, renderCostChart } from './chart.js';
import type { CostInput } from './compute-cost.js';

const input: CostInput = {
  workload: { requestsPerDay: 100_000, inputTokensPerRequest: 1_000, outputTokensPerRequest: 500, peakToAverage: 2 },
  apiPrices: [{ modelId: 'lab/closed', provider: 'lab', inputPerMtok: 1, outputPerMtok: 3, source: 'test' }],
  selfHost: {
    modelId: 'lab/open',
    gpu: { gpu: 'h100', usdPerGpuHour: 2, pricing: 'flag', basis: 'test', sources: ['test'], alternatives: null },
    throughput: { perReplica: 10, unit: 'requests/s', gpusPerReplica: 1, basis: 'measured', detail: 'test', sources: ['test'] },
    targetUtilization: 0.5,
    scaling: 'always-on',
    opsPerMonth: 1_000,
  },
};

describe('cost chart', () => {
  it('computes both curves over a range that shows the break-even', () => {
    const curve = costCurve(input, { points: 50 });
    expect(new Set(curve.points.map((point) => point.series)).size).toBe(2);
    // break-even 2,440 / 0.075 = 32,533 req/day; the default range is 1,000 … 10,000,000
    expect(curve.breakEven).toBeCloseTo(32_533.33, 1);
    const api = curve.points.filter((point) => point.series.startsWith('API'));
    expect(api[0]?.requestsPerDay).toBeCloseTo(1_000, 6);
    // API at 1,000 req/day: 1,000 × $0.0025 × 30 = $75
    expect(api[0]?.monthlyCost).toBeCloseTo(75, 6);
  });

  it('renders an SVG with a legend', () => {
    const html = renderCostChart(input, { title: 'Test chart' });
    expect(html).toMatch(/^<figure/);
    expect(html).toContain('<svg');
    expect(html).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('API lab/closed @ lab');
    expect(html).toContain('break-even');
    expect(html).toContain('Test chart');
  });
});
