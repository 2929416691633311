import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import { buildCatalog } from './load.js';
import { modelPrice } from './price-policy.js';
import { describeModel, filterModels, lastListedPrices, searchModels } from './query.js';
import { testCatalogData } from '../../test/catalog/catalog-test-data.js';

const catalog = () => buildCatalog('/unused', testCatalogData());
const ids = (models: Array<{ id: string }>) => models.map((model) => model.id).sort();

describe('catalog queries', () => {
  it('prices a model by the policy: the maker’s own API, else the median provider', () => {
    expect(modelPrice(catalog(), 'openai/gpt-4o')).toMatchObject({ basis: 'first-party', price: { provider: 'openai' } });
    expect(modelPrice(catalog(), 'openai/gpt-4o', 'cheapest')?.price.provider).toBe('openai');
    expect(modelPrice(catalog(), 'alibaba/qwen2.5-72b-instruct')).toBeNull();
    // a free local runtime is no offer: together is the only provider
    expect(modelPrice(catalog(), 'meta/llama-3-70b-instruct')).toMatchObject({ basis: 'median', providers: 1, price: { provider: 'together' } });
  });

  it('filters by weights, lab, licence, domain, price and context', () => {
    const c = catalog();
    expect(ids(filterModels(c, { open: true }))).toEqual(['alibaba/qwen2.5-72b-instruct', 'meta/llama-3-70b-instruct']);
    expect(ids(filterModels(c, { lab: 'OpenAI' }))).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);
    expect(ids(filterModels(c, { license: 'llama' }))).toEqual(['meta/llama-3-70b-instruct']);
    expect(ids(filterModels(c, { domain: 'coding' }))).toEqual(['alibaba/qwen2.5-72b-instruct']);
    expect(ids(filterModels(c, { maxPrice: 1 }))).toEqual(['meta/llama-3-70b-instruct', 'openai/gpt-4o-mini']);
    expect(ids(filterModels(c, { maxPrice: 4.4, pricePolicy: 'first-party' }))).toContain('openai/gpt-4o'); // openai's $4.375, not azure's
    expect(ids(filterModels(c, { maxPrice: 4.4, pricePolicy: 'median' }))).toContain('openai/gpt-4o'); // two providers: the lower middle
    expect(ids(filterModels(c, { minContext: 100000 }))).toEqual(['alibaba/qwen2.5-72b-instruct', 'openai/gpt-4o', 'openai/gpt-4o-mini']);
  });

  it('searches ids, names and aliases, best match first', () => {
    const hits = searchModels(catalog(), 'llama 3 70b');
    expect(hits[0]?.model.id).toBe('meta/llama-3-70b-instruct');
    expect(searchModels(catalog(), 'gpt-4o').map((hit) => hit.model.id)).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);
    expect(searchModels(catalog(), 'claude')).toEqual([]);
  });

  it('describes a model found by alias, with prices cheapest first and results with their domain', () => {
    const details = describeModel(catalog(), 'GPT-4o-2024-05-13');
    expect(details.model.id).toBe('openai/gpt-4o');
    expect(details.prices.map((price) => price.provider)).toEqual(['openai', 'azure']);
    expect(details.price).toMatchObject({ policy: 'first-party', basis: 'first-party', price: { provider: 'openai' } });
    expect(details.results).toMatchObject([{ benchmark: 'lmarena-text', domain: 'human-preference', metric: 'elo', score: 1287 }]);
    expect(details.conflicts).toHaveLength(1);
    expect(() => describeModel(catalog(), 'koala-13b')).toThrow(NotFoundError);
  });

  it('gives the last listed prices of a model no provider lists today, with when the listing went', () => {
    const data = testCatalogData();
    const event = (date: string, event: 'initial' | 'changed' | 'removed', input: number | null, output: number | null, key = 'qwen2.5-72b') => ({
      modelId: 'alibaba/qwen2.5-72b-instruct', providerModelKey: key, provider: 'dashscope', date, event, inputPerMtok: input, outputPerMtok: output, source: 'test-history',
    });
    const priceHistory = [
      event('2025-05-01', 'changed', 0.9, 1.2),
      event('2025-02-01', 'initial', 1, 1.5),
      event('2025-08-01', 'removed', null, null),
      event('2025-03-01', 'initial', 2, 6, 'qwen2.5-72b-turbo'),
    ];
    const c = buildCatalog('/unused', { ...data, priceHistory });
    expect(lastListedPrices(c, 'alibaba/qwen2.5-72b-instruct')).toEqual([
      { provider: 'dashscope', providerModelKey: 'qwen2.5-72b', inputPerMtok: 0.9, outputPerMtok: 1.2, listedOn: '2025-05-01', removedOn: '2025-08-01', source: 'test-history' },
      { provider: 'dashscope', providerModelKey: 'qwen2.5-72b-turbo', inputPerMtok: 2, outputPerMtok: 6, listedOn: '2025-03-01', removedOn: null, source: 'test-history' },
    ]);
    expect(describeModel(c, 'alibaba/qwen2.5-72b-instruct').lastListed).toHaveLength(2);
    // a model with a current price has none: a past price is not an offer
    const withCurrent = buildCatalog('/unused', { ...data, priceHistory: priceHistory.map((entry) => ({ ...entry, modelId: 'openai/gpt-4o' })) });
    expect(lastListedPrices(withCurrent, 'openai/gpt-4o')).toEqual([]);
  });
});
