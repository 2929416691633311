/**
 * The one generic OpenAI-compatible chat model. OpenAI itself, Ollama, vLLM, llama.cpp, LM Studio,
 * OpenRouter, Together, Groq, DeepSeek and Mistral are all this model with a different config.
 */
import { type FetchFunction, postEventStream, postJson } from '../http.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../language-model.js';
import type { GenerateRequest } from '../request.js';
import { elapsedMs, streamFailure } from '../stream-support.js';
import { ChatStreamParts, chatCompletionResult } from './chat-stream-parts.js';
import { toChatCompletionsBody } from './convert-request.js';
import { chatCompletionSchema } from './schemas.js';

export interface OpenAICompatibleConfig {
  /** Provider name used in model references and messages (`ollama`, `groq`…). */
  readonly name: string;
  /** Base URL including the version segment, e.g. `http://127.0.0.1:11434/v1`. */
  readonly baseURL: string;
  readonly apiKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: FetchFunction;
  readonly timeoutMs?: number;
  /** Send `stream_options: {include_usage: true}` (default true; some hosts reject it). */
  readonly includeStreamUsage?: boolean;
  /** Which field carries `maxTokens` (default `max_tokens`; OpenAI's reasoning models need the other). */
  readonly maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Which field carries `seed` (default `seed`; Mistral calls it `random_seed`). */
  readonly seedField?: 'seed' | 'random_seed';
}

function headersFor(config: OpenAICompatibleConfig): Record<string, string> {
  return {
    ...(config.apiKey === undefined ? {} : { authorization: `Bearer ${config.apiKey}` }),
    ...config.headers,
  };
}

export function createOpenAICompatibleChatModel(modelId: string, config: OpenAICompatibleConfig): LanguageModel {
  const provider = config.name;
  const url = `${config.baseURL.replace(/\/+$/, '')}/chat/completions`;
  const bodyOptions = (stream: boolean) => ({
    modelId,
    stream,
    includeStreamUsage: config.includeStreamUsage ?? true,
    maxTokensField: config.maxTokensField ?? 'max_tokens',
    seedField: config.seedField ?? 'seed',
  });

  async function generate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const started = performance.now();
    const { value } = await postJson(
      {
        provider,
        url,
        headers: headersFor(config),
        body: toChatCompletionsBody(request, bodyOptions(false)),
        signal: options.signal,
        timeoutMs: config.timeoutMs,
        fetch: config.fetch,
      },
      chatCompletionSchema,
    );
    return chatCompletionResult(provider, value, elapsedMs(started));
  }

  async function* stream(request: GenerateRequest, options: CallOptions = {}): AsyncGenerator<StreamPart> {
    const started = performance.now();
    const { events } = await postEventStream({
      provider,
      url,
      headers: headersFor(config),
      body: toChatCompletionsBody(request, bodyOptions(true)),
      signal: options.signal,
      timeoutMs: config.timeoutMs,
      fetch: config.fetch,
    });
    const parts = new ChatStreamParts(provider, started);
    const pending: StreamPart[] = [];
    const push = (part: StreamPart): void => {
      pending.push(part);
    };
    try {
      for await (const event of events) {
        const state = parts.data(event.data, push);
        yield* pending.splice(0);
        if (state === 'failed') return;
        if (state === 'done') break;
      }
    } catch (error) {
      yield streamFailure(provider, error, options.signal);
      return;
    }
    parts.end(push);
    yield* pending.splice(0);
  }

  return { provider, modelId, generate, stream };
}
