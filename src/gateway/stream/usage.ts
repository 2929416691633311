/**
 * Token usage as an OpenAI-compatible upstream reports it, read defensively (an upstream response is untrusted
 * input): a usage object whose counts are not non-negative integers counts as no usage at all.
 */

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A token count off an upstream's answer: a non-negative integer, else undefined. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Reads `usage` off a parsed response or chunk object. */
export function usageOf(value: unknown): TokenUsage | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const usage = (value as { usage?: unknown }).usage;
  if (usage === null || typeof usage !== 'object') return undefined;
  const promptTokens = tokenCount((usage as { prompt_tokens?: unknown }).prompt_tokens);
  const completionTokens = tokenCount((usage as { completion_tokens?: unknown }).completion_tokens) ?? 0;
  if (promptTokens === undefined) return undefined;
  return { promptTokens, completionTokens };
}

/** Parses one chunk's JSON text and reads its usage; malformed JSON yields undefined, never a throw. */
export function parseUsage(json: string): TokenUsage | undefined {
  try {
    return usageOf(JSON.parse(json));
  } catch {
    return undefined;
  }
}
