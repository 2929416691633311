import { describe, expect, it } from 'vitest';
import type { Price } from '../schema.js';
import { setAsideImplausibleHistory, setAsideImplausiblePrices } from './price-outliers.js';

const listing = (provider: string, input: number, output: number, modelId = 'meta/llama-3.1-8b-instruct'): Price => ({
  modelId,
  provider,
  inputPerMtok: input,
  outputPerMtok: output,
  cacheReadPerMtok: null,
  cacheWritePerMtok: null,
  asOf: '2026-07-01',
  source: 'litellm',
  providerModelId: `${provider}/model`,
});

describe('setAsideImplausiblePrices', () => {
  it('sets aside a listing far above the median of the same model elsewhere, and keeps the rest in order', () => {
    const prices = [listing('deepinfra', 0.02, 0.05), listing('groq', 0.05, 0.08), listing('wandb', 22000, 22000), listing('together', 0.18, 0.18), listing('fireworks', 0.2, 0.2)];
    const { kept, setAside } = setAsideImplausiblePrices(prices);
    expect(kept.map((price) => price.provider)).toEqual(['deepinfra', 'groq', 'together', 'fireworks']);
    expect(setAside).toHaveLength(1);
    expect(setAside[0]).toMatchObject({ peers: 4, price: { provider: 'wandb' } });
    expect(setAside[0]?.medianInput).toBeCloseTo(0.115);
  });

  it('keeps expensive listings when too few others exist to judge, and premium tiers within the factor', () => {
    const lonely = [listing('wandb', 15000, 60000, 'openai/gpt-oss-120b'), listing('openai', 0.1, 0.5, 'openai/gpt-oss-120b')];
    expect(setAsideImplausiblePrices(lonely).setAside).toEqual([]);
    const premium = [listing('a', 1, 2), listing('b', 1, 2), listing('c', 1, 2), listing('priority', 60, 90)];
    expect(setAsideImplausiblePrices(premium).setAside).toEqual([]);
  });

  it('ignores free listings when taking the median', () => {
    const prices = [listing('free', 0, 0), listing('a', 1, 1), listing('b', 1, 1), listing('c', 1, 1), listing('odd', 150, 1)];
    expect(setAsideImplausiblePrices(prices).setAside.map((entry) => entry.price.provider)).toEqual(['odd']);
  });
});

describe('setAsideImplausibleHistory', () => {
  it("sets aside events far above the model's current median and keeps events of models without enough listings", () => {
    const current = [listing('a', 0.1, 0.2), listing('b', 0.2, 0.2), listing('c', 0.22, 0.22)];
    const event = (provider: string, input: number | null, modelId: string | null = 'meta/llama-3.1-8b-instruct') => ({
      modelId, providerModelKey: `${provider}/x`, provider, date: '2025-01-01', event: 'added' as const, inputPerMtok: input, outputPerMtok: input, source: 'litellm',
    });
    const history = [event('a', 0.1), event('wandb', 22000), event('b', null), event('other', 5000, 'nobody/lonely'), event('gone', 5000, null)];
    const { kept, setAside } = setAsideImplausibleHistory(history, current);
    expect(setAside.map((entry) => entry.provider)).toEqual(['wandb']);
    expect(kept.map((entry) => entry.provider)).toEqual(['a', 'b', 'other', 'gone']);
  });
});
