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

function usageObject(value: unknown): { prompt_tokens?: unknown; completion_tokens?: unknown } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const usage = (value as { usage?: unknown }).usage;
  return usage === null || typeof usage !== 'object' ? undefined : usage;
}

/**
 * Reads a chat answer's `usage` off a parsed response or chunk object. Both counts or nothing: a count the
 * upstream did not give is unknown, not 0 (the finish stage then charges its estimate).
 */
export function usageOf(value: unknown): TokenUsage | undefined {
  const usage = usageObject(value);
  const promptTokens = tokenCount(usage?.prompt_tokens);
  const completionTokens = tokenCount(usage?.completion_tokens);
  if (promptTokens === undefined || completionTokens === undefined) return undefined;
  return { promptTokens, completionTokens };
}

/** Reads an embeddings answer's `usage`: input tokens only (an embedding has no output tokens). */
export function embeddingsUsageOf(value: unknown): TokenUsage | undefined {
  const promptTokens = tokenCount(usageObject(value)?.prompt_tokens);
  return promptTokens === undefined ? undefined : { promptTokens, completionTokens: 0 };
}

/** Parses one chunk's JSON text and reads its usage; malformed JSON yields undefined, never a throw. */
export function parseUsage(json: string): TokenUsage | undefined {
  try {
    return usageOf(JSON.parse(json));
  } catch {
    return undefined;
  }
}
