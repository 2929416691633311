/** Small pieces every adapter's stream loop shares. */
import { ParityError, ProviderError, ValidationError } from '../errors.js';
import type { ErrorPart, FinishPart, GenerateResult, StreamPart, ToolCall, Usage } from './language-model.js';

/**
 * Turns a failure inside a stream loop into the final `error` part; an abort by the caller is rethrown
 * instead (the consumer asked to stop, there is nobody to tell).
 */
export function streamFailure(provider: string, error: unknown, signal: AbortSignal | undefined): ErrorPart {
  if (signal?.aborted) throw signal.reason;
  if (error instanceof ParityError) return { type: 'error', error };
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', error: new ProviderError(provider, `stream failed: ${message}`, { isRetryable: false }, { cause: error }) };
}

/** The error part for a stream that ended before the provider said it was finished. */
export function incompleteStream(provider: string, expected: string): ErrorPart {
  return {
    type: 'error',
    error: new ProviderError(provider, `the stream ended before it was complete (no ${expected})`, { isRetryable: true }),
  };
}

/** Milliseconds since `start` (a `performance.now()` reading), rounded to 0.1 ms. */
export function elapsedMs(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

export const UNKNOWN_USAGE: Usage = Object.freeze({ inputTokens: undefined, outputTokens: undefined });

/** Parses a tool call's argument text, for APIs that want an object; invalid JSON is a caller error. */
export function parseToolInput(provider: string, call: { toolName: string; input: string }): unknown {
  try {
    return call.input.trim() === '' ? {} : (JSON.parse(call.input) as unknown);
  } catch (error) {
    throw new ValidationError(
      `${provider} needs tool call inputs as JSON objects; the input of "${call.toolName}" in the conversation is not JSON`,
      'messages',
      { cause: error },
    );
  }
}

/**
 * Drains a stream into one result, as `generate` would return it. An `error` part is thrown. Useful for
 * callers that stream to a user but also need the whole answer (the gateway, the eval runner's logs).
 */
export async function collectStream(parts: AsyncIterable<StreamPart>): Promise<GenerateResult> {
  let text = '';
  let reasoning: string | undefined;
  const toolCalls: ToolCall[] = [];
  let finish: FinishPart | undefined;
  for await (const part of parts) {
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'reasoning-delta') reasoning = (reasoning ?? '') + part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
    } else if (part.type === 'finish') finish = part;
    else if (part.type === 'error') throw part.error;
  }
  if (finish === undefined) throw new ProviderError('stream', 'the stream ended without a finish part', { isRetryable: false });
  return {
    text,
    reasoning,
    toolCalls,
    usage: finish.usage,
    finishReason: finish.finishReason,
    rawFinishReason: finish.rawFinishReason,
    responseId: finish.responseId,
    responseModelId: finish.responseModelId,
    latencyMs: finish.latencyMs,
    warnings: finish.warnings,
  };
}
