/**
 * Known hosts: which API each speaks, its default base URL, and the environment variables for its key and
 * for a base URL override. Local servers (Ollama, vLLM, llama.cpp, LM Studio) need no key.
 */
export const PROVIDER_KINDS = [
  'openai',
  'anthropic',
  'google',
  'ollama',
  'vllm',
  'llamacpp',
  'lmstudio',
  'openrouter',
  'together',
  'groq',
  'deepseek',
  'mistral',
  'openai-compatible',
  'replay',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export type HostedProviderKind = Exclude<ProviderKind, 'replay'>;

export const PROVIDER_APIS = ['openai-compatible', 'anthropic', 'google'] as const;
export type ProviderApi = (typeof PROVIDER_APIS)[number];

export interface ProviderPreset {
  readonly api: ProviderApi;
  readonly label: string;
  /** Default base URL, including the version segment; undefined when the user must give one. */
  readonly baseURL: string | undefined;
  readonly baseURLEnv: string;
  readonly apiKeyEnv: string;
  readonly apiKeyRequired: boolean;
  /** Runs on the user's own machine. */
  readonly local: boolean;
  /** Dialect details of OpenAI-compatible hosts. */
  readonly openAICompatible?: {
    readonly includeStreamUsage?: boolean;
    readonly maxTokensField?: 'max_tokens' | 'max_completion_tokens';
    readonly seedField?: 'seed' | 'random_seed';
  };
}

function preset(value: ProviderPreset): ProviderPreset {
  return Object.freeze(value);
}

export const PROVIDER_PRESETS: Readonly<Record<HostedProviderKind, ProviderPreset>> = Object.freeze({
  openai: preset({
    api: 'openai-compatible',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    baseURLEnv: 'OPENAI_BASE_URL',
    apiKeyEnv: 'OPENAI_API_KEY',
    apiKeyRequired: true,
    local: false,
    // reasoning models reject max_tokens; every current chat model accepts max_completion_tokens
    openAICompatible: { maxTokensField: 'max_completion_tokens' },
  }),
  anthropic: preset({
    api: 'anthropic',
    label: 'Anthropic',
    baseURL: 'https://api.anthropic.com/v1',
    baseURLEnv: 'ANTHROPIC_BASE_URL',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    apiKeyRequired: true,
    local: false,
  }),
  google: preset({
    api: 'google',
    label: 'Google Gemini',
    baseURL: 'https://generativelanguage.googleapis.com/v1beta',
    baseURLEnv: 'GEMINI_BASE_URL',
    apiKeyEnv: 'GEMINI_API_KEY',
    apiKeyRequired: true,
    local: false,
  }),
  ollama: preset({
    api: 'openai-compatible',
    label: 'Ollama',
    baseURL: 'http://127.0.0.1:11434/v1',
    baseURLEnv: 'OLLAMA_BASE_URL',
    apiKeyEnv: 'OLLAMA_API_KEY',
    apiKeyRequired: false,
    local: true,
  }),
  vllm: preset({
    api: 'openai-compatible',
    label: 'vLLM',
    baseURL: 'http://127.0.0.1:8000/v1',
    baseURLEnv: 'VLLM_BASE_URL',
    apiKeyEnv: 'VLLM_API_KEY',
    apiKeyRequired: false,
    local: true,
  }),
  llamacpp: preset({
    api: 'openai-compatible',
    label: 'llama.cpp server',
    baseURL: 'http://127.0.0.1:8080/v1',
    baseURLEnv: 'LLAMACPP_BASE_URL',
    apiKeyEnv: 'LLAMACPP_API_KEY',
    apiKeyRequired: false,
    local: true,
  }),
  lmstudio: preset({
    api: 'openai-compatible',
    label: 'LM Studio',
    baseURL: 'http://127.0.0.1:1234/v1',
    baseURLEnv: 'LMSTUDIO_BASE_URL',
    apiKeyEnv: 'LMSTUDIO_API_KEY',
    apiKeyRequired: false,
    local: true,
  }),
  openrouter: preset({
    api: 'openai-compatible',
    label: 'OpenRouter',
    baseURL: 'https://openrouter.ai/api/v1',
    baseURLEnv: 'OPENROUTER_BASE_URL',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    apiKeyRequired: true,
    local: false,
  }),
  together: preset({
    api: 'openai-compatible',
    label: 'Together AI',
    baseURL: 'https://api.together.xyz/v1',
    baseURLEnv: 'TOGETHER_BASE_URL',
    apiKeyEnv: 'TOGETHER_API_KEY',
    apiKeyRequired: true,
    local: false,
  }),
  groq: preset({
    api: 'openai-compatible',
    label: 'Groq',
    baseURL: 'https://api.groq.com/openai/v1',
    baseURLEnv: 'GROQ_BASE_URL',
    apiKeyEnv: 'GROQ_API_KEY',
    apiKeyRequired: true,
    local: false,
  }),
  deepseek: preset({
    api: 'openai-compatible',
    label: 'DeepSeek',
    baseURL: 'https://api.deepseek.com/v1',
    baseURLEnv: 'DEEPSEEK_BASE_URL',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    apiKeyRequired: true,
    local: false,
  }),
  mistral: preset({
    api: 'openai-compatible',
    label: 'Mistral',
    baseURL: 'https://api.mistral.ai/v1',
    baseURLEnv: 'MISTRAL_BASE_URL',
    apiKeyEnv: 'MISTRAL_API_KEY',
    apiKeyRequired: true,
    local: false,
    // Mistral rejects unknown fields: no stream_options (it sends usage anyway), and seed is random_seed
    openAICompatible: { includeStreamUsage: false, seedField: 'random_seed' },
  }),
  'openai-compatible': preset({
    api: 'openai-compatible',
    label: 'Any OpenAI-compatible server',
    baseURL: undefined,
    baseURLEnv: 'OPENAI_COMPATIBLE_BASE_URL',
    apiKeyEnv: 'OPENAI_COMPATIBLE_API_KEY',
    apiKeyRequired: false,
    local: false,
  }),
});
