import { describe, expect, it } from 'vitest';
import { dateInName, isSpecificName, ModelResolver } from './resolver.js';
import type { ResolvableModel } from './resolver.js';

const model = (id: string, name: string, releaseDate: string | null): ResolvableModel => ({ id, name, lab: id.split('/')[0] ?? '', releaseDate });

function catalog(): ModelResolver {
  return new ModelResolver(
    [
      model('openai/gpt-4o', 'GPT-4o', '2024-05-13'),
      model('openai/gpt-4o-2024-08-06', 'gpt-4o-2024-08-06', '2024-08-06'),
      model('openai/gpt-4o-2024-11-20', 'gpt-4o-2024-11-20', '2024-11-20'),
      model('openai/o1-preview', 'o1-preview', '2024-09-12'),
      model('openai/o1', 'o1', '2024-12-05'),
      model('meta/llama-3-70b-instruct', 'Llama-3-70B-Instruct', '2024-04-18'),
      model('cohere/command-r-plus', 'Command R+', '2024-04-04'),
      model('cohere/command-r-plus-08-2024', 'Command R+', '2024-08-30'),
      model('mistral/mistral-large-2407', 'mistral-large-2407', '2024-07-24'),
      model('mistral/mistral-large-2411', 'mistral-large-2411', '2024-11-18'),
      model('acme/chat-model', 'chat-model', '2026-03-01'),
    ],
    [
      { alias: 'Command R+', modelId: 'cohere/command-r-plus-08-2024', source: 'later-board' },
      { alias: 'Claude-1', modelId: 'anthropic/claude-1.3', source: null },
    ],
  );
}

describe('ModelResolver', () => {
  it('resolves ids, exact spellings and relaxed spellings', () => {
    const resolver = catalog();
    expect(resolver.resolve('openai/gpt-4o')).toEqual({ status: 'matched', modelId: 'openai/gpt-4o', via: 'id' });
    expect(resolver.resolve('meta-llama/Meta-Llama-3-70B-Instruct')).toMatchObject({ modelId: 'meta/llama-3-70b-instruct', via: 'exact' });
    expect(resolver.resolve('Llama 3 70B')).toMatchObject({ modelId: 'meta/llama-3-70b-instruct', via: 'relaxed' });
  });

  it('picks the undecorated model for a bare family name and the dated one for a dated name', () => {
    const resolver = catalog();
    expect(resolver.resolve('GPT-4o')).toMatchObject({ modelId: 'openai/gpt-4o' });
    expect(resolver.resolve('GPT 4o (Aug 2024)')).toMatchObject({ modelId: 'openai/gpt-4o-2024-08-06' }); // EvalPlus
    expect(resolver.resolve('O1 Preview (Sept 2024)')).toMatchObject({ modelId: 'openai/o1-preview' });
    expect(resolver.resolve('gpt-4o-2024-08-06 (FC)')).toMatchObject({ modelId: 'openai/gpt-4o-2024-08-06', via: 'exact' });
  });

  it('reports ambiguity instead of guessing', () => {
    const resolution = catalog().resolve('Mistral Large');
    expect(resolution).toEqual({ status: 'ambiguous', candidates: ['mistral/mistral-large-2407', 'mistral/mistral-large-2411'] });
    expect(catalog().resolve('Koala-13B')).toEqual({ status: 'unmatched', candidates: [] });
  });

  it('does not index a display name that drops the version its id carries', () => {
    expect(isSpecificName('Command R+', 'command-r-plus-08-2024')).toBe(false);
    expect(isSpecificName('GPT-4o', 'gpt-4o')).toBe(true);
    expect(catalog().resolve('Command R+')).toMatchObject({ modelId: 'cohere/command-r-plus' });
  });

  it('applies source-scoped aliases only to their source, global ones everywhere', () => {
    const resolver = catalog();
    expect(resolver.resolve('Command R+', { source: 'later-board' })).toMatchObject({ modelId: 'cohere/command-r-plus-08-2024', via: 'alias' });
    expect(resolver.resolve('Command R+', { source: 'lmarena' })).toMatchObject({ modelId: 'cohere/command-r-plus' });
    expect(resolver.resolve('claude-1')).toMatchObject({ modelId: 'anthropic/claude-1.3', via: 'alias' });
  });

  it('uses a known release date to choose between versions and to refuse far ones', () => {
    const resolver = catalog();
    expect(resolver.resolve('mistral-large', { releaseDate: '2024-07-20' })).toMatchObject({ modelId: 'mistral/mistral-large-2407' });
    expect(resolver.resolve('mistral-large', { releaseDate: '2024-02-26' })).toMatchObject({ status: 'unmatched' });
  });

  it('uses the date a leaderboard saw a name: no model released much later', () => {
    const resolver = catalog();
    expect(resolver.resolve('chat-model', { seenBy: '2024-05-01' })).toEqual({ status: 'unmatched', candidates: ['acme/chat-model'] });
    expect(resolver.resolve('chat-model', { seenBy: '2026-05-01' })).toMatchObject({ modelId: 'acme/chat-model' });
    expect(resolver.resolve('Mistral Large', { seenBy: '2024-08-01' })).toMatchObject({ modelId: 'mistral/mistral-large-2407' });
  });
});

describe('dateInName', () => {
  it('reads full dates, month names and year-month snapshot numbers', () => {
    expect(dateInName('Claude 3.5 Sonnet (20240620)')).toBe('2024-06-20');
    expect(dateInName('gpt-4o-2024-08-06')).toBe('2024-08-06');
    expect(dateInName('GPT 4o (Aug 2024)')).toBe('2024-08-01');
    expect(dateInName('Command R (08-2024)')).toBe('2024-08-01');
    expect(dateInName('Mistral-small-2402 (FC)')).toBe('2024-02-01');
    expect(dateInName('gpt-4-0613')).toBeNull(); // month-day, no year
    expect(dateInName('Llama-3.1-405B')).toBeNull();
  });
});
