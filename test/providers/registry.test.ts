import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import {
  PROVIDER_FACTORIES,
  PROVIDER_KINDS,
  PROVIDER_PRESETS,
  type ProviderKind,
  createProvider,
  resolveLanguageModel,
} from '../../src/providers/index.js';
import { type FakeUpstream, readJson, readChunks, reply, startFakeUpstream } from '../helpers/fake-upstream.js';

const fixture = (name: string) => new URL(`../fixtures/providers/${name}`, import.meta.url);

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

const hosted = PROVIDER_KINDS.filter((kind): kind is Exclude<ProviderKind, 'replay'> => kind !== 'replay');

function routeFor(kind: Exclude<ProviderKind, 'replay'>, prefix: string, modelId: string) {
  const api = PROVIDER_PRESETS[kind].api;
  if (api === 'anthropic') {
    upstream.on(`POST ${prefix}/messages`, reply.json(readJson(fixture('anthropic/anthropic-text.json'))));
    return (headers: Record<string, unknown>) => expect(headers['x-api-key']).toBe(`key-${kind}`);
  }
  if (api === 'google') {
    upstream.on(`POST ${prefix}/models/${modelId}:generateContent`, reply.json(readJson(fixture('google/google-text.json'))));
    return (headers: Record<string, unknown>) => expect(headers['x-goog-api-key']).toBe(`key-${kind}`);
  }
  upstream.on(`POST ${prefix}/chat/completions`, reply.json(readJson(fixture('mistral/mistral-text.json'))));
  return (headers: Record<string, unknown>) => expect(headers.authorization).toBe(`Bearer key-${kind}`);
}

describe('provider registry', () => {
  it('has a factory for every provider kind', () => {
    expect(Object.keys(PROVIDER_FACTORIES).sort()).toEqual([...PROVIDER_KINDS].sort());
  });

  it.each(hosted)('%s: a preset pointed at a local base URL answers with its API and key', async (kind) => {
    const prefix = `/${kind}/v1`;
    const modelId = kind === 'openrouter' ? 'meta-llama/llama-3.1-70b-instruct' : 'some-model';
    const checkAuth = routeFor(kind, prefix, modelId);
    const model = resolveLanguageModel(`${kind}/${modelId}`, {
      env: {},
      baseURLs: { [kind]: `${upstream.url}${prefix}` },
      apiKeys: { [kind]: `key-${kind}` },
    });
    expect(model.provider).toBe(kind);
    expect(model.modelId).toBe(modelId);
    const result = await model.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(result.text.length).toBeGreaterThan(0);
    expect(upstream.requests).toHaveLength(1);
    checkAuth(upstream.requests[0]?.headers ?? {});
    if (PROVIDER_PRESETS[kind].api === 'openai-compatible') {
      expect(upstream.requests[0]?.json).toMatchObject({ model: modelId });
    }
  });

  it('names the missing API key variable', () => {
    for (const kind of hosted.filter((candidate) => PROVIDER_PRESETS[candidate].apiKeyRequired)) {
      const variable = PROVIDER_PRESETS[kind].apiKeyEnv;
      let caught: unknown;
      try {
        resolveLanguageModel(`${kind}/m`, { env: {} });
      } catch (error) {
        caught = error;
      }
      expect(caught, kind).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).where).toBe(variable);
      expect((caught as Error).message).toContain(variable);
    }
  });

  it('reads keys and base URLs from the environment; local servers need no key', async () => {
    upstream.on('POST /ollama/v1/chat/completions', reply.json(readJson(fixture('mistral/mistral-text.json'))));
    const model = resolveLanguageModel('ollama/qwen2.5:7b', { env: { OLLAMA_BASE_URL: `${upstream.url}/ollama/v1` } });
    await model.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(upstream.requests[0]?.headers.authorization).toBeUndefined();
    expect(upstream.requests[0]?.json).toMatchObject({ model: 'qwen2.5:7b' });

    const groq = createProvider('groq', { env: { GROQ_API_KEY: 'from-env', GROQ_BASE_URL: `${upstream.url}/groq/v1` } });
    upstream.on('POST /groq/v1/chat/completions', reply.json(readJson(fixture('groq/groq-text.json'))));
    await groq.languageModel('llama-3.3-70b-versatile').generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(upstream.requests[1]?.headers.authorization).toBe('Bearer from-env');
  });

  it('needs a base URL for a generic OpenAI-compatible server', () => {
    expect(() => resolveLanguageModel('openai-compatible/my-model', { env: {} })).toThrow(/OPENAI_COMPATIBLE_BASE_URL/);
  });

  it('applies host dialects: OpenAI max_completion_tokens, Mistral random_seed and no stream_options', async () => {
    upstream.on('POST /openai/v1/chat/completions', reply.json(readJson(fixture('openai/openai-text.json'))));
    await resolveLanguageModel('openai/gpt-4.1-nano', { env: { OPENAI_API_KEY: 'k' }, baseURLs: { openai: `${upstream.url}/openai/v1` } }).generate({
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: 64,
    });
    expect(upstream.requests[0]?.json).toMatchObject({ max_completion_tokens: 64 });
    expect(upstream.requests[0]?.json).not.toHaveProperty('max_tokens');

    upstream.on('POST /mistral/v1/chat/completions', reply.sse(readChunks(fixture('mistral/mistral-text.chunks.txt'))));
    const mistral = resolveLanguageModel('mistral/mistral-small-latest', {
      env: { MISTRAL_API_KEY: 'k' },
      baseURLs: { mistral: `${upstream.url}/mistral/v1` },
    });
    for await (const part of mistral.stream({ messages: [{ role: 'user', content: 'hi' }], seed: 5, maxTokens: 10 })) void part;
    expect(upstream.requests[1]?.json).toMatchObject({ random_seed: 5, max_tokens: 10, stream: true });
    expect(upstream.requests[1]?.json).not.toHaveProperty('stream_options');
    expect(upstream.requests[1]?.json).not.toHaveProperty('seed');
  });
});
