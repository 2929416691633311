import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../config/load.js';
import { parseTarget } from '../routing/route-table.js';
import { costUsd, createPriceTable } from './price-table.js';

const config = parseGatewayConfig({
  upstreams: {
    openai: { baseUrl: 'http://127.0.0.1:1/v1', prices: { 'gpt-4o': { inputPerMtok: 1, outputPerMtok: 1 } } },
    groq: { baseUrl: 'http://127.0.0.1:2/v1' },
    mine: { baseUrl: 'http://127.0.0.1:3/v1', priceProvider: 'together' },
  },
});
const catalog = {
  prices: [
    { modelId: 'openai/gpt-4o', provider: 'openai', inputPerMtok: 2.5, outputPerMtok: 10 },
    { modelId: 'openai/gpt-4o-mini', provider: 'openai', inputPerMtok: 0.15, outputPerMtok: 0.6 },
    { modelId: 'meta/llama-3.3-70b-instruct', provider: 'groq', inputPerMtok: 0.59, outputPerMtok: 0.79, providerModelId: 'llama-3.3-70b-versatile' },
    { modelId: 'meta/llama-3.3-70b-instruct', provider: 'together', inputPerMtok: 0.88, outputPerMtok: 0.88 },
  ],
  aliases: [{ alias: 'llama-3.3-70b', modelId: 'meta/llama-3.3-70b-instruct' }],
};
const target = (ref: string) => parseTarget(ref, new Set(Object.keys(config.upstreams)))!;

describe('price table', () => {
  it('prefers configured prices, then the catalog by provider model id, bare name or alias', () => {
    const prices = createPriceTable(config, catalog);
    expect(prices.priceFor(target('openai/gpt-4o'))).toEqual({ inputPerMtok: 1, outputPerMtok: 1 });
    expect(prices.priceFor(target('openai/gpt-4o-mini'))?.inputPerMtok).toBe(0.15);
    expect(prices.priceFor(target('groq/llama-3.3-70b-versatile'))?.inputPerMtok).toBe(0.59);
    expect(prices.priceFor(target('mine/llama-3.3-70b'))?.inputPerMtok).toBe(0.88);
    expect(prices.priceFor(target('groq/unknown-model'))).toBeUndefined();
  });

  it('costs tokens per million, and an unknown price as unknown', () => {
    expect(costUsd({ inputPerMtok: 2.5, outputPerMtok: 10 }, 1000, 500)).toBeCloseTo(0.0075, 12);
    expect(costUsd(undefined, 1000, 500)).toBeUndefined();
  });
});
