/**
 * `/v1/messages` passed through to an Anthropic upstream (`kind: anthropic`): the client's Messages request goes
 * out as it came (the model replaced by the target's; the upstream's own key in `x-api-key`, see
 * upstream-client.ts) and the answer comes back as Anthropic's bytes. The usage that budgets, costs and the log
 * need is read off the answer: the message's `usage`, or, streaming, `message_start` (input tokens) and
 * `message_delta` (output tokens, cumulative; input tokens too when the upstream sends them there).
 */
import { anthropicErrorEvent } from '../surfaces/anthropic/anthropic-error.js';
import { tokenCount, type TokenUsage } from '../stream/usage.js';
import { parseEventJson, type EventReader } from './event-stream-passthrough.js';

/** Every input token Anthropic bills: uncached, read from the cache, and written to it. */
function inputTokens(usage: Record<string, unknown>): number | undefined {
  const uncached = tokenCount(usage.input_tokens);
  if (uncached === undefined) return undefined;
  return uncached + (tokenCount(usage.cache_read_input_tokens) ?? 0) + (tokenCount(usage.cache_creation_input_tokens) ?? 0);
}

function usageObject(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const usage = (value as { usage?: unknown }).usage;
  return usage !== null && typeof usage === 'object' ? (usage as Record<string, unknown>) : undefined;
}

/** The usage of an Anthropic message (a non-streamed answer); malformed counts read as no usage. */
export function anthropicUsage(value: unknown): TokenUsage | undefined {
  const usage = usageObject(value);
  const promptTokens = usage === undefined ? undefined : inputTokens(usage);
  const completionTokens = usage === undefined ? undefined : tokenCount(usage.output_tokens);
  // a count the upstream did not give is unknown, not 0: the finish stage then charges an estimate
  if (promptTokens === undefined || completionTokens === undefined) return undefined;
  return { promptTokens, completionTokens };
}

/** An Anthropic message answer: `type: "message"` with a `content` array. */
export function checkMessage(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'not an object';
  const message = value as { type?: unknown; content?: unknown };
  return message.type === 'message' && Array.isArray(message.content) ? undefined : 'not a message (no type "message" with a "content" array)';
}

/** Reads a Messages event stream as it passes: only `message_start`, `message_delta`, `message_stop` and `error` are parsed. */
export class MessagesEventReader implements EventReader {
  complete = false;
  failure: string | undefined;
  private input: number | undefined;
  private output: number | undefined;

  get usage(): TokenUsage | undefined {
    return this.input === undefined || this.output === undefined ? undefined : { promptTokens: this.input, completionTokens: this.output };
  }

  event(type: string | undefined, data: string): void {
    switch (type) {
      case 'message_start': {
        const message = parseEventJson(data)?.message;
        const usage = usageObject(message);
        if (usage !== undefined) {
          this.input = inputTokens(usage) ?? this.input;
          this.output = tokenCount(usage.output_tokens) ?? this.output;
        }
        return;
      }
      case 'message_delta': {
        const usage = usageObject(parseEventJson(data));
        if (usage !== undefined) {
          this.output = tokenCount(usage.output_tokens) ?? this.output;
          this.input = inputTokens(usage) ?? this.input;
        }
        return;
      }
      case 'message_stop':
        this.complete = true;
        return;
      case 'error': {
        const error = parseEventJson(data)?.error as { type?: unknown; message?: unknown } | undefined;
        this.failure = `${typeof error?.type === 'string' ? error.type : 'error'}: ${typeof error?.message === 'string' ? error.message : data.slice(0, 200)}`;
        return;
      }
      default:
        return;
    }
  }

  errorEvent(error: unknown): string {
    return anthropicErrorEvent(error);
  }
}
