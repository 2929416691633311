/**
 * Pass-through of a stream of named events (Anthropic Messages, OpenAI Responses) from an upstream that speaks
 * the client's API itself: the upstream's bytes go to the client as they are, whole events only (a partial
 * event is held until its blank line arrives), while an EventReader reads the few events that matter — the
 * usage, the last event, an error the upstream reported — off the decoded events. As with Chat Completions
 * pass-through (passthrough.ts), nothing is sent before the upstream's first bytes, so a failure until then can
 * fall back; a stream cut after that ends with the surface's own error event.
 */
import { ProviderError, type ParityError } from '../../errors.js';
import { ServerSentEventDecoder } from '../../providers/index.js';
import type { TokenUsage } from '../stream/usage.js';
import type { AttemptResult } from './fallback.js';
import { answerCut, start, StreamingAttempt, type PassthroughCall } from './passthrough.js';

/** What a surface reads off its event stream. */
export interface EventReader {
  /** One complete event: its `event:` type (undefined: none given) and its data text. */
  event(type: string | undefined, data: string): void;
  readonly usage: TokenUsage | undefined;
  /** The stream's last event arrived (`message_stop`, `response.completed` …). */
  readonly complete: boolean;
  /** The upstream reported a failure in the stream (an `error` event): its message. */
  readonly failure: string | undefined;
  /** The surface's error event that ends a stream cut after it started. */
  errorEvent(error: ParityError): string;
}

/** An event's data as a JSON object; undefined when it is not one (an upstream's stream is untrusted input). */
export function parseEventJson(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const LF2 = Buffer.from('\n\n');
const CRLF2 = Buffer.from('\r\n\r\n');

function lastBoundaryEnd(buffer: Buffer): number {
  const lf = buffer.lastIndexOf(LF2);
  const crlf = buffer.lastIndexOf(CRLF2);
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 4);
}

class EventStreamAttempt extends StreamingAttempt {
  private readonly decoder = new ServerSentEventDecoder();
  private pending: Buffer | undefined;

  constructor(
    call: PassthroughCall,
    private readonly reader: EventReader,
  ) {
    super(call);
  }

  protected override finish(result: AttemptResult<number>): void {
    // a stream cut before its last event has only partial counts (message_start's output_tokens is 1): unknown
    // usage, so the finish stage charges its estimate rather than the partial count
    this.call.progress.usage = this.reader.complete ? this.reader.usage : undefined;
    super.finish(result);
  }

  /** Reads the complete events in `bytes` (they end at an event boundary, so no character is split). */
  private read(bytes: Buffer): void {
    for (const event of this.decoder.push(bytes.toString('utf8'))) {
      this.call.progress.events += 1;
      this.reader.event(event.event, event.data);
    }
  }

  protected data(chunk: Buffer): void {
    this.call.progress.firstByteAt ??= performance.now();
    const data = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    const end = lastBoundaryEnd(data);
    this.pending = end === data.length ? undefined : data.subarray(end);
    if (end === 0) return;
    const complete = end === data.length ? data : data.subarray(0, end);
    this.read(complete);
    this.send(complete);
  }

  protected broken(error: ParityError): void {
    if (!this.started) {
      this.fail(error); // nothing sent yet: the caller may fall back
      return;
    }
    const cut = answerCut(this.call.client.name, error, this.call.progress.events);
    if (!this.call.response.destroyed) this.call.response.end(this.reader.errorEvent(cut));
    this.fail(cut, true);
  }

  protected end(): void {
    // an event whose blank line never came: complete only if the decoder dispatches it with one
    const rest = this.pending;
    this.pending = undefined;
    if (rest !== undefined && !this.reader.complete) {
      this.read(Buffer.concat([rest, LF2]));
      if (this.reader.complete) this.send(rest);
    }
    const failure = this.reader.failure;
    if (failure !== undefined) {
      // the upstream's own error event was passed on: the answer ended there
      const error = new ProviderError(this.call.client.name, `the upstream ended the stream with an error: ${failure}`, { isRetryable: true });
      if (!this.started) {
        this.fail(error);
        return;
      }
      this.call.response.end();
      this.fail(error, true);
      return;
    }
    if (!this.reader.complete) {
      this.broken(new ProviderError(this.call.client.name, 'the event stream ended before its last event', { isRetryable: true }));
      return;
    }
    this.endStream();
    this.finish({ ok: true, value: this.status });
  }
}

/** Forwards an event stream answer to the client, reading it with `reader`. */
export function forwardEventStream(call: PassthroughCall, reader: EventReader): Promise<AttemptResult<number>> {
  return start(call, new EventStreamAttempt(call, reader));
}
