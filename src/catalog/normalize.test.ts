import { describe, expect, it } from 'vitest';
import { exactKey, nameKeys, relaxedKey, slugify } from './normalize.js';

describe('exactKey', () => {
  it('treats spellings of one model from different sources alike', () => {
    // models.dev, LMArena, Hugging Face repo, Epoch model version
    const spellings = ['llama-3-70b-instruct', 'Llama-3-70B-Instruct', 'meta-llama/Meta-Llama-3-70B-Instruct', 'Meta-Llama-3-70B-Instruct'];
    expect(new Set(spellings.map(exactKey)).size).toBe(1);
    expect(exactKey('Qwen2.5-72B-Instruct')).toBe(exactKey('qwen-2.5-72b-instruct'));
    expect(exactKey('Qwen-1_8B')).toBe(exactKey('Qwen 1.8B'));
  });

  it('drops run configuration but keeps what names a release', () => {
    expect(exactKey('GPT-4o-2024-08-06 (FC)')).toBe(exactKey('gpt-4o-2024-08-06')); // BFCL mode
    expect(exactKey('o3-2025-04-16_high')).toBe(exactKey('o3-2025-04-16')); // Epoch reasoning effort
    expect(exactKey('claude-sonnet-4-5-20250929_32K')).toBe(exactKey('claude-sonnet-4-5-20250929'));
    expect(exactKey('DeepSeek-V3.1_thinking')).toBe(exactKey('DeepSeek-V3.1'));
    expect(exactKey('Claude 3.5 Sonnet (20240620)')).toBe(exactKey('claude-3-5-sonnet-20240620'));
    expect(exactKey('Command-R-Plus (FC) (Original)')).not.toBe(exactKey('Command-R-Plus (FC)'));
    expect(exactKey('Mistral Small (latest)')).not.toBe(exactKey('Mistral Small'));
  });

  it('keeps + as a word and joins a month-day written apart', () => {
    expect(exactKey('Command R+')).toBe(exactKey('Command-R-Plus'));
    expect(exactKey('Command R+')).not.toBe(exactKey('Command R'));
    expect(exactKey('Grok-2-08-13')).toBe(exactKey('grok-2-0813'));
    expect(exactKey('command-r-08-2024')).not.toBe(exactKey('command-r-0820-24'));
  });

  it('ignores quantisation tags and Bedrock API versions of the same weights', () => {
    expect(exactKey('llama3.1-405b-instruct-q4_k_m')).toBe(exactKey('Llama-3.1-405B-Instruct'));
    expect(exactKey('Meta-Llama-3.1-405B-Instruct-fp8')).toBe(exactKey('Meta-Llama-3.1-405B-Instruct'));
    expect(exactKey('claude-3-5-sonnet-20240620-v1:0')).toBe(exactKey('claude-3-5-sonnet-20240620'));
    expect(exactKey('DeepSeek-Coder-V2-Instruct')).toContain('v-2'); // a version in the name is not an API version
  });
});

describe('relaxedKey', () => {
  it('drops dates, snapshot numbers and variant words', () => {
    expect(relaxedKey('Llama 3 70B')).toBe(relaxedKey('Meta-Llama-3-70B-Instruct'));
    expect(relaxedKey('GPT 4o (Aug 2024)')).toBe('gpt-4-o');
    expect(relaxedKey('gpt-4o-2024-11-20')).toBe('gpt-4-o');
    expect(relaxedKey('gemini-2.5-pro-preview-05-06')).toBe(relaxedKey('Gemini-2.5-Pro'));
    expect(relaxedKey('Gemini-1.5-Pro-002')).toBe(relaxedKey('gemini-1.5-pro'));
    expect(relaxedKey('mistral-small-2501')).toBe('mistral-small');
    expect(relaxedKey('o3-mini-high')).toBe(relaxedKey('o3-mini'));
  });

  it('keeps what tells models apart', () => {
    expect(relaxedKey('gpt-4o-mini')).not.toBe(relaxedKey('gpt-4o'));
    expect(relaxedKey('deepseek-v3.2')).not.toBe(relaxedKey('deepseek-v3.1'));
    expect(relaxedKey('Starling-LM-7B-beta')).not.toBe(relaxedKey('Starling-LM-7B-alpha'));
    expect(relaxedKey('Mistral-7B-Instruct-v0.2')).not.toBe(relaxedKey('Mistral-7B-Instruct-v0.1'));
    expect(nameKeys('Qwen3-235B-A22B-Thinking-2507').relaxed).toContain('thinking');
  });
});

describe('slugify', () => {
  it('makes an id segment from a source name', () => {
    expect(slugify('Claude 3.5 Sonnet (20240620)')).toBe('claude-3.5-sonnet-20240620');
    expect(slugify('o3-mini-2025-01-31_high')).toBe('o3-mini-2025-01-31');
    expect(slugify('Command R+')).toBe('command-r-plus');
    expect(slugify('Nexusflow/NexusRaven-V2-13B')).toBe('nexusraven-v2-13b');
  });
});
