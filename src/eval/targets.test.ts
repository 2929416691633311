import { describe, expect, it } from 'vitest';
import { suiteTarget, type ModelFactsLookup } from './targets.js';

/** A placeholder key: no call is made, but an API host's model needs one to be built. */
const KEYS = { apiKeys: { openai: 'placeholder' } };

function recordingLookup(): { lookup: ModelFactsLookup; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: (name, provider) => {
      asked.push(`${provider}:${name}`);
      return { catalogId: `lab/${name}`, openWeights: false, price: { inputPerMtok: 1, outputPerMtok: 2, source: 'catalog' } };
    },
  };
}

describe('suite targets and the catalog', () => {
  it('does not ask the catalog when the suite sets the price and the open/closed status', () => {
    const { lookup, asked } = recordingLookup();
    const target = suiteTarget({ ref: 'openai/my-model', price: { inputPerMtok: 3, outputPerMtok: 4 }, openWeights: true }, '.', { facts: lookup, resolve: KEYS });
    expect(asked).toEqual([]);
    expect(target).toMatchObject({ openWeights: true, price: { inputPerMtok: 3, outputPerMtok: 4, source: 'price set in the suite' } });
  });

  it('does not ask for a self-hosted model whose status is set: the catalog has no price for it', () => {
    const { lookup, asked } = recordingLookup();
    const target = suiteTarget({ ref: 'vllm/my-model', openWeights: true }, '.', { facts: lookup, resolve: KEYS });
    expect(asked).toEqual([]);
    expect(target).toMatchObject({ openWeights: true, price: null });
  });

  it('asks for what the suite leaves open, and takes the suite’s own facts over the catalog’s', () => {
    const { lookup, asked } = recordingLookup();
    expect(suiteTarget({ ref: 'vllm/my-model' }, '.', { facts: lookup, resolve: KEYS })).toMatchObject({ openWeights: false });
    expect(suiteTarget({ ref: 'openai/gpt-x', openWeights: true }, '.', { facts: lookup, resolve: KEYS })).toMatchObject({ openWeights: true, price: { source: 'catalog' } });
    expect(suiteTarget({ ref: 'openai/gpt-y', price: { inputPerMtok: 5, outputPerMtok: 6 }, openWeights: false, catalogModel: 'lab/y' }, '.', { facts: lookup, resolve: KEYS })).toMatchObject({
      price: { inputPerMtok: 5, source: 'price set in the suite' },
    });
    expect(asked).toEqual(['vllm:my-model', 'openai:gpt-x', 'openai:lab/y']);
  });
});
