import { describe, expect, it } from 'vitest';
import { gpuKey, modelKey } from './reference-keys.js';

describe('modelKey', () => {
  it('gives a catalog id and a model-card name the same key', () => {
    expect(modelKey('meta/llama-3.1-8b-instruct')).toBe('llama-3-1-8b');
    expect(modelKey('Meta-Llama-3.1-8B-Instruct')).toBe('llama-3-1-8b');
    expect(modelKey('Llama-3.3-70B-Instruct')).toBe('llama-3-3-70b');
  });

  it('drops a trailing release tag before the chat suffix', () => {
    expect(modelKey('mistral/mixtral-8x7b-instruct-v0.1')).toBe('mixtral-8x7b');
    expect(modelKey('Mixtral-8x7B')).toBe('mixtral-8x7b');
    expect(modelKey('mistralai/Mistral-7B-Instruct-v0.2')).toBe('mistral-7b');
  });

  it('keeps what names a different model', () => {
    expect(modelKey('qwen/qwen2.5-72b-instruct')).toBe('qwen2-5-72b');
    expect(modelKey('deepseek/deepseek-v3')).toBe('deepseek-v3'); // a version that is the model's name, not a release tag
  });
});

describe('gpuKey', () => {
  it('reads GPU classes from price-list and benchmark wording', () => {
    expect(gpuKey('H100 SXM5 80GB')).toBe('h100');
    expect(gpuKey('H100 PCIe 80GB')).toBe('h100-pcie');
    expect(gpuKey('H100 SXM vs A100 80GB')).toBeNull();
  });
});
