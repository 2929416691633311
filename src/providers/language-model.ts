/**
 * The one model interface every provider implements (in the spirit of the Vercel AI SDK's LanguageModel):
 * `generate` for a whole answer, `stream` for parts as they arrive.
 */
import type { ParityError } from '../errors.js';
import type { GenerateRequest } from './request.js';

export const FINISH_REASONS = ['stop', 'length', 'tool-calls', 'content-filter', 'error', 'other'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/**
 * Token counts as the provider reported them; `undefined` when it did not report one (then cost is unknown,
 * never silently zero). `outputTokens` includes reasoning tokens; `inputTokens` includes cached ones.
 */
export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  reasoningTokens?: number;
  cachedInputTokens?: number;
}

/** A tool call as the model produced it. `input` is the raw JSON text of the arguments (it may be invalid). */
export interface ToolCall {
  toolCallId: string;
  toolName: string;
  input: string;
}

export interface GenerateResult {
  text: string;
  /** Reasoning text when the provider returns it separately (DeepSeek, Gemini thoughts, Anthropic thinking). */
  reasoning: string | undefined;
  toolCalls: ToolCall[];
  usage: Usage;
  finishReason: FinishReason;
  /** The provider's own finish reason, as sent (`end_turn`, `STOP`, `tool_calls`…). */
  rawFinishReason: string | undefined;
  /** The provider's response id (`chatcmpl-…`, `msg_…`). */
  responseId: string | undefined;
  /** The model id the provider says answered (may be more specific than the one asked for). */
  responseModelId: string | undefined;
  /**
   * How long the call took, as measured; `undefined` when nothing was measured (a replayed answer with no
   * recorded latency): unknown, never 0.
   */
  latencyMs: number | undefined;
  /** Request settings the provider could not honour (e.g. `seed` on Anthropic). */
  warnings: string[];
}

export interface TextDeltaPart {
  type: 'text-delta';
  text: string;
}
export interface ReasoningDeltaPart {
  type: 'reasoning-delta';
  text: string;
}
export interface ToolCallDeltaPart {
  type: 'tool-call-delta';
  toolCallId: string;
  toolName: string;
  inputTextDelta: string;
}
export interface ToolCallStreamPart extends ToolCall {
  type: 'tool-call';
}
export interface FinishPart {
  type: 'finish';
  finishReason: FinishReason;
  rawFinishReason: string | undefined;
  usage: Usage;
  responseId: string | undefined;
  responseModelId: string | undefined;
  /** As in GenerateResult: `undefined` when not measured. */
  latencyMs: number | undefined;
  /** Time from the call to the first text, reasoning or tool-call part. */
  firstPartMs: number | undefined;
  warnings: string[];
}
/** A failure after the stream started (a malformed chunk, a cut connection). It is always the last part. */
export interface ErrorPart {
  type: 'error';
  error: ParityError;
}

export type StreamPart =
  | TextDeltaPart
  | ReasoningDeltaPart
  | ToolCallDeltaPart
  | ToolCallStreamPart
  | FinishPart
  | ErrorPart;

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * Failures before the first part (HTTP errors, refused connections, timeouts) make `generate` reject and the
 * stream's first `next()` reject, with the same ParityError. Once a stream has started, failures arrive as a
 * final `error` part. Aborting via `signal` rejects with the signal's reason and cancels the upstream request.
 */
export interface LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  generate(request: GenerateRequest, options?: CallOptions): Promise<GenerateResult>;
  stream(request: GenerateRequest, options?: CallOptions): AsyncIterable<StreamPart>;
}

/** A provider instance (one host + key) that hands out models by id. */
export interface Provider {
  readonly name: string;
  languageModel(modelId: string): LanguageModel;
}
