/**
 * `/v1/responses` passed through to an upstream that serves the Responses API itself (`responses: true`): the
 * client's request goes out as it came (the model replaced by the target's, and `store: false` — the gateway
 * keeps `store: true` responses itself, under its keys' access rules) and the answer comes back as the upstream's
 * bytes. The usage is read off the response object, or, streaming, off `response.completed` (or
 * `response.incomplete`), whose response is also what a `store: true` request keeps.
 */
import { errorEventFields } from '../surfaces/responses/responses-stream.js';
import { tokenCount, type TokenUsage } from '../stream/usage.js';
import { parseEventJson, type EventReader } from './event-stream-passthrough.js';

/** The usage of a response object; malformed counts read as no usage. */
export function responseUsage(value: unknown): TokenUsage | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const usage = (value as { usage?: unknown }).usage;
  if (usage === null || typeof usage !== 'object') return undefined;
  const promptTokens = tokenCount((usage as { input_tokens?: unknown }).input_tokens);
  const completionTokens = tokenCount((usage as { output_tokens?: unknown }).output_tokens);
  // a count the upstream did not give is unknown, not 0: the finish stage then charges an estimate
  if (promptTokens === undefined || completionTokens === undefined) return undefined;
  return { promptTokens, completionTokens };
}

/** A response object: `object: "response"` with an `output` array. */
export function checkResponse(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'not an object';
  const response = value as { object?: unknown; output?: unknown };
  return response.object === 'response' && Array.isArray(response.output) ? undefined : 'not a response (no object "response" with an "output" array)';
}

/** Reads a Responses event stream as it passes: only its last events (`response.completed` …) and `error` are parsed. */
export class ResponsesEventReader implements EventReader {
  complete = false;
  failure: string | undefined;
  usage: TokenUsage | undefined;
  private sequence = 0;

  /** `final` is told the finished response (completed or incomplete). */
  constructor(private readonly final?: (response: Record<string, unknown>) => void) {}

  event(type: string | undefined, data: string): void {
    this.sequence += 1;
    switch (type) {
      case 'response.completed':
      case 'response.incomplete': {
        const response = parseEventJson(data)?.response;
        if (response !== null && typeof response === 'object' && checkResponse(response) === undefined) {
          this.usage = responseUsage(response);
          this.final?.(response as Record<string, unknown>);
        }
        this.complete = true;
        return;
      }
      case 'response.failed': {
        const error = (parseEventJson(data)?.response as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
        this.failure ??= `${typeof error?.code === 'string' ? error.code : 'failed'}: ${typeof error?.message === 'string' ? error.message : 'the response failed'}`;
        return;
      }
      case 'error': {
        const error = parseEventJson(data);
        this.failure = `${typeof error?.code === 'string' ? error.code : 'error'}: ${typeof error?.message === 'string' ? error.message : data.slice(0, 200)}`;
        return;
      }
      default:
        return;
    }
  }

  errorEvent(error: unknown): string {
    return `event: error\ndata: {"type":"error","sequence_number":${this.sequence},${errorEventFields(error)}}\n\n`;
  }
}
