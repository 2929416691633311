/** `createGoogle({ apiKey, baseURL, headers, fetch })`: a provider for the Gemini API. */
import type { Provider } from '../language-model.js';
import { type GoogleConfig, createGeminiModel } from './gemini-model.js';

export const GOOGLE_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

export type GoogleProviderSettings = Partial<GoogleConfig>;

export function createGoogle(settings: GoogleProviderSettings = {}): Provider {
  const config: GoogleConfig = Object.freeze({
    ...settings,
    name: settings.name ?? 'google',
    baseURL: settings.baseURL ?? GOOGLE_BASE_URL,
    headers: Object.freeze({ ...settings.headers }),
  });
  return Object.freeze({
    name: config.name,
    languageModel: (modelId: string) => createGeminiModel(modelId, config),
  });
}
