export * from './language-model.js';
export * from './request.js';
export * from './stream-support.js';
export * from './http.js';
export * from './openai-compatible/provider.js';
export * from './anthropic/provider.js';
export * from './google/provider.js';
