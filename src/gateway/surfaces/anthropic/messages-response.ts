/**
 * A model's answer (the providers' GenerateResult, which an OpenAI-compatible upstream's chat completion and
 * every adapter produce) → the Anthropic Messages response. The streaming writer (`messages-stream.ts`) ends
 * in the same message, built by the same functions here.
 */
import { ProviderError } from '../../../errors.js';
import type { FinishReason, GenerateResult, ToolCall, Usage } from '../../../providers/index.js';
import { newId } from '../ids.js';

export const STOP_REASONS = ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export type ResponseBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** Token counts; null where the upstream did not report them (never a zero that reads as a count). */
export interface MessagesUsage {
  input_tokens: number | null;
  output_tokens: number | null;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
}

export interface MessagesResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ResponseBlock[];
  stop_reason: StopReason;
  stop_sequence: string | null;
  usage: MessagesUsage;
}

export interface MessagesOptions {
  /** The model named in the response when the upstream names none (the client's requested name). */
  model: string;
  /** Show the model's reasoning as thinking blocks (the request enabled `thinking`). */
  thinking: boolean;
}

/**
 * Chat Completions finish reasons in Anthropic's words. `stop` is `end_turn`: Chat Completions does not say
 * whether a stop sequence matched. `error` is no stop reason at all: it becomes an error.
 */
const STOP_REASON: Record<Exclude<FinishReason, 'error'>, StopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  other: 'end_turn',
};

export function stopReasonOf(finishReason: FinishReason, upstream: string): StopReason {
  if (finishReason === 'error') throw new ProviderError(upstream, 'the model stopped with an error (finish_reason "error")', { isRetryable: false });
  return STOP_REASON[finishReason];
}

/**
 * Anthropic counts cache reads apart from `input_tokens`; the providers' usage counts every input token and
 * cache reads again in `cachedInputTokens`.
 */
export function messagesUsage(usage: Usage): MessagesUsage {
  const cached = usage.cachedInputTokens;
  return {
    input_tokens: usage.inputTokens === undefined ? null : usage.inputTokens - (cached ?? 0),
    output_tokens: usage.outputTokens ?? null,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: cached ?? null,
  };
}

/** A tool call's argument text as the object Anthropic clients expect; text that is no JSON object is an upstream fault. */
export function toolInput(call: ToolCall, upstream: string): Record<string, unknown> {
  if (call.input.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(call.input);
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProviderError(upstream, `the model called "${call.toolName}" with arguments that are not a JSON object: ${call.input.slice(0, 200)}`, {
      isRetryable: false,
    });
  }
  return value as Record<string, unknown>;
}

/** `msg_` and the upstream's response id (its traceable part), else a new id. */
export function messageId(responseId: string | undefined): string {
  const safe = responseId?.replace(/[^A-Za-z0-9_-]/g, '');
  return safe === undefined || safe === '' ? newId('msg') : `msg_${safe}`;
}

export function toMessagesResponse(result: GenerateResult, upstream: string, options: MessagesOptions): MessagesResponse {
  const content: ResponseBlock[] = [];
  if (options.thinking && result.reasoning !== undefined && result.reasoning !== '') {
    content.push({ type: 'thinking', thinking: result.reasoning, signature: '' });
  }
  if (result.text !== '') content.push({ type: 'text', text: result.text });
  for (const call of result.toolCalls) {
    content.push({ type: 'tool_use', id: call.toolCallId, name: call.toolName, input: toolInput(call, upstream) });
  }
  return {
    id: messageId(result.responseId),
    type: 'message',
    role: 'assistant',
    model: result.responseModelId ?? options.model,
    content,
    stop_reason: stopReasonOf(result.finishReason, upstream),
    stop_sequence: null,
    usage: messagesUsage(result.usage),
  };
}
