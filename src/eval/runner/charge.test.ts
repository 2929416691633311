import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { chargeOf, chargedAnEstimate } from './charge.js';
import type { EvalTarget, TargetResponse } from './ports.js';

const price = { inputPerMtok: 10, outputPerMtok: 20, source: 'test' };
function target(options: { price?: EvalTarget['price']; maxTokens?: number } = {}): EvalTarget {
  return {
    ref: 'openai-compatible/m',
    label: 'm',
    openWeights: null,
    price: options.price === undefined ? price : options.price,
    settings: options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens },
    generate: () => Promise.reject(new Error('not called')),
  };
}
const messages = [{ role: 'user' as const, content: 'What is 21 + 21?' }];
const prompt = countTokens('What is 21 + 21?') + 6;
const answer = (usage: Pick<TargetResponse, 'inputTokens' | 'outputTokens'>, text = 'The answer is 42.'): TargetResponse => ({ text, toolCalls: [], latencyMs: 5, ...usage });

describe('chargeOf', () => {
  it('charges an answer with its token counts its cost', async () => {
    expect(await chargeOf(target(), messages, answer({ inputTokens: 100, outputTokens: 50 }))).toEqual({ costUsd: (100 * 10 + 50 * 20) / 1e6, chargedUsd: (100 * 10 + 50 * 20) / 1e6, estimated: false });
  });

  it('charges an answer without usage an estimate: the prompt counted, the output at maxTokens or counted from the text', async () => {
    const text = 'The answer is 42.';
    expect(await chargeOf(target(), messages, answer({ inputTokens: null, outputTokens: null }, text))).toEqual({
      costUsd: null,
      chargedUsd: (prompt * 10 + countTokens(text) * 20) / 1e6,
      estimated: true,
    });
    // maxTokens bounds the output (reasoning the text does not show included)
    expect((await chargeOf(target({ maxTokens: 256 }), messages, answer({ inputTokens: null, outputTokens: null }))).chargedUsd).toBeCloseTo((prompt * 10 + 256 * 20) / 1e6, 12);
    // a count that was reported is used as it is
    expect((await chargeOf(target({ maxTokens: 256 }), messages, answer({ inputTokens: 900, outputTokens: null }))).chargedUsd).toBeCloseTo((900 * 10 + 256 * 20) / 1e6, 12);
    expect((await chargeOf(target({ maxTokens: 256 }), messages, answer({ inputTokens: null, outputTokens: 7 }))).chargedUsd).toBeCloseTo((prompt * 10 + 7 * 20) / 1e6, 12);
  });

  it('counts tool calls in the estimated output, and never charges below the answer counted when maxTokens is smaller', async () => {
    const toolCalls = [{ name: 'lookup', arguments: '{"query":"the weather in Paris today"}' }];
    const withTools = { ...answer({ inputTokens: 10, outputTokens: null }, ''), toolCalls };
    expect((await chargeOf(target(), messages, withTools)).chargedUsd).toBeCloseTo((10 * 10 + countTokens(JSON.stringify(toolCalls)) * 20) / 1e6, 12);
    const long = 'word '.repeat(50);
    expect((await chargeOf(target({ maxTokens: 5 }), messages, answer({ inputTokens: 10, outputTokens: null }, long))).chargedUsd).toBeCloseTo((10 * 10 + countTokens(long) * 20) / 1e6, 12);
  });

  it('charges nothing for a model without a price, and leaves its cost unknown', async () => {
    expect(await chargeOf(target({ price: null }), messages, answer({ inputTokens: null, outputTokens: null }))).toEqual({ costUsd: null, chargedUsd: 0, estimated: false });
    expect(await chargeOf(target({ price: null }), messages, answer({ inputTokens: 3, outputTokens: 4 }))).toEqual({ costUsd: null, chargedUsd: 0, estimated: false });
  });
});

describe('chargedAnEstimate', () => {
  const row = { cached: false, inputTokens: null, outputTokens: null, error: null };
  it('is a call really made, with a price and an answer, without both counts', () => {
    expect(chargedAnEstimate(row, { price })).toBe(true);
    expect(chargedAnEstimate({ ...row, inputTokens: 5 }, { price })).toBe(true);
    expect(chargedAnEstimate({ ...row, error: { kind: 'grader', cause: 'c', message: 'm' } }, { price })).toBe(true);
    expect(chargedAnEstimate({ ...row, inputTokens: 5, outputTokens: 6 }, { price })).toBe(false);
    expect(chargedAnEstimate({ ...row, cached: true }, { price })).toBe(false);
    expect(chargedAnEstimate(row, { price: null })).toBe(false);
    // a failed call has no answer: nothing to charge
    expect(chargedAnEstimate({ ...row, error: { kind: 'server', cause: 'HTTP 503', message: 'm' } }, { price })).toBe(false);
  });
});
