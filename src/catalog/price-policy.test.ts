import { describe, expect, it } from 'vitest';
import { blendedPrice, choosePrice, describePriceChoice, modelPrice, providerKey } from './price-policy.js';
import type { Price, PriceHistoryEntry } from './schema.js';

function listing(provider: string, input: number, output: number, asOf = '2026-07-02', source = 'models-dev'): Price {
  return { modelId: 'openai/gpt-5-mini', provider, inputPerMtok: input, outputPerMtok: output, cacheReadPerMtok: null, cacheWritePerMtok: null, asOf, source };
}

function change(provider: string, date: string): PriceHistoryEntry {
  return { modelId: 'openai/gpt-5-mini', providerModelKey: 'gpt-5-mini', provider, date, event: 'changed', inputPerMtok: 0.25, outputPerMtok: 2, source: 'litellm-history' };
}

// GPT-5 Mini as the bundled data lists it: OpenAI $0.25 / $2; one reseller far below, others at or near OpenAI's.
const gpt5Mini = [
  listing('qihang-ai', 0.04, 0.29),
  listing('poe', 0.22, 1.8),
  listing('openai', 0.25, 2),
  listing('openrouter', 0.25, 2),
  listing('snowflake', 0.3, 1.2, '2026-07-24', 'litellm'),
  listing('nano-gpt', 0, 0),
];

describe('choosePrice', () => {
  it('first-party: the maker’s own API, whatever resellers charge', () => {
    const choice = choosePrice(gpt5Mini, { lab: 'openai' }, 'first-party')!;
    expect(choice).toMatchObject({ basis: 'first-party', providers: 5, price: { provider: 'openai', inputPerMtok: 0.25, outputPerMtok: 2 } });
    expect(choice.blendedPerMtok).toBeCloseTo(0.6875, 12);
    expect(describePriceChoice(choice)).toBe("openai, 2026-07-02 (the maker's own API)");
  });

  it('cheapest: the lowest listing from anyone; median: the middle one, an actual listing', () => {
    expect(choosePrice(gpt5Mini, { lab: 'openai' }, 'cheapest')!.price.provider).toBe('qihang-ai');
    // blended: qihang 0.1025, snowflake 0.525, poe 0.615, openai 0.6875, openrouter 0.6875 → the third of five
    const median = choosePrice(gpt5Mini, { lab: 'openai' }, 'median')!;
    expect(median).toMatchObject({ basis: 'median', price: { provider: 'poe' } });
    // four listings: the lower of the two middle ones
    expect(choosePrice(gpt5Mini.slice(0, 4), { lab: 'openai' }, 'median')!.price.provider).toBe('poe');
  });

  it('falls back to the median when the maker lists no price (open models, most often)', () => {
    const choice = choosePrice(gpt5Mini.filter((price) => price.provider !== 'openai'), { lab: 'openai' }, 'first-party')!;
    expect(choice.basis).toBe('median');
    expect(describePriceChoice(choice)).toBe('snowflake, 2026-07-24 (median of 4 providers)');
  });

  it('sets $0 listings aside, and listings dated before the model’s newest price change', () => {
    const choice = choosePrice(gpt5Mini, { lab: 'openai', history: [change('openai', '2026-07-16'), change('deepinfra', '2026-07-20')] }, 'cheapest')!;
    // OpenAI changed the price on 2026-07-16: only snowflake's 2026-07-24 listing is newer
    expect(choice).toMatchObject({ providers: 1, price: { provider: 'snowflake' } });
    expect(choice.setAside.map((entry) => entry.reason)).toContain("listed 2026-07-02, before the model's price change of 2026-07-16");
    expect(choice.setAside.some((entry) => entry.price.provider === 'nano-gpt' && entry.reason.startsWith('$0'))).toBe(true);
  });

  it('a reseller’s own price change dates only its own listings', () => {
    const choice = choosePrice(gpt5Mini, { lab: 'openai', history: [change('poe', '2026-07-10')] }, 'median')!;
    expect(choice.providers).toBe(4);
    expect(choice.setAside.find((entry) => entry.price.provider === 'poe')?.reason).toMatch(/before the model's price change of 2026-07-10/);
  });

  it('counts a provider once however sources spell it, keeping its latest listing and its base tier', () => {
    const listings = [
      listing('bedrock', 1, 5, '2026-07-24', 'litellm'),
      listing('bedrock_converse', 1.1, 5.5, '2026-07-24', 'litellm'),
      listing('amazon-bedrock', 0.5, 2, '2026-07-02'),
    ];
    const choice = choosePrice(listings, { lab: 'amazon' }, 'first-party')!;
    expect(providerKey('bedrock_converse')).toBe('amazon-bedrock');
    expect(choice).toMatchObject({ basis: 'first-party', providers: 1, price: { provider: 'bedrock', inputPerMtok: 1 } });
    expect(choice.setAside).toHaveLength(2);
  });

  it('returns null without a usable listing', () => {
    expect(choosePrice([listing('ollama', 0, 0)], { lab: 'meta' })).toBeNull();
    expect(choosePrice([], { lab: 'meta' })).toBeNull();
  });
});

describe('modelPrice', () => {
  it('reads the model’s lab, listings and history from a catalog', () => {
    const catalog = {
      getModel: (id: string) => (id === 'openai/gpt-5-mini' ? { lab: 'openai' } : undefined),
      pricesForModel: () => gpt5Mini,
      priceHistoryForModel: () => [],
    };
    expect(modelPrice(catalog, 'openai/gpt-5-mini')?.price.provider).toBe('openai');
    expect(modelPrice(catalog, 'nobody/nothing')).toBeNull();
    expect(blendedPrice({ inputPerMtok: 2.5, outputPerMtok: 10 })).toBe(4.375);
  });
});
