import { describe, expect, it } from 'vitest';
import type { EvalEstimate, ModelEstimate } from '../eval/estimate.js';
import { renderEvalEstimate } from './eval-estimate.js';

const model = (label: string, overrides: Partial<ModelEstimate>): ModelEstimate => ({
  ref: `openai-compatible/${label}`,
  label,
  role: 'model',
  calls: 10,
  inputTokens: 200,
  outputTokens: 100,
  outputTokensFrom: 'maxTokens',
  price: null,
  costUsd: null,
  costIsLowerBound: false,
  meanLatencyMs: null,
  problem: null,
  ...overrides,
});

const estimate = (models: ModelEstimate[], costUsd: number | null, costComplete: boolean, durationSeconds: number | null): EvalEstimate => ({
  name: 'suite',
  cases: 10,
  repeats: 1,
  concurrency: 4,
  tokenizer: 'o200k_base',
  models,
  calls: models.reduce((sum, entry) => sum + entry.calls, 0),
  costUsd,
  costComplete,
  durationSeconds,
  notes: [],
});

const priced = { price: { inputPerMtok: 1, outputPerMtok: 2, source: 'test' }, costUsd: 0.0004 };

describe('renderEvalEstimate', () => {
  it('says the cost is unknown when no model has a price, never $0', () => {
    const text = renderEvalEstimate(estimate([model('a', {}), model('b', {})], null, false, null));
    expect(text).toContain('total: 20 calls, cost unknown (no model has a price), duration unknown');
    expect(text).not.toMatch(/total:.*\$0/);
  });

  it('gives a lower bound when only some models have a price, and an exact total when all have', () => {
    expect(renderEvalEstimate(estimate([model('a', priced), model('b', {})], 0.0004, false, 12))).toContain('total: 20 calls, at least $0.00040, about 12 s');
    expect(renderEvalEstimate(estimate([model('a', priced), model('b', priced)], 0.0008, true, 600))).toContain('total: 20 calls, $0.00080, about 10 min');
  });
});
