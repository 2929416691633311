import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { formatModelRef, modelRefSchema, parseModelRef } from './model-ref.js';

describe('model references', () => {
  it('splits on the first slash only', () => {
    expect(parseModelRef('openai/gpt-4o')).toEqual({ provider: 'openai', modelId: 'gpt-4o' });
    expect(parseModelRef('ollama/qwen2.5:7b')).toEqual({ provider: 'ollama', modelId: 'qwen2.5:7b' });
    expect(parseModelRef('anthropic/claude-3-5-sonnet')).toEqual({ provider: 'anthropic', modelId: 'claude-3-5-sonnet' });
    expect(parseModelRef('openrouter/meta-llama/llama-3.1-70b-instruct')).toEqual({
      provider: 'openrouter',
      modelId: 'meta-llama/llama-3.1-70b-instruct',
    });
    expect(formatModelRef(parseModelRef('replay/runs/gpt-4o.jsonl'))).toBe('replay/runs/gpt-4o.jsonl');
  });

  it('rejects malformed references and unknown providers with a helpful message', () => {
    expect(() => parseModelRef('gpt-4o')).toThrow(ValidationError);
    expect(() => parseModelRef('openai/')).toThrow(/<provider>\/<model>/);
    expect(() => parseModelRef('/gpt-4o')).toThrow(ValidationError);
    expect(() => parseModelRef('azure/gpt-4o')).toThrow(/unknown provider "azure".*known providers: openai/);
  });

  it('validates references in config through zod', () => {
    expect(modelRefSchema.parse('groq/llama-3.3-70b-versatile')).toEqual({ provider: 'groq', modelId: 'llama-3.3-70b-versatile' });
    const failed = modelRefSchema.safeParse('nope');
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.message).toMatch(/must look like/);
  });
});
