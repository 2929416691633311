/**
 * The only place upstream text becomes data: JSON.parse guarded, then a zod check. A failure is a
 * ProviderError (never an exception escaping from a stream loop), carrying a short excerpt of the text.
 */
import type { z } from 'zod';
import { ProviderError } from '../errors.js';
import { firstIssue } from '../kernel/index.js';

export type ParseOutcome<T> = { success: true; value: T } | { success: false; error: ProviderError };

const EXCERPT_LENGTH = 200;

export function excerpt(text: string): string {
  return text.length <= EXCERPT_LENGTH ? text : `${text.slice(0, EXCERPT_LENGTH)}…`;
}

/** Parses JSON text without throwing. */
export function safeJsonParse(text: string): { success: true; value: unknown } | { success: false; message: string } {
  try {
    return { success: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { success: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Parses `text` as JSON and checks it against `schema`. `what` names the thing for the message
 * ("response body", "stream chunk").
 */
export function parseJsonWith<T>(
  provider: string,
  what: string,
  text: string,
  schema: z.ZodType<T>,
  status?: number,
): ParseOutcome<T> {
  const json = safeJsonParse(text);
  if (!json.success) {
    return {
      success: false,
      error: new ProviderError(provider, `${what} is not valid JSON (${json.message}): ${excerpt(text)}`, {
        status,
        isRetryable: false,
        responseBody: text,
      }),
    };
  }
  const checked = schema.safeParse(json.value);
  if (!checked.success) {
    const issue = firstIssue(checked.error);
    return {
      success: false,
      error: new ProviderError(
        provider,
        `${what} has an unexpected shape at ${issue.text}: ${excerpt(text)}`,
        { status, isRetryable: false, responseBody: text },
        { cause: checked.error },
      ),
    };
  }
  return { success: true, value: checked.data };
}
