import { describe, expect, it } from 'vitest';
import { selectApiPrices } from './select-prices.js';

const listing = (provider: string, input: number, output: number, asOf = '2026-07-02') => ({
  modelId: 'lab/model',
  provider,
  inputPerMtok: input,
  outputPerMtok: output,
  asOf,
  source: 'test',
});

describe('selectApiPrices', () => {
  it('sets aside $0 listings, duplicate provider listings and unit-error outliers, with reasons', () => {
    const { prices, skipped } = selectApiPrices([
      listing('free-tier', 0, 0),
      listing('a', 0.1, 0.2),
      listing('b', 0.2, 0.3),
      listing('b', 0.15, 0.25, '2026-07-24'), // newer listing of b wins
      listing('c', 0.3, 0.4),
      listing('broken', 100, 200), // blended 300 vs median 0.5 → over 20×
    ]);
    expect(prices.map((price) => `${price.provider}:${price.inputPerMtok}`)).toEqual(['a:0.1', 'b:0.15', 'c:0.3']);
    expect(skipped.map((entry) => `${entry.price.provider}: ${entry.reason.split(' ')[0]}`)).toEqual([
      'free-tier: $0',
      'b: duplicate',
      'broken: over',
    ]);
  });

  it('filters providers and can keep free listings', () => {
    const input = [listing('a', 0.1, 0.2), listing('B', 0, 0)];
    expect(selectApiPrices(input, { providers: ['b'], includeFree: true }).prices.map((price) => price.provider)).toEqual(['B']);
  });
});
