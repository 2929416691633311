/** Anthropic Messages API (`POST /v1/messages`), non-streaming and streaming. */
import { ProviderError } from '../../errors.js';
import { type FetchFunction, postEventStream, postJson } from '../http.js';
import { parseJsonWith } from '../json.js';
import type { CallOptions, FinishReason, GenerateResult, LanguageModel, StreamPart, ToolCall, Usage } from '../language-model.js';
import type { GenerateRequest } from '../request.js';
import { UNKNOWN_USAGE, elapsedMs, incompleteStream, streamFailure } from '../stream-support.js';
import { JSON_TOOL_NAME, toMessagesBody } from './convert-request.js';
import { RETRYABLE_ERROR_TYPES, mapStopReason, mergeUsage, messageResponseSchema, streamEventSchema } from './schemas.js';

export const ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicConfig {
  readonly name: string;
  /** Base URL including the version segment, e.g. `https://api.anthropic.com/v1`. */
  readonly baseURL: string;
  readonly apiKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: FetchFunction;
  readonly timeoutMs?: number;
  /** max_tokens when the request sets none (Anthropic requires one). Default 4096. */
  readonly defaultMaxTokens?: number;
}

interface OpenBlock {
  kind: 'text' | 'tool' | 'json' | 'thinking' | 'other';
  toolCallId: string;
  toolName: string;
  input: string;
  initialInput: string;
}

function initialInputOf(input: unknown): string {
  if (input === undefined || input === null) return '';
  if (typeof input === 'object' && Object.keys(input).length === 0) return '';
  return JSON.stringify(input);
}

export function createAnthropicMessagesModel(modelId: string, config: AnthropicConfig): LanguageModel {
  const provider = config.name;
  const url = `${config.baseURL.replace(/\/+$/, '')}/messages`;
  const headers = {
    'anthropic-version': ANTHROPIC_VERSION,
    ...(config.apiKey === undefined ? {} : { 'x-api-key': config.apiKey }),
    ...config.headers,
  };
  const bodyFor = (request: GenerateRequest, stream: boolean) =>
    toMessagesBody(request, { provider, modelId, stream, defaultMaxTokens: config.defaultMaxTokens ?? 4096 });

  async function generate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const started = performance.now();
    const { body, warnings, jsonTool } = bodyFor(request, false);
    const { value } = await postJson(
      { provider, url, headers, body, signal: options.signal, timeoutMs: config.timeoutMs, fetch: config.fetch },
      messageResponseSchema,
    );
    let text = '';
    let reasoning: string | undefined;
    const toolCalls: ToolCall[] = [];
    for (const block of value.content) {
      if (block.type === 'text' && block.text !== undefined) text += block.text;
      else if (block.type === 'thinking' && block.thinking !== undefined) reasoning = (reasoning ?? '') + block.thinking;
      else if (block.type === 'tool_use') {
        const input = JSON.stringify(block.input ?? {});
        if (jsonTool && block.name === JSON_TOOL_NAME) text += input;
        else toolCalls.push({ toolCallId: block.id ?? `call_${toolCalls.length}`, toolName: block.name ?? '', input });
      }
    }
    const rawFinishReason = value.stop_reason ?? undefined;
    const finishReason = jsonTool && rawFinishReason === 'tool_use' ? 'stop' : mapStopReason(rawFinishReason);
    return {
      text,
      reasoning,
      toolCalls,
      usage: mergeUsage(UNKNOWN_USAGE, value.usage),
      finishReason,
      rawFinishReason,
      responseId: value.id,
      responseModelId: value.model ?? undefined,
      latencyMs: elapsedMs(started),
      warnings,
    };
  }

  async function* stream(request: GenerateRequest, options: CallOptions = {}): AsyncGenerator<StreamPart> {
    const started = performance.now();
    const { body, warnings, jsonTool } = bodyFor(request, true);
    const { events } = await postEventStream({
      provider,
      url,
      headers,
      body,
      signal: options.signal,
      timeoutMs: config.timeoutMs,
      fetch: config.fetch,
    });
    const blocks = new Map<number, OpenBlock>();
    let usage: Usage = UNKNOWN_USAGE;
    let responseId: string | undefined;
    let responseModelId: string | undefined;
    let rawFinishReason: string | undefined;
    let firstPartMs: number | undefined;
    let stopped = false;
    const markFirst = () => {
      firstPartMs ??= elapsedMs(started);
    };

    try {
      for await (const event of events) {
        const parsed = parseJsonWith(provider, 'stream event', event.data, streamEventSchema);
        if (!parsed.success) {
          yield { type: 'error', error: parsed.error };
          return;
        }
        const data = parsed.value;
        switch (data.type) {
          case 'message_start':
            responseId = data.message?.id ?? undefined;
            responseModelId = data.message?.model ?? undefined;
            usage = mergeUsage(usage, data.message?.usage);
            break;
          case 'content_block_start': {
            const block = data.content_block;
            const kind: OpenBlock['kind'] =
              block?.type === 'text'
                ? 'text'
                : block?.type === 'thinking'
                  ? 'thinking'
                  : block?.type === 'tool_use'
                    ? jsonTool && block.name === JSON_TOOL_NAME
                      ? 'json'
                      : 'tool'
                    : 'other';
            const initialInput = initialInputOf(block?.input);
            blocks.set(data.index ?? blocks.size, {
              kind,
              toolCallId: block?.id ?? `call_${blocks.size}`,
              toolName: block?.name ?? '',
              input: '',
              initialInput,
            });
            if (kind === 'text' && block?.text !== undefined && block.text !== '') {
              markFirst();
              yield { type: 'text-delta', text: block.text };
            }
            break;
          }
          case 'content_block_delta': {
            const block = blocks.get(data.index ?? -1);
            const delta = data.delta;
            if (block === undefined || delta === undefined) break;
            if (delta.type === 'text_delta' && delta.text !== undefined && delta.text !== '') {
              markFirst();
              yield { type: 'text-delta', text: delta.text };
            } else if (delta.type === 'thinking_delta' && delta.thinking !== undefined && delta.thinking !== '') {
              markFirst();
              yield { type: 'reasoning-delta', text: delta.thinking };
            } else if (delta.type === 'input_json_delta' && delta.partial_json !== undefined && delta.partial_json !== '') {
              markFirst();
              block.input += delta.partial_json;
              if (block.kind === 'json') yield { type: 'text-delta', text: delta.partial_json };
              else if (block.kind === 'tool') {
                yield { type: 'tool-call-delta', toolCallId: block.toolCallId, toolName: block.toolName, inputTextDelta: delta.partial_json };
              }
            }
            break;
          }
          case 'content_block_stop': {
            const block = blocks.get(data.index ?? -1);
            if (block?.kind === 'tool') {
              markFirst();
              const input = block.input !== '' ? block.input : block.initialInput !== '' ? block.initialInput : '{}';
              yield { type: 'tool-call', toolCallId: block.toolCallId, toolName: block.toolName, input };
            } else if (block?.kind === 'json' && block.input === '') {
              yield { type: 'text-delta', text: block.initialInput !== '' ? block.initialInput : '{}' };
            }
            break;
          }
          case 'message_delta':
            rawFinishReason = data.delta?.stop_reason ?? rawFinishReason;
            usage = mergeUsage(usage, data.usage);
            break;
          case 'message_stop':
            stopped = true;
            break;
          case 'error': {
            const type = data.error?.type ?? 'error';
            yield {
              type: 'error',
              error: new ProviderError(provider, `error in stream: ${data.error?.message ?? 'unknown'} (${type})`, {
                isRetryable: RETRYABLE_ERROR_TYPES.has(type),
                responseBody: event.data,
              }),
            };
            return;
          }
          default:
            break; // ping and event types added later
        }
      }
    } catch (error) {
      yield streamFailure(provider, error, options.signal);
      return;
    }
    if (!stopped) {
      yield incompleteStream(provider, 'message_stop');
      return;
    }
    const finishReason: FinishReason = jsonTool && rawFinishReason === 'tool_use' ? 'stop' : mapStopReason(rawFinishReason);
    yield {
      type: 'finish',
      finishReason,
      rawFinishReason,
      usage,
      responseId,
      responseModelId,
      latencyMs: elapsedMs(started),
      firstPartMs,
      warnings,
    };
  }

  return { provider, modelId, generate, stream };
}
