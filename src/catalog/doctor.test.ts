import { describe, expect, it } from 'vitest';
import { buildDoctorReport } from './doctor.js';
import { testCatalogData } from '../../test/catalog/catalog-test-data.js';

describe('buildDoctorReport', () => {
  it('counts benchmark rows without a model, per source, and splits ambiguous names from unmatched ones', () => {
    const report = buildDoctorReport(testCatalogData());
    expect(report.results).toMatchObject({ total: 5, unmatched: 2, ambiguous: 1, unmatchedShare: 0.4, withinTarget: false });
    expect(report.bySource).toEqual([
      { source: 'board', results: 3, unmatched: 1, share: 1 / 3 },
      { source: 'evalplus', results: 2, unmatched: 1, share: 0.5 },
    ]);
    expect(report.unmatchedNames.map((name) => name.name)).toEqual(['Koala-13B']);
    expect(report.ambiguousNames.map((name) => name.name)).toEqual(['Mistral Large']);
    expect(report.conflicts.releaseDate).toHaveLength(1);
    expect(report.models).toEqual({ total: 4, open: 2, closed: 2, withoutReleaseDate: 0, withoutResults: 1 });
  });

  it('is within target below 5% unmatched', () => {
    const data = testCatalogData();
    const matched = data.results.filter((result) => result.modelId !== null);
    const results = [...Array.from({ length: 20 }, () => matched).flat(), data.results[3]!];
    const report = buildDoctorReport({ ...data, results });
    expect(report.results.unmatched).toBe(1);
    expect(report.results.unmatchedShare).toBeCloseTo(1 / 61);
    expect(report.results.withinTarget).toBe(true);
  });

  it('lists well-known models lacking public facts: parameters of open weights only, a price current or past', () => {
    const data = testCatalogData();
    const matched = data.results.filter((result) => result.modelId !== null);
    const results = Array.from({ length: 10 }, () => matched).flat(); // 10 rows each: well known
    const models = data.models.map((model) =>
      model.id === 'openai/gpt-4o' ? { ...model, contextWindow: null } : model.id === 'alibaba/qwen2.5-72b-instruct' ? { ...model, releaseDate: null } : model,
    );
    const report = buildDoctorReport({ ...data, models, results });
    expect(report.missingFacts).toEqual([
      // llama has a price and a context; open weights without a parameter count
      { modelId: 'alibaba/qwen2.5-72b-instruct', openWeights: true, results: 10, missing: ['releaseDate', 'parametersB', 'price'] },
      { modelId: 'meta/llama-3-70b-instruct', openWeights: true, results: 10, missing: ['parametersB'] },
      { modelId: 'openai/gpt-4o', openWeights: false, results: 10, missing: ['contextWindow'] },
    ]);
    // a price in the history counts: the model was listed, and `catalog show` gives its last price
    const history = [{ modelId: 'alibaba/qwen2.5-72b-instruct', inputPerMtok: 0.9 }];
    expect(buildDoctorReport({ ...data, models, results, priceHistory: history }).missingFacts[0]?.missing).toEqual(['releaseDate', 'parametersB']);
    // fewer rows: not listed
    expect(buildDoctorReport({ ...data, models }).missingFacts).toEqual([]);
  });
});
