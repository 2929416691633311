/**
 * A tiny hand-made catalog for tests (no file access). Dates and scores are chosen so every lag can be
 * worked out on paper; see compute-track.test.ts.
 */
import type { BenchmarkResult, Model, Price } from '../../../src/catalog/schema.js';
import type { TrackCatalog } from '../../../src/track/catalog-input.js';

function model(id: string, openWeights: boolean, license: string | null): Model {
  return {
    id,
    lab: id.split('/')[0] ?? id,
    name: id.split('/')[1] ?? id,
    family: null,
    openWeights,
    license,
    releaseDate: null,
    parametersB: null,
    activeParametersB: null,
    contextWindow: null,
    inputModalities: ['text'],
    outputModalities: ['text'],
    sources: ['test'],
  };
}

function result(modelId: string | null, benchmark: string, score: number, date: string, ci?: [number, number]): BenchmarkResult {
  return {
    modelId,
    modelName: modelId ?? 'unresolved name',
    benchmark,
    score,
    ciLow: ci?.[0] ?? null,
    ciHigh: ci?.[1] ?? null,
    date,
    source: benchmark === 'arena' ? 'test-arena' : 'test-evals',
    sourceRow: null,
  };
}

function price(modelId: string, input: number, output: number): Price {
  return { modelId, provider: 'host', inputPerMtok: input, outputPerMtok: output, cacheReadPerMtok: null, cacheWritePerMtok: null, asOf: '2025-01-01', source: 'test-prices' };
}

export function testCatalog(): TrackCatalog {
  return {
    models: [
      model('lab/closed-1', false, null),
      model('lab/closed-2', false, null),
      model('lab/open-1', true, 'Apache-2.0'),
      model('lab/open-2', true, 'Llama-3.1-Community'),
    ],
    results: [
      result('lab/closed-1', 'bench-a', 0.5, '2024-01-01'),
      result('lab/closed-2', 'bench-a', 0.7, '2024-07-01'),
      result('lab/open-1', 'bench-a', 0.5, '2024-04-01'),
      result('lab/open-2', 'bench-a', 0.7, '2025-01-01'),
      result('lab/closed-1', 'arena', 1200, '2024-01-01', [1190, 1210]),
      result('lab/open-1', 'arena', 1190, '2024-03-01', [1180, 1205]),
      result(null, 'bench-a', 0.99, '2024-01-01'), // unresolved name: ignored
    ],
    taxonomy: {
      domains: [
        { id: 'math', name: 'Math', description: '' },
        { id: 'human-preference', name: 'Human preference', description: '' },
        { id: 'agentic', name: 'Agentic', description: '' },
      ],
      benchmarks: [
        { id: 'bench-a', name: 'Bench A', domain: 'math', metric: 'accuracy', higherIsBetter: true, description: null },
        { id: 'arena', name: 'Arena', domain: 'human-preference', metric: 'elo', higherIsBetter: true, description: null },
        { id: 'agent-x', name: 'Agent X', domain: 'agentic', metric: 'accuracy', higherIsBetter: true, description: null },
      ],
    },
    prices: [price('lab/closed-1', 10, 30), price('lab/closed-2', 5, 15), price('lab/open-1', 0.5, 1.5), price('lab/open-2', 0.8, 1.6)],
    sources: [{ id: 'test-evals', name: 'Test evals', origin: 'hand-made', snapshotDate: '2025-01-01', licence: 'CC0-1.0', taken: 'scores' }],
  };
}
