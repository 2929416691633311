/** `createOpenAICompatible({ name, baseURL, apiKey, headers, fetch })`: a provider for any OpenAI-compatible host. */
import { ConfigError } from '../../errors.js';
import type { Provider } from '../language-model.js';
import { type OpenAICompatibleConfig, createOpenAICompatibleChatModel } from './chat-model.js';

export type OpenAICompatibleProviderSettings = OpenAICompatibleConfig;

export function createOpenAICompatible(settings: OpenAICompatibleProviderSettings): Provider {
  if (!/^https?:\/\//.test(settings.baseURL)) {
    throw new ConfigError(`providers.${settings.name}.baseURL`, `must be an http(s) URL, got "${settings.baseURL}"`);
  }
  const config: OpenAICompatibleConfig = Object.freeze({ ...settings, headers: Object.freeze({ ...settings.headers }) });
  return Object.freeze({
    name: config.name,
    languageModel: (modelId: string) => createOpenAICompatibleChatModel(modelId, config),
  });
}
