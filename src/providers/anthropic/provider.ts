/** `createAnthropic({ apiKey, baseURL, headers, fetch })`: a provider for the Anthropic Messages API. */
import type { Provider } from '../language-model.js';
import { type AnthropicConfig, createAnthropicMessagesModel } from './messages-model.js';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com/v1';

export type AnthropicProviderSettings = Partial<AnthropicConfig>;

export function createAnthropic(settings: AnthropicProviderSettings = {}): Provider {
  const config: AnthropicConfig = Object.freeze({
    ...settings,
    name: settings.name ?? 'anthropic',
    baseURL: settings.baseURL ?? ANTHROPIC_BASE_URL,
    headers: Object.freeze({ ...settings.headers }),
  });
  return Object.freeze({
    name: config.name,
    languageModel: (modelId: string) => createAnthropicMessagesModel(modelId, config),
  });
}
