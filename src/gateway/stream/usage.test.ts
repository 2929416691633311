import { describe, expect, it } from 'vitest';
import { embeddingsUsageOf, parseUsage, usageOf } from './usage.js';

describe('chat usage as an upstream reports it', () => {
  it('reads both counts', () => {
    expect(usageOf({ usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 } })).toEqual({ promptTokens: 12, completionTokens: 5 });
    expect(usageOf({ usage: { prompt_tokens: 0, completion_tokens: 0 } })).toEqual({ promptTokens: 0, completionTokens: 0 });
  });

  it('is unknown when a count is missing or not a count — never 0 output tokens', () => {
    expect(usageOf({ usage: { prompt_tokens: 12 } })).toBeUndefined();
    expect(usageOf({ usage: { completion_tokens: 5 } })).toBeUndefined();
    expect(usageOf({ usage: { prompt_tokens: 12, completion_tokens: -1 } })).toBeUndefined();
    expect(usageOf({ usage: { prompt_tokens: 12, completion_tokens: 2.5 } })).toBeUndefined();
    expect(usageOf({ usage: null })).toBeUndefined();
    expect(usageOf('text')).toBeUndefined();
    expect(parseUsage('{"usage":{"prompt_tokens":3}}')).toBeUndefined();
    expect(parseUsage('not json')).toBeUndefined();
  });

  it('reads an embeddings answer, which has input tokens only', () => {
    expect(embeddingsUsageOf({ usage: { prompt_tokens: 8, total_tokens: 8 } })).toEqual({ promptTokens: 8, completionTokens: 0 });
    expect(embeddingsUsageOf({ usage: {} })).toBeUndefined();
  });
});
