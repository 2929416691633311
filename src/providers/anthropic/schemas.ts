/** zod schemas for Anthropic Messages API responses and stream events (loose: extra fields pass). */
import { z } from 'zod';
import type { FinishReason, Usage } from '../language-model.js';

const usageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
export type AnthropicUsage = z.infer<typeof usageSchema>;

/** One content block; which fields are set depends on `type` (text, tool_use, thinking, …). */
const contentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  thinking: z.string().optional(),
});

export const messageResponseSchema = z.looseObject({
  id: z.string(),
  model: z.string().nullish(),
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  usage: usageSchema,
});

export const streamEventSchema = z.looseObject({
  type: z.string(),
  message: z.looseObject({ id: z.string().nullish(), model: z.string().nullish(), usage: usageSchema.nullish() }).optional(),
  index: z.number().optional(),
  content_block: contentBlockSchema.optional(),
  delta: z
    .looseObject({
      type: z.string().optional(),
      text: z.string().optional(),
      partial_json: z.string().optional(),
      thinking: z.string().optional(),
      stop_reason: z.string().nullish(),
    })
    .optional(),
  usage: usageSchema.optional(),
  error: z.looseObject({ type: z.string().optional(), message: z.string().optional() }).optional(),
});
export type AnthropicStreamEvent = z.infer<typeof streamEventSchema>;

/** Error types Anthropic documents as transient. */
export const RETRYABLE_ERROR_TYPES: ReadonlySet<string> = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

/**
 * Anthropic's `input_tokens` excludes cache reads and writes; ours counts every input token, so they are added
 * (cache reads are also reported as `cachedInputTokens`). Later values (message_delta) override earlier ones.
 */
export function mergeUsage(previous: Usage, usage: AnthropicUsage | null | undefined): Usage {
  if (usage === null || usage === undefined) return previous;
  const cacheRead = usage.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage.cache_creation_input_tokens ?? undefined;
  const merged: Usage = {
    inputTokens:
      typeof usage.input_tokens === 'number' ? usage.input_tokens + (cacheRead ?? 0) + (cacheWrite ?? 0) : previous.inputTokens,
    outputTokens: usage.output_tokens ?? previous.outputTokens,
  };
  const cached = cacheRead ?? previous.cachedInputTokens;
  if (cached !== undefined) merged.cachedInputTokens = cached;
  return merged;
}

export function mapStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}
