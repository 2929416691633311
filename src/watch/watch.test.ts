import { describe, expect, it } from 'vitest';
import { testCatalogData } from '../../test/catalog/catalog-test-data.js';
import type { CatalogData } from '../catalog/index.js';
import { bundledCatalogDir } from '../catalog/index.js';
import { buildCatalog, loadCatalog } from '../catalog/index.js';
import { computeTrack } from '../track/index.js';
import { TRACK_METHODS } from '../track/index.js';
import { describeChanges } from './changes.js';
import { evaluateWatch, type WatchState } from './watch.js';

const catalogOf = (data: CatalogData) => buildCatalog('/test', data);
const settings = { tolerance: 0, lagMonths: 1, models: ['openai/gpt-4o'], benchmark: 'lmarena-text', minScore: 1200 };
const at = new Date('2026-12-01T00:00:00Z');

function withResult(data: CatalogData, modelId: string, modelName: string, score: number, date: string): CatalogData {
  return { ...data, results: [...data.results, { modelId, modelName, benchmark: 'lmarena-text', score, ciLow: null, ciHigh: null, date, source: 'board', sourceRow: null }] };
}

describe('parity watch', () => {
  it('records a baseline first, then reports an open model reaching the closed frontier and a new open model above the bar', () => {
    const data = testCatalogData();
    const first = evaluateWatch(catalogOf(data), null, settings, at);
    expect(first.report).toMatchObject({ baseline: true, crossings: [] });
    expect(first.state.reached['lmarena-text']).toBe(false);
    expect(first.state.openAbove).toEqual(['meta/llama-3-70b-instruct']);

    const unchanged = evaluateWatch(catalogOf(data), first.state, settings, at);
    expect(unchanged.report).toMatchObject({ baseline: false, crossings: [] });

    const later = withResult(data, 'alibaba/qwen2.5-72b-instruct', 'Qwen2.5-72B-Instruct', 1290, '2024-10-01');
    const { report, state } = evaluateWatch(catalogOf(later), unchanged.state, settings, at);
    expect(report.crossings.map((crossing) => crossing.kind).sort()).toEqual(['new-open-above', 'open-reached-frontier']);
    expect(report.crossings.find((crossing) => crossing.kind === 'open-reached-frontier')).toMatchObject({
      benchmark: 'lmarena-text',
      open: { modelId: 'alibaba/qwen2.5-72b-instruct', score: 1290 },
      closed: { modelId: 'openai/gpt-4o', score: 1287 },
    });
    // reported once: the next run has nothing new
    expect(evaluateWatch(catalogOf(later), state, settings, at).report.crossings).toEqual([]);
  });

  it('sees the lags `parity track` reports by default: no tolerance unless one is asked for', () => {
    const catalog = loadCatalog(bundledCatalogDir());
    const track = computeTrack(catalog);
    const watched = evaluateWatch(catalog, null, {}, at);
    expect(watched.report.settings.tolerance).toBeNull();
    const expected = Object.fromEntries(track.domains.map((domain) => [domain.domain, Object.fromEntries(TRACK_METHODS.map((method) => [method, domain.lags.find((lag) => lag.method === method)?.lagMonths ?? null]))]));
    expect(watched.state.lags).toEqual(expected);
  });

  it('counts the tolerance in the benchmark\'s units (Elo: win-rate points)', () => {
    const data = withResult(testCatalogData(), 'alibaba/qwen2.5-72b-instruct', 'Qwen2.5-72B-Instruct', 1282, '2024-10-01');
    expect(evaluateWatch(catalogOf(data), null, { ...settings, tolerance: 0 }, at).state.reached['lmarena-text']).toBe(false);
    // 1 point of win rate ≈ 7 Elo: 1282 is within it of 1287
    expect(evaluateWatch(catalogOf(data), null, { ...settings, tolerance: 1 }, at).state.reached['lmarena-text']).toBe(true);
  });

  it('reports a lag that moved by N months since it was last reported, letting slow drift add up', () => {
    // a closed model at 1240 in March, an open one passing it in October: a lag of about 7 months
    const data = withResult(withResult(testCatalogData(), 'openai/gpt-4o-mini', 'GPT-4o mini', 1240, '2024-03-01'), 'alibaba/qwen2.5-72b-instruct', 'Qwen2.5-72B-Instruct', 1250, '2024-10-01');
    const base = evaluateWatch(catalogOf(data), null, settings, at).state;
    const lag = base.lags['human-preference']?.threshold;
    expect(lag).toBeGreaterThan(5);
    const shifted = (delta: number): WatchState => ({ ...base, lags: { ...base.lags, 'human-preference': { ...base.lags['human-preference'], threshold: (lag as number) - delta } } });
    const small = evaluateWatch(catalogOf(data), shifted(0.6), settings, at);
    expect(small.report.crossings).toEqual([]);
    expect(small.state.lags['human-preference']?.threshold).toBe((lag as number) - 0.6); // kept as last reported
    const large = evaluateWatch(catalogOf(data), shifted(1.2), settings, at);
    expect(large.report.crossings).toEqual([
      expect.objectContaining({ kind: 'lag-moved', domain: 'human-preference', method: 'threshold', before: (lag as number) - 1.2, after: lag }),
    ]);
    expect(large.state.lags['human-preference']?.threshold).toBe(lag);
  });

  it('reports a followed model getting cheaper, not dearer', () => {
    const data = testCatalogData();
    const base = evaluateWatch(catalogOf(data), null, settings, at).state;
    expect(base.prices['openai/gpt-4o']).toMatchObject({ provider: 'openai', pricePerMtok: 4.375 });
    const cheaper: CatalogData = { ...data, prices: data.prices.map((price) => (price.modelId === 'openai/gpt-4o' && price.provider === 'openai' ? { ...price, inputPerMtok: 1.25 } : price)) };
    const dropped = evaluateWatch(catalogOf(cheaper), base, settings, at);
    expect(dropped.report.crossings).toEqual([expect.objectContaining({ kind: 'cheaper', modelId: 'openai/gpt-4o', before: expect.objectContaining({ pricePerMtok: 4.375 }), after: expect.objectContaining({ pricePerMtok: 3.4375 }) })]);
    const dearer = evaluateWatch(catalogOf(data), dropped.state, settings, at);
    expect(dearer.report.crossings).toEqual([]);
    expect(dearer.state.prices['openai/gpt-4o']?.pricePerMtok).toBe(4.375);
  });

  it('starts a new baseline when the settings change, and refuses half a bar or an unknown model', () => {
    const data = testCatalogData();
    const base = evaluateWatch(catalogOf(data), null, settings, at).state;
    expect(evaluateWatch(catalogOf(data), base, { ...settings, tolerance: 2 }, at).report).toMatchObject({ baseline: true, note: expect.stringContaining('settings changed') });
    expect(() => evaluateWatch(catalogOf(data), null, { benchmark: 'lmarena-text' }, at)).toThrow(/--min-score: --benchmark and --min-score go together/);
    expect(() => evaluateWatch(catalogOf(data), null, { models: ['no-such-model'] }, at)).toThrow(/--model no-such-model: no such model/);
  });
});

describe('what an update changed', () => {
  it('lists new models, new frontier points, every lag before → after and price moves over 20%', () => {
    const before = testCatalogData();
    const after: CatalogData = {
      ...withResult(before, 'alibaba/qwen2.5-72b-instruct', 'Qwen2.5-72B-Instruct', 1290, '2024-10-01'),
      models: [...before.models, { ...before.models[0]!, id: 'meta/llama-4', name: 'Llama 4', releaseDate: '2025-04-05' }],
      prices: before.prices.map((price) => (price.provider === 'azure' ? { ...price, outputPerMtok: 13.3 } : price.provider === 'together' ? { ...price, inputPerMtok: 0.6 } : price)),
    };
    const changes = describeChanges(before, after);
    expect(changes.newModels.map((model) => model.id)).toEqual(['meta/llama-4']);
    expect(changes.removedModels).toEqual([]);
    expect(changes.newFrontierPoints).toEqual([expect.objectContaining({ domain: 'human-preference', benchmark: 'lmarena-text', group: 'open', modelId: 'alibaba/qwen2.5-72b-instruct', score: 1290 })]);
    expect(changes.lags.filter((lag) => lag.domain === 'human-preference').map((lag) => lag.method).sort()).toEqual(['area', 'daily', 'threshold']);
    // azure's output +20.9% is reported, together's input −31.8% too
    expect(changes.priceChanges.map((change) => [change.provider, Math.round(change.change * 1000) / 1000])).toEqual([
      ['together', -0.318],
      ['azure', 0.209],
    ]);
  });
});
