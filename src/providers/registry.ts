/**
 * The typed provider registry: one factory per ProviderKind (a missing one is a compile error), and
 * `resolveLanguageModel('ollama/qwen2.5:7b')` to go from a reference to a ready model.
 */
import { ConfigError } from '../errors.js';
import { createAnthropic } from './anthropic/provider.js';
import { createGoogle } from './google/provider.js';
import type { FetchFunction } from './http.js';
import type { LanguageModel, Provider } from './language-model.js';
import { type ModelRef, parseModelRef } from './model-ref.js';
import { createOpenAICompatible } from './openai-compatible/provider.js';
import { type HostedProviderKind, PROVIDER_PRESETS, type ProviderKind } from './presets.js';
import { type ReplaySettings, createReplay } from './replay/provider.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** What a factory gets: the environment and this provider's overrides. */
export interface ProviderContext {
  env: Environment;
  baseURL?: string;
  apiKey?: string;
  headers?: Readonly<Record<string, string>>;
  fetch?: FetchFunction;
  timeoutMs?: number;
  replay?: ReplaySettings;
}

export type ProviderFactory = (context: ProviderContext) => Provider;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function presetFactory(kind: HostedProviderKind): ProviderFactory {
  const preset = PROVIDER_PRESETS[kind];
  return (context) => {
    const baseURL = nonEmpty(context.baseURL) ?? nonEmpty(context.env[preset.baseURLEnv]) ?? preset.baseURL;
    if (baseURL === undefined) {
      throw new ConfigError(preset.baseURLEnv, `is not set; the ${kind} provider needs a base URL (set ${preset.baseURLEnv} or a base URL override for "${kind}")`);
    }
    const apiKey = nonEmpty(context.apiKey) ?? nonEmpty(context.env[preset.apiKeyEnv]);
    if (apiKey === undefined && preset.apiKeyRequired) {
      throw new ConfigError(preset.apiKeyEnv, `is not set; the ${kind} provider (${preset.label}) needs an API key`);
    }
    const common = {
      name: kind,
      baseURL,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(context.headers === undefined ? {} : { headers: context.headers }),
      ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
      ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }),
    };
    switch (preset.api) {
      case 'openai-compatible':
        return createOpenAICompatible({ ...common, ...preset.openAICompatible });
      case 'anthropic':
        return createAnthropic(common);
      case 'google':
        return createGoogle(common);
    }
  };
}

export const PROVIDER_FACTORIES: Readonly<Record<ProviderKind, ProviderFactory>> = Object.freeze({
  openai: presetFactory('openai'),
  anthropic: presetFactory('anthropic'),
  google: presetFactory('google'),
  ollama: presetFactory('ollama'),
  vllm: presetFactory('vllm'),
  llamacpp: presetFactory('llamacpp'),
  lmstudio: presetFactory('lmstudio'),
  openrouter: presetFactory('openrouter'),
  together: presetFactory('together'),
  groq: presetFactory('groq'),
  deepseek: presetFactory('deepseek'),
  mistral: presetFactory('mistral'),
  'openai-compatible': presetFactory('openai-compatible'),
  replay: (context: ProviderContext) => createReplay(context.replay),
});

export interface ResolveOptions {
  /** Where API keys and base URL overrides are read (default `process.env`). */
  env?: Environment;
  /** Base URL per provider, overriding the preset and the environment (tests point these at 127.0.0.1). */
  baseURLs?: Partial<Record<ProviderKind, string>>;
  /** API key per provider, overriding the environment. */
  apiKeys?: Partial<Record<ProviderKind, string>>;
  headers?: Partial<Record<ProviderKind, Readonly<Record<string, string>>>>;
  fetch?: FetchFunction;
  timeoutMs?: number;
  replay?: ReplaySettings;
}

/** Builds the provider of one kind; throws ConfigError (naming the variable) when a key or URL is missing. */
export function createProvider(kind: ProviderKind, options: ResolveOptions = {}): Provider {
  const context: ProviderContext = { env: options.env ?? process.env };
  const baseURL = options.baseURLs?.[kind];
  const apiKey = options.apiKeys?.[kind];
  const headers = options.headers?.[kind];
  if (baseURL !== undefined) context.baseURL = baseURL;
  if (apiKey !== undefined) context.apiKey = apiKey;
  if (headers !== undefined) context.headers = headers;
  if (options.fetch !== undefined) context.fetch = options.fetch;
  if (options.timeoutMs !== undefined) context.timeoutMs = options.timeoutMs;
  if (options.replay !== undefined) context.replay = options.replay;
  return PROVIDER_FACTORIES[kind](context);
}

/** `resolveLanguageModel('openrouter/meta-llama/llama-3.1-70b-instruct', options)`. */
export function resolveLanguageModel(ref: string | ModelRef, options: ResolveOptions = {}): LanguageModel {
  const parsed = typeof ref === 'string' ? parseModelRef(ref) : ref;
  return createProvider(parsed.provider, options).languageModel(parsed.modelId);
}
