/**
 * The one generic OpenAI-compatible chat model. OpenAI itself, Ollama, vLLM, llama.cpp, LM Studio,
 * OpenRouter, Together, Groq, DeepSeek and Mistral are all this model with a different config.
 */
import { ProviderError } from '../../errors.js';
import { type FetchFunction, postEventStream, postJson } from '../http.js';
import { parseJsonWith } from '../json.js';
import type {
  CallOptions,
  FinishReason,
  GenerateResult,
  LanguageModel,
  StreamPart,
  ToolCall,
  Usage,
} from '../language-model.js';
import type { GenerateRequest } from '../request.js';
import { UNKNOWN_USAGE, elapsedMs, incompleteStream, streamFailure } from '../stream-support.js';
import { toChatCompletionsBody } from './convert-request.js';
import {
  type ChatCompletionChunk,
  chatCompletionChunkSchema,
  chatCompletionSchema,
  convertUsage,
  mapFinishReason,
} from './schemas.js';

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

interface PendingToolCall extends ToolCall {
  emitted: boolean;
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
    const choice = value.choices[0];
    if (choice === undefined) throw new ProviderError(provider, 'the response has no choices', { isRetryable: false });
    const toolCalls = (choice.message.tool_calls ?? []).map((call, index) => ({
      toolCallId: call.id ?? `call_${index}`,
      toolName: call.function.name,
      input: call.function.arguments ?? '',
    }));
    const reasoning = choice.message.reasoning_content ?? choice.message.reasoning ?? undefined;
    return {
      text: choice.message.content ?? '',
      reasoning: reasoning === '' ? undefined : reasoning,
      toolCalls,
      usage: convertUsage(value.usage),
      finishReason: mapFinishReason(choice.finish_reason),
      rawFinishReason: choice.finish_reason ?? undefined,
      responseId: value.id ?? undefined,
      responseModelId: value.model ?? undefined,
      latencyMs: elapsedMs(started),
      warnings: [],
    };
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
    let firstPartMs: number | undefined;
    let responseId: string | undefined;
    let responseModelId: string | undefined;
    let usage: Usage = UNKNOWN_USAGE;
    let rawFinishReason: string | undefined;
    let finishReason: FinishReason | undefined;
    let sawDone = false;
    const toolCalls = new Map<number, PendingToolCall>();

    const markFirst = () => {
      firstPartMs ??= elapsedMs(started);
    };
    function* flushToolCalls(): Generator<StreamPart> {
      for (const slot of [...toolCalls.keys()].sort((a, b) => a - b)) {
        const call = toolCalls.get(slot);
        if (call === undefined || call.emitted) continue;
        call.emitted = true;
        yield { type: 'tool-call', toolCallId: call.toolCallId, toolName: call.toolName, input: call.input };
      }
    }
    /** Hosts that omit `index` (Mistral): a new id starts a call, a delta without one continues the last. */
    function slotOf(delta: { index?: number | null; id?: string | null }): number {
      if (typeof delta.index === 'number') return delta.index;
      const slots = [...toolCalls.entries()];
      if (delta.id !== null && delta.id !== undefined) {
        return slots.find(([, call]) => call.toolCallId === delta.id)?.[0] ?? slots.length;
      }
      return slots.length === 0 ? 0 : Math.max(...slots.map(([slot]) => slot));
    }
    function* handleChunk(chunk: ChatCompletionChunk): Generator<StreamPart> {
      responseId ??= chunk.id ?? undefined;
      responseModelId ??= chunk.model ?? undefined;
      if (chunk.usage !== null && chunk.usage !== undefined) usage = convertUsage(chunk.usage);
      // only the first choice is read: parity never asks for n > 1
      const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
      if (choice === undefined) return;
      const delta = choice.delta;
      const reasoning = delta?.reasoning_content ?? delta?.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') {
        markFirst();
        yield { type: 'reasoning-delta', text: reasoning };
      }
      if (typeof delta?.content === 'string' && delta.content !== '') {
        markFirst();
        yield { type: 'text-delta', text: delta.content };
      }
      for (const toolDelta of delta?.tool_calls ?? []) {
        const slot = slotOf(toolDelta);
        let call = toolCalls.get(slot);
        if (call === undefined) {
          call = { toolCallId: toolDelta.id ?? `call_${slot}`, toolName: '', input: '', emitted: false };
          toolCalls.set(slot, call);
        }
        if (typeof toolDelta.function?.name === 'string' && call.toolName === '') call.toolName = toolDelta.function.name;
        const argumentsDelta = toolDelta.function?.arguments ?? '';
        call.input += argumentsDelta;
        markFirst();
        if (argumentsDelta !== '') {
          yield { type: 'tool-call-delta', toolCallId: call.toolCallId, toolName: call.toolName, inputTextDelta: argumentsDelta };
        }
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        rawFinishReason = choice.finish_reason;
        finishReason = mapFinishReason(choice.finish_reason);
        yield* flushToolCalls();
      }
    }

    try {
      for await (const event of events) {
        if (event.data === '[DONE]') {
          sawDone = true;
          break;
        }
        const parsed = parseJsonWith(provider, 'stream chunk', event.data, chatCompletionChunkSchema);
        if (!parsed.success) {
          yield { type: 'error', error: parsed.error };
          return;
        }
        const streamError = parsed.value.error;
        if (streamError !== null && streamError !== undefined) {
          const message = typeof streamError === 'string' ? streamError : (streamError.message ?? JSON.stringify(streamError));
          yield { type: 'error', error: new ProviderError(provider, `error in stream: ${message}`, { isRetryable: false, responseBody: event.data }) };
          return;
        }
        yield* handleChunk(parsed.value);
      }
    } catch (error) {
      yield streamFailure(provider, error, options.signal);
      return;
    }
    if (!sawDone && finishReason === undefined) {
      yield incompleteStream(provider, 'finish_reason and no [DONE]');
      return;
    }
    yield* flushToolCalls();
    yield {
      type: 'finish',
      finishReason: finishReason ?? 'other',
      rawFinishReason,
      usage,
      responseId,
      responseModelId,
      latencyMs: elapsedMs(started),
      firstPartMs,
      warnings: [],
    };
  }

  return { provider, modelId, generate, stream };
}
