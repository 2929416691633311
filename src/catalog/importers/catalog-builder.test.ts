import { describe, expect, it } from 'vitest';
import { CatalogBuilder } from './catalog-builder.js';
import type { ModelFact } from './model-facts.js';

const fact = (source: string, name: string, extra: Partial<ModelFact> = {}): ModelFact => ({ source, name, ...extra });

describe('CatalogBuilder', () => {
  it('merges the same model from several sources; the first source wins each fact, all values are kept', () => {
    const builder = new CatalogBuilder([]);
    const id = builder.add(fact('models-dev', 'llama-3.3-70b-instruct', { lab: 'meta', openWeights: true, releaseDate: '2024-12-06', contextWindow: 128000 }));
    expect(id).toBe('meta/llama-3.3-70b-instruct');
    expect(builder.add(fact('epoch-eci', 'Llama-3.3-70B-Instruct', { lab: 'meta', openWeights: true, releaseDate: '2024-12-06' }))).toBe(id);
    expect(builder.add(fact('lmarena', 'Llama-3.3-70B-Instruct', { openWeights: false, releaseDate: '2024-12-20', releaseDateApprox: true }))).toBe(id);
    builder.finish();
    const [model] = builder.toModels();
    expect(model).toMatchObject({ openWeights: true, releaseDate: '2024-12-06', contextWindow: 128000, sources: ['models-dev', 'epoch-eci', 'lmarena'] });
    expect(model?.provenance).toMatchObject({ openWeights: 'models-dev', releaseDate: 'models-dev' });
    const [conflict] = builder.conflicts();
    expect(conflict).toMatchObject({ modelId: id, field: 'openWeights', chosen: true });
    expect(conflict?.values.map((value) => `${value.source}=${String(value.value)}`)).toContain('lmarena=false');
  });

  it('keeps dated releases with the same relaxed name apart when their dates are far apart', () => {
    const builder = new CatalogBuilder([]);
    const first = builder.add(fact('epoch-eci', 'DeepSeek-V3', { lab: 'deepseek', openWeights: true, releaseDate: '2024-12-26' }));
    const second = builder.add(fact('epoch-eci', 'DeepSeek-V3-0324', { lab: 'deepseek', openWeights: true, releaseDate: '2025-03-24' }));
    const base = builder.add(fact('epoch-eci', 'DeepSeek-V3-Base', { lab: 'deepseek', openWeights: true, releaseDate: '2024-12-26' }));
    expect(second).not.toBe(first);
    expect(base).toBe(first); // base and chat weights of one release are one catalog model
  });

  it('does not create a model from a fact that says nothing about open weights', () => {
    const builder = new CatalogBuilder([]);
    expect(builder.add(fact('epoch-models', 'internlm-20b', { lab: 'internlm', releaseDate: '2023-09-18' }))).toBeNull();
    expect(builder.models).toHaveLength(0);
  });

  it('combines partial facts that match no model: one source knows the licence, another the date', () => {
    const builder = new CatalogBuilder([]);
    builder.add(fact('bfcl', 'Functionary-Small-v3.1 (FC)', { lab: 'meetkai', openWeights: true, license: 'MIT', create: false }));
    builder.add(fact('open-llm-leaderboard', 'meetkai/functionary-small-v3.1', { lab: 'meetkai', openWeights: true, releaseDate: '2024-07-26', releaseDateApprox: true, combineOnly: true }));
    builder.retryPending();
    const [model] = builder.toModels();
    expect(model).toMatchObject({ lab: 'meetkai', openWeights: true, license: 'MIT', releaseDate: '2024-07-26' });
  });

  it('lets a leaderboard listing overrule a release date it proves too late', () => {
    const builder = new CatalogBuilder([]);
    const id = builder.add(fact('models-dev', 'llama-3.1-nemotron-70b-instruct', { lab: 'nvidia', openWeights: true, releaseDate: '2025-04-15' }));
    builder.add(fact('lmarena', 'Llama-3.1-Nemotron-70B-Instruct', { openWeights: true, releaseDate: '2024-10-16', releaseDateApprox: true, listedBy: '2024-10-16' }));
    expect(builder.get(id ?? '')?.releaseDate).toBe('2024-10-16');
    expect(builder.conflicts().map((conflict) => conflict.field)).toContain('releaseDate');
  });

  it('applies curated corrections from the moment the model exists, and adds curated models', () => {
    const builder = new CatalogBuilder([], [
      { id: 'openai/gpt-4', releaseDate: '2023-03-14', source: 'https://example.test/gpt-4-card', note: 'test' },
      { id: 'acme/hand-added', name: 'Hand Added', openWeights: false, releaseDate: '2024-01-01', source: 'https://example.test/acme', note: 'test' },
    ]);
    builder.add(fact('models-dev', 'gpt-4', { lab: 'openai', openWeights: false, releaseDate: '2023-11-06' }));
    // with the corrected date, gpt-4-1106-preview is no longer within a month of gpt-4 and stays a model of its own
    const turbo = builder.add(fact('epoch-eci', 'gpt-4-1106-preview', { lab: 'openai', openWeights: false, releaseDate: '2023-11-06' }));
    builder.applyOverrides([{ id: 'acme/hand-added', name: 'Hand Added', openWeights: false, releaseDate: '2024-01-01', source: 'https://example.test/acme', note: 'test' }]);
    expect(turbo).toBe('openai/gpt-4-1106-preview');
    expect(builder.get('openai/gpt-4')).toMatchObject({ releaseDate: '2023-03-14' });
    // the field names where the correction comes from
    expect(builder.get('openai/gpt-4')?.provenance.releaseDate).toBe('curated: https://example.test/gpt-4-card');
    expect(builder.get('acme/hand-added')).toMatchObject({ openWeights: false, sources: ['curated'] });
  });

  it('merges an exact-only fact by exact name and never into a sibling version', () => {
    const builder = new CatalogBuilder([]);
    builder.add(fact('models-dev', 'codestral-2501', { lab: 'mistral', openWeights: false, releaseDate: '2025-01-13' }));
    builder.add(fact('litellm', 'codestral-2508', { lab: 'mistral', contextWindow: 256000, create: false, exactOnly: true }));
    expect(builder.get('mistral/codestral-2501')?.contextWindow).toBeNull();
    expect(builder.droppedFacts.map((dropped) => dropped.name)).toContain('codestral-2508');
    builder.add(fact('litellm', 'codestral-2501', { lab: 'mistral', contextWindow: 256000, create: false, exactOnly: true }));
    expect(builder.get('mistral/codestral-2501')).toMatchObject({ contextWindow: 256000, provenance: { contextWindow: 'litellm' } });
  });
});
