/** A small, valid catalog for unit tests of the loader, queries and doctor (not bundled data). */
import type { CatalogData } from '../../src/catalog/data-files.js';
import type { BenchmarkResult, Model, Price } from '../../src/catalog/schema.js';

const model = (id: string, openWeights: boolean, extra: Partial<Model> = {}): Model => ({
  id,
  lab: id.split('/')[0] ?? 'lab',
  name: id.split('/')[1] ?? id,
  family: null,
  openWeights,
  license: openWeights ? 'Apache-2.0' : null,
  releaseDate: '2024-06-01',
  parametersB: null,
  activeParametersB: null,
  contextWindow: 128000,
  inputModalities: ['text'],
  outputModalities: ['text'],
  sources: ['test'],
  ...extra,
});

const result = (modelId: string | null, modelName: string, benchmark: string, score: number, source = 'board'): BenchmarkResult => ({
  modelId,
  modelName,
  benchmark,
  score,
  ciLow: null,
  ciHigh: null,
  date: '2024-07-01',
  source,
  sourceRow: null,
});

const price = (modelId: string, provider: string, input: number, output: number): Price => ({
  modelId,
  provider,
  inputPerMtok: input,
  outputPerMtok: output,
  cacheReadPerMtok: null,
  cacheWritePerMtok: null,
  asOf: '2026-07-01',
  source: 'test',
  providerModelId: null,
});

export function testCatalogData(): CatalogData {
  return {
    models: [
      model('meta/llama-3-70b-instruct', true, { name: 'Llama-3-70B-Instruct', license: 'Llama-3-Community', contextWindow: 8192, releaseDate: '2024-04-18' }),
      model('alibaba/qwen2.5-72b-instruct', true, { name: 'Qwen2.5-72B-Instruct', releaseDate: '2024-09-19' }),
      model('openai/gpt-4o', false, { name: 'GPT-4o', releaseDate: '2024-05-13' }),
      model('openai/gpt-4o-mini', false, { name: 'GPT-4o mini', releaseDate: '2024-07-18' }),
    ],
    prices: [
      price('openai/gpt-4o', 'openai', 2.5, 10),
      price('openai/gpt-4o', 'azure', 2.75, 11),
      price('openai/gpt-4o-mini', 'openai', 0.15, 0.6),
      price('meta/llama-3-70b-instruct', 'together', 0.88, 0.88),
      price('meta/llama-3-70b-instruct', 'ollama', 0, 0),
    ],
    priceHistory: [],
    results: [
      result('meta/llama-3-70b-instruct', 'Llama-3-70b-Instruct', 'lmarena-text', 1206),
      result('openai/gpt-4o', 'GPT-4o-2024-05-13', 'lmarena-text', 1287),
      result('alibaba/qwen2.5-72b-instruct', 'Qwen2.5-72B-Instruct', 'humaneval', 0.86, 'evalplus'),
      result(null, 'Koala-13B', 'lmarena-text', 964),
      result(null, 'Mistral Large', 'humaneval', 0.7, 'evalplus'),
    ],
    taxonomy: {
      domains: [
        { id: 'coding', name: 'Coding', description: 'code' },
        { id: 'human-preference', name: 'Human preference', description: 'votes' },
      ],
      benchmarks: [
        { id: 'humaneval', name: 'HumanEval', domain: 'coding', metric: 'accuracy', higherIsBetter: true, description: null },
        { id: 'lmarena-text', name: 'LMArena text', domain: 'human-preference', metric: 'elo', higherIsBetter: true, description: null },
      ],
    },
    aliases: [
      { alias: 'Llama 3 70B', modelId: 'meta/llama-3-70b-instruct', source: null, kind: 'curated' },
      { alias: 'GPT-4o-2024-05-13', modelId: 'openai/gpt-4o', source: 'board', kind: 'derived' },
    ],
    sources: [{ id: 'board', name: 'A board', origin: 'example', snapshotDate: '2024-07-01', licence: 'MIT', taken: 'scores' }],
    conflicts: [
      {
        modelId: 'openai/gpt-4o',
        field: 'releaseDate',
        chosen: '2024-05-13',
        values: [
          { source: 'a', name: 'gpt-4o', value: '2024-05-13' },
          { source: 'b', name: 'GPT-4o', value: '2024-08-06' },
        ],
      },
    ],
    unresolved: [
      { source: 'board', name: 'Koala-13B', status: 'unmatched', rows: 1, candidates: [] },
      { source: 'evalplus', name: 'Mistral Large', status: 'ambiguous', rows: 1, candidates: ['mistral/a', 'mistral/b'] },
    ],
  };
}
