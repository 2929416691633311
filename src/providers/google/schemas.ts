/** zod schemas for Gemini `generateContent` responses and stream chunks (loose: extra fields pass). */
import { z } from 'zod';
import type { FinishReason, Usage } from '../language-model.js';

/** One piece of a function call's arguments streamed by path (Gemini 3 `streamFunctionCallArguments`). */
export const partialArgSchema = z.looseObject({
  jsonPath: z.string(),
  stringValue: z.string().optional(),
  numberValue: z.number().optional(),
  boolValue: z.boolean().optional(),
  nullValue: z.unknown().optional(),
  willContinue: z.boolean().optional(),
});
export type PartialArg = z.infer<typeof partialArgSchema>;

const functionCallSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  args: z.record(z.string(), z.unknown()).nullish(),
  partialArgs: z.array(partialArgSchema).optional(),
  willContinue: z.boolean().optional(),
});
export type GeminiFunctionCall = z.infer<typeof functionCallSchema>;

const partSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  functionCall: functionCallSchema.optional(),
});

const usageSchema = z.looseObject({
  promptTokenCount: z.number().optional(),
  candidatesTokenCount: z.number().optional(),
  thoughtsTokenCount: z.number().optional(),
  cachedContentTokenCount: z.number().optional(),
});
export type GeminiUsage = z.infer<typeof usageSchema>;

export const generateContentResponseSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ parts: z.array(partSchema).optional(), role: z.string().optional() }).optional(),
        finishReason: z.string().optional(),
      }),
    )
    .optional(),
  usageMetadata: usageSchema.optional(),
  promptFeedback: z.looseObject({ blockReason: z.string().optional() }).optional(),
  responseId: z.string().optional(),
  modelVersion: z.string().optional(),
});
export type GenerateContentResponse = z.infer<typeof generateContentResponseSchema>;

/** Thoughts are billed as output, so they count in `outputTokens` (and again in `reasoningTokens`). */
export function convertUsage(usage: GeminiUsage | undefined): Usage | undefined {
  if (usage?.promptTokenCount === undefined && usage?.candidatesTokenCount === undefined) return undefined;
  const thoughts = usage.thoughtsTokenCount;
  const converted: Usage = {
    inputTokens: usage.promptTokenCount,
    outputTokens: usage.candidatesTokenCount === undefined && thoughts === undefined ? undefined : (usage.candidatesTokenCount ?? 0) + (thoughts ?? 0),
  };
  if (thoughts !== undefined) converted.reasoningTokens = thoughts;
  if (usage.cachedContentTokenCount !== undefined) converted.cachedInputTokens = usage.cachedContentTokenCount;
  return converted;
}

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'LANGUAGE']);

export function mapFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (reason === 'STOP') return hasToolCalls ? 'tool-calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason !== undefined && FILTERED.has(reason)) return 'content-filter';
  if (reason === 'MALFORMED_FUNCTION_CALL') return 'error';
  return 'other';
}
