import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../errors.js';
import { computeTrack } from './compute-track.js';
import { DAYS_PER_MONTH } from './dates.js';
import { testCatalog } from '../../test/track/helpers/test-catalog.js';

// bench-a: closed 0.5 on 2024-01-01, 0.7 on 2024-07-01; open 0.5 on 2024-04-01 (+91 days), 0.7 on 2025-01-01 (+184 days).
const months = (days: number) => days / DAYS_PER_MONTH;

describe('computeTrack on a hand-made catalog', () => {
  const report = computeTrack(testCatalog());
  const math = report.domains.find((domain) => domain.domain === 'math')!;
  const benchA = math.benchmarks[0]!;

  it('reports the best model of each group, the gap and the as-of date', () => {
    expect(report.asOf).toBe('2025-01-01');
    expect(math.headlineBenchmark).toBe('bench-a');
    expect(math.bestClosed).toMatchObject({ modelId: 'lab/closed-2', score: 0.7, date: '2024-07-01', source: 'test-evals' });
    expect(math.bestOpen).toMatchObject({ modelId: 'lab/open-2', score: 0.7, date: '2025-01-01' });
    expect(math.scoreGap?.value).toBeCloseTo(0, 12);
  });

  it('computes threshold lags on a 2-point grid from the common start', () => {
    const threshold = benchA.threshold!;
    expect(threshold.crossings.map((crossing) => crossing.level)).toEqual([0.5, 0.52, 0.54, 0.56, 0.58, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7]);
    expect(threshold.crossings[0]!.lagMonths).toBeCloseTo(months(91), 9);
    expect(threshold.crossings[1]).toMatchObject({ open: { modelId: 'lab/open-2' }, closed: { modelId: 'lab/closed-2' } });
    expect(threshold.summary!.median).toBeCloseTo(months(184), 9);
    expect(threshold.summary!.mean).toBeCloseTo(months((91 + 10 * 184) / 11), 9);
    expect(math.lagMonths).toBeCloseTo(months(184), 9); // one benchmark: its median is the domain's lag
  });

  it('computes the area and daily lags', () => {
    expect(benchA.area!.lagMonths).toBeCloseTo(months(184), 9);
    expect(benchA.area!.range).toEqual([0.5, 0.7]);
    // The window ends with the closed group's last result (2024-07-01): open stands at 0.5 then, which the
    // closed frontier reached on 2024-01-01, 182 days earlier.
    expect(benchA.daily!.start).toBe('2024-04-01');
    expect(benchA.daily!.end).toBe('2024-07-01');
    expect(benchA.daily!.latest).toBeCloseTo(months(182), 9);
    expect(benchA.daily!.series[0]).toEqual({ date: '2024-04-01', lagMonths: months(91) });
  });

  it('says so for a domain without data and lists sources for every figure', () => {
    const agentic = report.domains.find((domain) => domain.domain === 'agentic')!;
    expect(agentic.status).toBe('no-data');
    expect(agentic.note).toMatch(/no benchmark results/);
    expect(math.sources).toEqual(['test-evals']);
    expect(report.sources.map((source) => source.id)).toEqual(['test-arena', 'test-evals', 'test-prices']);
    expect(report.sources.find((source) => source.id === 'test-evals')?.licence).toBe('CC0-1.0');
  });

  it('finds the price Pareto frontier and the middle ground', () => {
    // blended (3·in + out)/4: open-1 0.75, open-2 1.0, closed-2 7.5, closed-1 15
    const prices = math.priceFrontier!;
    expect(prices.pareto).toEqual(['lab/open-1', 'lab/open-2']);
    expect(prices.commodityEnd).toBe('lab/open-1');
    expect(prices.frontierEnd).toBe('lab/open-2');
    expect(prices.middleGround).toEqual([
      { modelId: 'lab/closed-2', dominatedBy: 'lab/open-2', priceRatio: 7.5 },
      { modelId: 'lab/closed-1', dominatedBy: 'lab/open-1', priceRatio: 20 },
    ]);
  });

  it('prices each model by the price policy, naming provider and date', () => {
    // closed-2's maker (lab "openai") lists it at $5 / $15; a reseller lists it at $0.10 / $0.10, and two more
    // resellers between the two; a price change by the maker after one reseller's listing makes that one stale.
    const base = testCatalog();
    const listing = (provider: string, input: number, output: number, asOf = '2025-01-01') => ({
      modelId: 'lab/closed-2', provider, inputPerMtok: input, outputPerMtok: output, cacheReadPerMtok: null, cacheWritePerMtok: null, asOf, source: 'test-prices',
    });
    const catalog = {
      ...base,
      models: base.models.map((model) => (model.id === 'lab/closed-2' ? { ...model, lab: 'openai' } : model)),
      prices: [
        ...(base.prices ?? []).filter((price) => price.modelId !== 'lab/closed-2'),
        listing('openai', 5, 15),
        listing('reseller-a', 0.1, 0.1),
        listing('reseller-b', 2, 6),
        listing('reseller-c', 3, 9, '2024-06-01'),
      ],
      priceHistory: [{ modelId: 'lab/closed-2', providerModelKey: 'closed-2', provider: 'openai', date: '2024-09-01', event: 'changed' as const, inputPerMtok: 5, outputPerMtok: 15, source: 'test-prices' }],
    };
    const pointOf = (policy: 'first-party' | 'median' | 'cheapest') => {
      const frontier = computeTrack(catalog, { domains: ['math'], pricePolicy: policy }).domains[0]!.priceFrontier!;
      expect(frontier.policy).toBe(policy);
      return frontier.points.find((point) => point.modelId === 'lab/closed-2')!;
    };
    expect(pointOf('first-party')).toMatchObject({ provider: 'openai', priceAsOf: '2025-01-01', priceBasis: 'first-party', pricePerMtok: 7.5, priceProviders: 3 });
    // reseller-c's listing predates the maker's price change: three providers left, the middle one is reseller-b
    expect(pointOf('median')).toMatchObject({ provider: 'reseller-b', priceBasis: 'median', pricePerMtok: 3 });
    expect(pointOf('cheapest')).toMatchObject({ provider: 'reseller-a', priceBasis: 'cheapest', pricePerMtok: 0.1 });
    // the cheapest reseller puts a closed model at the commodity end of the frontier; the maker's price does not
    expect(computeTrack(catalog, { domains: ['math'], pricePolicy: 'cheapest' }).domains[0]!.priceFrontier!.commodityEnd).toBe('lab/closed-2');
    expect(computeTrack(catalog, { domains: ['math'] }).domains[0]!.priceFrontier!.commodityEnd).toBe('lab/open-1');
  });

  it('drops capped licences under the permissive definition', () => {
    const permissive = computeTrack(testCatalog(), { openDefinition: 'permissive', domains: ['math'], methods: ['threshold'] });
    const threshold = permissive.domains[0]!.benchmarks[0]!.threshold!;
    expect(threshold.crossings.map((crossing) => crossing.level)).toEqual([0.5]);
    expect(threshold.openNotYet).toEqual([0.52, 0.54, 0.56, 0.58, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7]);
  });

  it('counts an open score within the tolerance, or whose interval reaches the level, as caught up', () => {
    const strict = computeTrack(testCatalog(), { domains: ['human-preference'], methods: ['threshold'] });
    expect(strict.domains[0]!.benchmarks[0]!.threshold!.openNotYet).toEqual([1200]);
    const tolerant = computeTrack(testCatalog(), { domains: ['human-preference'], methods: ['threshold'], tolerance: 0 });
    const crossing = tolerant.domains[0]!.benchmarks[0]!.threshold!.crossings;
    expect(crossing.map((entry) => [entry.level, entry.lagMonths])).toEqual([[1200, months(60)]]);
    const accuracy = computeTrack(testCatalog(), { domains: ['math'], methods: ['threshold'], tolerance: 2 });
    // open-1 (0.50) is credited 0.52, so the 0.52 level is reached on 2024-04-01 against closed-2's 2024-07-01.
    expect(accuracy.domains[0]!.benchmarks[0]!.threshold!.crossings[1]).toMatchObject({ level: 0.52, open: { modelId: 'lab/open-1' } });
  });

  it('honours the window and rejects bad options', () => {
    const windowed = computeTrack(testCatalog(), { until: '2024-12-31', domains: ['math'] });
    expect(windowed.asOf).toBe('2024-12-31');
    expect(windowed.domains[0]!.bestOpen?.modelId).toBe('lab/open-1');
    expect(() => computeTrack(testCatalog(), { benchmarks: ['nope'] })).toThrow(NotFoundError);
    expect(() => computeTrack(testCatalog(), { since: '2025-01-01', until: '2024-01-01' })).toThrow(ValidationError);
    expect(() => computeTrack(testCatalog(), { methods: [] })).toThrow(ValidationError);
  });
});
