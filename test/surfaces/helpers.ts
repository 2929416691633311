/**
 * Shared pieces of the translation tests: recorded chat streams as bytes (split anywhere), the parts they
 * decode to, and the way back from a translated answer to a chat completion (the round trip's oracle).
 */
import type { FinishReason, GenerateResult, StreamPart, Usage } from '../../src/providers/language-model.js';
import { ChatSseParts } from '../../src/gateway/surfaces/chat-sse-parts.js';
import { readChunks } from '../helpers/fake-upstream.js';

export const FIXTURES = new URL('../fixtures/providers/', import.meta.url);

/** Recorded chat completion streams of OpenAI-compatible hosts (text, reasoning, tool calls, no-index tool calls). */
export const CHAT_STREAMS = [
  'openai/openai-text.chunks.txt',
  'openai-compatible/xai-tool-call.chunks.txt',
  'deepseek/deepseek-tool-call.chunks.txt',
  'deepseek/deepseek-reasoning.chunks.txt',
  'groq/groq-tool-call.chunks.txt',
  'mistral/mistral-text.chunks.txt',
  'mistral/mistral-tool-call.chunks.txt',
] as const;

/** A recorded stream as the bytes an upstream sends: `data: <line>\n\n` per line, then `data: [DONE]`. */
export function chatStreamBytes(fixture: string): Buffer {
  const lines = readChunks(new URL(fixture, FIXTURES));
  return Buffer.from(lines.map((line) => `data: ${line}\n\n`).join('') + 'data: [DONE]\n\n');
}

/** `bytes` cut at the given offsets (sorted, deduplicated, clamped). */
export function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => Math.max(0, Math.min(bytes.length, cut))))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    if (point > from) pieces.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  if (from < bytes.length) pieces.push(bytes.subarray(from));
  return pieces;
}

/** The parts an upstream's body decodes to, fed piece by piece. */
export function partsOf(pieces: readonly Uint8Array[], upstream = 'local'): StreamPart[] {
  const parts: StreamPart[] = [];
  const reader = new ChatSseParts(upstream, (part) => parts.push(part));
  for (const piece of pieces) reader.push(piece);
  reader.end();
  return parts;
}

/** The whole answer a list of parts adds up to (what `generate` would have returned). */
export function resultOf(parts: readonly StreamPart[]): GenerateResult {
  let text = '';
  let reasoning: string | undefined;
  const toolCalls: GenerateResult['toolCalls'] = [];
  for (const part of parts) {
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'reasoning-delta') reasoning = (reasoning ?? '') + part.text;
    else if (part.type === 'tool-call') toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
    else if (part.type === 'error') throw part.error;
    else if (part.type === 'finish') {
      return {
        text,
        reasoning,
        toolCalls,
        usage: part.usage,
        finishReason: part.finishReason,
        rawFinishReason: part.rawFinishReason,
        responseId: part.responseId,
        responseModelId: part.responseModelId,
        latencyMs: part.latencyMs,
        warnings: [],
      };
    }
  }
  throw new Error('the parts have no finish part');
}

/** What a round trip must keep of a chat completion. */
export interface ChatEssentials {
  text: string;
  toolCalls: Array<{ id: string; name: string; arguments: unknown }>;
  finishReason: string | null;
  usage: { prompt_tokens: number; completion_tokens: number } | null;
}

const JSON_ARGUMENTS = (text: string): unknown => (text.trim() === '' ? {} : (JSON.parse(text) as unknown));

export function essentialsOfChat(completion: {
  choices: Array<{ message: { content?: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> | null }; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}): ChatEssentials {
  const choice = completion.choices[0];
  if (choice === undefined) throw new Error('no choice');
  return {
    text: choice.message.content ?? '',
    toolCalls: (choice.message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: JSON_ARGUMENTS(call.function.arguments) })),
    finishReason: choice.finish_reason,
    usage: completion.usage === null || completion.usage === undefined ? null : { prompt_tokens: completion.usage.prompt_tokens, completion_tokens: completion.usage.completion_tokens },
  };
}

const FROM_STOP_REASON: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'content_filter' };

/** An Anthropic message back to the chat completion's essentials (the round trip's way back). */
export function essentialsOfMessage(message: {
  content: Array<{ type: string; text?: string; id?: string; name?: string; input?: unknown }>;
  stop_reason: string | null;
  usage: { input_tokens: number | null; output_tokens: number | null; cache_read_input_tokens?: number | null };
}): ChatEssentials {
  let text = '';
  const toolCalls: ChatEssentials['toolCalls'] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += block.text ?? '';
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id ?? '', name: block.name ?? '', arguments: block.input });
  }
  const input = message.usage.input_tokens;
  return {
    text,
    toolCalls,
    finishReason: message.stop_reason === null ? null : (FROM_STOP_REASON[message.stop_reason] ?? message.stop_reason),
    usage: input === null || message.usage.output_tokens === null ? null : { prompt_tokens: input + (message.usage.cache_read_input_tokens ?? 0), completion_tokens: message.usage.output_tokens },
  };
}

interface ResponseShape {
  status?: string;
  incomplete_details?: { reason?: string } | null;
  output: Array<{ type: string; content?: Array<{ type: string; text?: string }>; call_id?: string; name?: string; arguments?: string }>;
  usage?: { input_tokens: number; output_tokens: number } | null;
}

/** A Responses response object (ours or the SDK's) back to the chat completion's essentials. */
export function essentialsOfResponse(value: { output: readonly unknown[] }): ChatEssentials {
  const response = value as unknown as ResponseShape;
  let text = '';
  const toolCalls: ChatEssentials['toolCalls'] = [];
  for (const item of response.output) {
    if (item.type === 'message') for (const part of item.content ?? []) text += part.type === 'output_text' ? (part.text ?? '') : '';
    else if (item.type === 'function_call') toolCalls.push({ id: item.call_id ?? '', name: item.name ?? '', arguments: JSON_ARGUMENTS(item.arguments ?? '') });
  }
  let finishReason: string;
  if (response.status === 'incomplete') finishReason = response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
  else finishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  return {
    text,
    toolCalls,
    finishReason,
    usage: response.usage === null || response.usage === undefined ? null : { prompt_tokens: response.usage.input_tokens, completion_tokens: response.usage.output_tokens },
  };
}

/** A finish reason as the Responses API can carry it: a completed answer with calls is a tool-calls finish. */
export function responsesFinish(finish: string | null, toolCalls: number): string | null {
  if (finish === 'stop' && toolCalls > 0) return 'tool_calls';
  if (finish === 'tool_calls' && toolCalls === 0) return 'stop';
  return finish;
}

export type { FinishReason, Usage };
