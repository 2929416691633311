/**
 * Public facts of well-known models in the bundled catalog (data/), as a new user looks them up: a context
 * window and a price where they are public, each traceable to its source. Runs on the committed data, so it
 * holds on a fresh clone without ../shared.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/catalog/load.js';
import { describeModel } from '../../src/catalog/query.js';

describe('bundled catalog facts', () => {
  const catalog = loadCatalog();

  it('gives Llama 3.1 70B Instruct its 128k context, from Meta\'s model card', () => {
    const { model } = describeModel(catalog, 'meta/llama-3.1-70b-instruct');
    expect(model.contextWindow).toBe(128000);
    expect(model.provenance?.contextWindow).toMatch(/^curated: https:\/\/github\.com\/meta-llama\/llama-models\/.*llama3_1\/MODEL_CARD\.md$/);
  });

  it('gives claude-2.1 its context window and its last list price, marked as no longer listed', () => {
    const details = describeModel(catalog, 'anthropic/claude-2.1');
    expect(details.model.contextWindow).toBe(200000);
    expect(details.model.provenance?.contextWindow).toBe('litellm-history');
    expect(details.prices).toEqual([]);
    expect(details.lastListed).toContainEqual(expect.objectContaining({ provider: 'anthropic', inputPerMtok: 8, outputPerMtok: 24, removedOn: expect.any(String) }));
  });

  it('names a source for every curated fact, and the model it corrects exists', () => {
    const curated = parse(readFileSync(new URL('../../data/curated/models.yaml', import.meta.url), 'utf8')) as { models: Array<Record<string, unknown> & { id: string; source: string }> };
    for (const entry of curated.models) {
      const model = catalog.getModel(entry.id);
      expect(model, entry.id).toBeDefined();
      for (const field of Object.keys(entry).filter((key) => !['id', 'source', 'note'].includes(key))) {
        expect(model?.provenance?.[field], `${entry.id} ${field}`).toBe(`curated: ${entry.source}`);
      }
    }
  });
});
