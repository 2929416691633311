/**
 * What an OpenAI-compatible chat completion means in the provider's terms, in one place: a whole response
 * becomes a GenerateResult (`chatCompletionResult`), a stream's `data:` payloads become StreamParts
 * (`ChatStreamParts`). The chat model uses both; so does the gateway when it translates an OpenAI-compatible
 * upstream's answer into another API's shape.
 */
import type { z } from 'zod';
import { ProviderError } from '../../errors.js';
import { parseJsonWith } from '../json.js';
import type { FinishReason, GenerateResult, StreamPart, ToolCall } from '../language-model.js';
import { UNKNOWN_USAGE, elapsedMs, incompleteStream } from '../stream-support.js';
import { type ChatCompletionChunk, type OpenAIUsage, chatCompletionChunkSchema, chatCompletionSchema, convertUsage, mapFinishReason } from './schemas.js';

export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

/** A checked chat completion → GenerateResult (only the first choice: parity never asks for n > 1). */
export function chatCompletionResult(provider: string, value: ChatCompletion, latencyMs: number | undefined): GenerateResult {
  const choice = value.choices[0];
  if (choice === undefined) throw new ProviderError(provider, 'the response has no choices', { isRetryable: false });
  const toolCalls = (choice.message.tool_calls ?? []).map((call, index) => ({
    toolCallId: call.id ?? `call_${index}`,
    toolName: call.function.name,
    input: call.function.arguments ?? '',
  }));
  const reasoning = choice.message.reasoning_content ?? choice.message.reasoning ?? undefined;
  const text = choice.message.content ?? '';
  return {
    text,
    reasoning: reasoning === '' ? undefined : reasoning,
    toolCalls,
    usage: convertUsage(value.usage, text !== '' || toolCalls.length > 0 || (reasoning !== undefined && reasoning !== '')),
    finishReason: mapFinishReason(choice.finish_reason),
    rawFinishReason: choice.finish_reason ?? undefined,
    responseId: value.id ?? undefined,
    responseModelId: value.model ?? undefined,
    latencyMs,
    warnings: [],
  };
}

/** A chat completion body (JSON text) → GenerateResult; a body that is not one is a ProviderError. */
export function parseChatCompletion(provider: string, text: string, latencyMs: number | undefined, status?: number): GenerateResult {
  const parsed = parseJsonWith(provider, 'response body', text, chatCompletionSchema, status);
  if (!parsed.success) throw parsed.error;
  return chatCompletionResult(provider, parsed.value, latencyMs);
}

interface PendingToolCall extends ToolCall {
  emitted: boolean;
}

export type StreamPartSink = (part: StreamPart) => void;

/** Where a stream stands after a `data:` payload. */
export type ChatStreamState = 'open' | 'done' | 'failed';

/**
 * Turns the `data:` payloads of a chat completion stream into StreamParts, one payload at a time. Text and
 * reasoning deltas are passed on as they come, tool calls as argument deltas and then, when the choice finishes,
 * as whole calls; `end()` gives the finish part (or an error part when the stream stopped early).
 */
export class ChatStreamParts {
  private firstPartMs: number | undefined;
  private responseId: string | undefined;
  private responseModelId: string | undefined;
  /** the last usage sent, as it came (converted at the end, when it is known whether anything was answered) */
  private usage: OpenAIUsage | undefined;
  private rawFinishReason: string | undefined;
  private finishReason: FinishReason | undefined;
  private state: ChatStreamState = 'open';
  private readonly toolCalls = new Map<number, PendingToolCall>();

  constructor(
    private readonly provider: string,
    private readonly started: number = performance.now(),
  ) {}

  /** Takes one `data:` payload; `[DONE]` ends the stream, a malformed chunk or an error chunk fails it. */
  data(data: string, emit: StreamPartSink): ChatStreamState {
    if (this.state !== 'open') return this.state;
    if (data === '[DONE]') {
      this.state = 'done';
      return this.state;
    }
    const parsed = parseJsonWith(this.provider, 'stream chunk', data, chatCompletionChunkSchema);
    if (!parsed.success) return this.fail(parsed.error, emit);
    const streamError = parsed.value.error;
    if (streamError !== null && streamError !== undefined) {
      const message = typeof streamError === 'string' ? streamError : (streamError.message ?? JSON.stringify(streamError));
      return this.fail(new ProviderError(this.provider, `error in stream: ${message}`, { isRetryable: false, responseBody: data }), emit);
    }
    this.chunk(parsed.value, emit);
    return this.state;
  }

  /** The body ended (after `[DONE]` or not): the finish part, or an error part if the stream was incomplete. */
  end(emit: StreamPartSink): void {
    if (this.state === 'failed') return;
    if (this.state !== 'done' && this.finishReason === undefined) {
      this.state = 'failed';
      emit(incompleteStream(this.provider, 'finish_reason and no [DONE]'));
      return;
    }
    this.state = 'done';
    this.flushToolCalls(emit);
    emit({
      type: 'finish',
      finishReason: this.finishReason ?? 'other',
      rawFinishReason: this.rawFinishReason,
      usage: this.usage === undefined ? UNKNOWN_USAGE : convertUsage(this.usage, this.firstPartMs !== undefined),
      responseId: this.responseId,
      responseModelId: this.responseModelId,
      latencyMs: elapsedMs(this.started),
      firstPartMs: this.firstPartMs,
      warnings: [],
    });
  }

  /** Ends the stream with a failure from outside (the connection broke). */
  fail(error: ProviderError, emit: StreamPartSink): ChatStreamState {
    if (this.state === 'open') {
      this.state = 'failed';
      emit({ type: 'error', error });
    }
    return this.state;
  }

  private markFirst(): void {
    this.firstPartMs ??= elapsedMs(this.started);
  }

  private flushToolCalls(emit: StreamPartSink): void {
    for (const slot of [...this.toolCalls.keys()].sort((a, b) => a - b)) {
      const call = this.toolCalls.get(slot);
      if (call === undefined || call.emitted) continue;
      call.emitted = true;
      emit({ type: 'tool-call', toolCallId: call.toolCallId, toolName: call.toolName, input: call.input });
    }
  }

  /** Hosts that omit `index` (Mistral): a new id starts a call, a delta without one continues the last. */
  private slotOf(delta: { index?: number | null; id?: string | null }): number {
    if (typeof delta.index === 'number') return delta.index;
    const slots = [...this.toolCalls.entries()];
    if (delta.id !== null && delta.id !== undefined) {
      return slots.find(([, call]) => call.toolCallId === delta.id)?.[0] ?? slots.length;
    }
    return slots.length === 0 ? 0 : Math.max(...slots.map(([slot]) => slot));
  }

  private chunk(chunk: ChatCompletionChunk, emit: StreamPartSink): void {
    this.responseId ??= chunk.id ?? undefined;
    this.responseModelId ??= chunk.model ?? undefined;
    if (chunk.usage !== null && chunk.usage !== undefined) this.usage = chunk.usage;
    // only the first choice is read: parity never asks for n > 1
    const choices = chunk.choices;
    if (choices === null || choices === undefined) return;
    let choice: (typeof choices)[number] | undefined;
    for (const candidate of choices) {
      if ((candidate.index ?? 0) === 0) {
        choice = candidate;
        break;
      }
    }
    if (choice === undefined) return;
    const delta = choice.delta;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') {
      this.markFirst();
      emit({ type: 'reasoning-delta', text: reasoning });
    }
    if (typeof delta?.content === 'string' && delta.content !== '') {
      this.markFirst();
      emit({ type: 'text-delta', text: delta.content });
    }
    for (const toolDelta of delta?.tool_calls ?? []) {
      const slot = this.slotOf(toolDelta);
      let call = this.toolCalls.get(slot);
      if (call === undefined) {
        call = { toolCallId: toolDelta.id ?? `call_${slot}`, toolName: '', input: '', emitted: false };
        this.toolCalls.set(slot, call);
      }
      if (typeof toolDelta.function?.name === 'string' && call.toolName === '') call.toolName = toolDelta.function.name;
      const argumentsDelta = toolDelta.function?.arguments ?? '';
      call.input += argumentsDelta;
      this.markFirst();
      if (argumentsDelta !== '') {
        emit({ type: 'tool-call-delta', toolCallId: call.toolCallId, toolName: call.toolName, inputTextDelta: argumentsDelta });
      }
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      this.rawFinishReason = choice.finish_reason;
      this.finishReason = mapFinishReason(choice.finish_reason);
      this.flushToolCalls(emit);
    }
  }
}
