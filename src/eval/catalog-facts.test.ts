import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/index.js';
import { bundledCatalogFacts, catalogFacts } from './catalog-facts.js';

describe('model facts from the bundled catalog', () => {
  it('reads only what a lookup needs and answers as the whole catalog does', () => {
    const catalog = loadCatalog();
    const whole = catalogFacts(catalog);
    const partial = bundledCatalogFacts();
    // models with a price: by id and by display name, at their lab, at a host that lists them, self-hosted
    const priced = catalog.models.filter((model) => catalog.pricesForModel(model.id).length > 0).slice(0, 40);
    const questions: Array<[string, string]> = [['no-such-model-anywhere', 'openai'], ['bench-model', 'vllm']];
    for (const model of priced) {
      const host = catalog.pricesForModel(model.id)[0]!.provider;
      questions.push([model.id, model.lab], [model.name, host], [model.id, 'ollama'], [model.id, 'some-other-host']);
    }
    for (const [name, provider] of questions) expect(partial(name, provider), `${provider}/${name}`).toEqual(whole(name, provider));
    expect(questions.some(([name, provider]) => whole(name, provider)?.price)).toBe(true);
    expect(whole(priced[0]!.id, 'ollama')?.price).toBeNull();
  });
});
