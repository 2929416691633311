/** zod schemas for what OpenAI-compatible chat completion endpoints send back (loose: extra fields pass). */
import { z } from 'zod';
import type { FinishReason, Usage } from '../language-model.js';

const usageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});
export type OpenAIUsage = z.infer<typeof usageSchema>;

/** Some hosts send arguments as an object instead of JSON text; keep it as text either way. */
const argumentsSchema = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .nullish()
  .transform((value) => (value === null || value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value)));

export const chatCompletionSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      message: z.looseObject({
        content: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z
          .array(
            z.looseObject({
              id: z.string().nullish(),
              function: z.looseObject({ name: z.string(), arguments: argumentsSchema }),
            }),
          )
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usageSchema.nullish(),
});

const streamErrorSchema = z.union([z.string(), z.looseObject({ message: z.string().nullish(), code: z.unknown() })]);

export const chatCompletionChunkSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().nullish(),
        delta: z
          .looseObject({
            content: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number().nullish(),
                  id: z.string().nullish(),
                  function: z.looseObject({ name: z.string().nullish(), arguments: argumentsSchema }).nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
  /** OpenRouter and some proxies report a failure inside the stream. */
  error: streamErrorSchema.nullish(),
});
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

/**
 * The usage as sent; a count that is missing is unknown (undefined), and so is a prompt of 0 tokens — no prompt
 * has none: Ollama sends `prompt_tokens: 0` when it answered from its prompt cache (ollama/ollama#5370).
 * `answered`: the answer had text, reasoning or a tool call, so a `completion_tokens` of 0 is no count either
 * (Ollama sends 0 when its `eval_count` is missing).
 */
export function convertUsage(usage: OpenAIUsage | null | undefined, answered = false): Usage {
  const prompt = usage?.prompt_tokens ?? undefined;
  const completion = usage?.completion_tokens ?? undefined;
  const converted: Usage = {
    inputTokens: prompt === 0 ? undefined : prompt,
    outputTokens: completion === 0 && answered ? undefined : completion,
  };
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  const cached = usage?.prompt_tokens_details?.cached_tokens;
  if (typeof reasoning === 'number') converted.reasoningTokens = reasoning;
  if (typeof cached === 'number') converted.cachedInputTokens = cached;
  return converted;
}

export function mapFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
