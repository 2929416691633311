/**
 * One attempt against an OpenAI-compatible upstream, answering the client with the upstream's own bytes, as an
 * undici dispatch handler (no stream objects between the two sockets). JSON answers are read whole (they are
 * small), checked and sent with a content-length; event streams are written on chunk by chunk as they arrive,
 * with backpressure, while an SseScanner reads the usage event off the passing bytes. Nothing is sent to the
 * client before the upstream has produced its first bytes, so a failure until then can still fall back; after
 * that, a failure ends the stream with an OpenAI-style error event.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { ProviderError, type ParityError } from '../../errors.js';
import { errorEvent } from '../errors/openai-error.js';
import { SseScanner } from '../stream/sse-scanner.js';
import { usageOf, type TokenUsage } from '../stream/usage.js';
import type { AttemptResult } from './fallback.js';
import type { RequestAbort } from './request-abort.js';
import type { UpstreamClient } from './upstream-client.js';

/** What an attempt learned, filled in as it goes (also when it fails midway). */
export interface AttemptProgress {
  status: number | undefined;
  usage: TokenUsage | undefined;
  /** performance.now() when the first body bytes arrived from upstream. */
  firstByteAt: number | undefined;
  /** Stream events seen (estimates completion tokens when no usage arrived). */
  events: number;
  /** The response text, when bodies are logged. */
  responseBody: string | undefined;
  /** The whole JSON answer's bytes, when the call asked to `capture` them (for the response cache). */
  captured: Buffer | undefined;
}

export function emptyProgress(): AttemptProgress {
  return { status: undefined, usage: undefined, firstByteAt: undefined, events: 0, responseBody: undefined, captured: undefined };
}

export interface PassthroughCall {
  client: UpstreamClient;
  path: string;
  body: string;
  response: ServerResponse;
  /** Extra response headers as a flat [name, value, …] list. */
  headers: string[];
  signal: RequestAbort;
  keepBody: boolean;
  /** Keep a JSON answer's bytes in `progress.captured`. */
  capture?: boolean;
  /** false: a JSON answer is only captured, not sent to the client (a cascade sends the one it accepts). */
  deliver?: boolean;
  progress: AttemptProgress;
  /** Checks a parsed JSON answer; returns a reason when it is not the expected shape. */
  check: (value: unknown) => string | undefined;
  /** Reads the usage off a checked JSON answer (default: Chat Completions' `usage`). */
  usage?: (value: unknown) => TokenUsage | undefined;
  /** Told the checked JSON answer once it was sent. */
  answered?: (value: unknown) => void;
  /** The W3C trace context of this attempt's span, sent upstream (when tracing is on). */
  traceparent?: string;
  /** Headers of the client's request passed on upstream (a native pass-through's `anthropic-beta`). */
  forward?: Readonly<Record<string, string>>;
}

const ERROR_BODY_LIMIT = 64 * 1024;
export const STREAM_HEADERS = ['content-type', 'text/event-stream', 'cache-control', 'no-cache', 'x-accel-buffering', 'no'];
export const BODY_LOG_LIMIT = 1024 * 1024;

export type Controller = Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestStart']>>[0];

/** The common part: cancellation, error statuses, the one-time resolution. */
export abstract class AttemptHandler implements Dispatcher.DispatchHandler {
  protected controller: Controller | undefined;
  protected status = 0;
  protected headers: IncomingHttpHeaders = {};
  /** Set when the answer is an error to read whole (an error status, or not the expected content type). */
  protected errorText: string | undefined;
  private done = false;
  private readonly onAbort = (): void => this.controller?.abort(new Error('the client closed the connection'));
  readonly result: Promise<AttemptResult<number>>;
  private settle!: (result: AttemptResult<number>) => void;

  constructor(protected readonly call: PassthroughCall) {
    this.result = new Promise((resolve) => (this.settle = resolve));
  }

  protected finish(result: AttemptResult<number>): void {
    if (this.done) return;
    this.done = true;
    this.call.signal.off('abort', this.onAbort);
    this.settle(result);
  }

  protected fail(error: ParityError, committed = false): void {
    this.finish({ ok: false, error, committed });
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    if (this.call.signal.aborted) this.onAbort();
    else this.call.signal.once('abort', this.onAbort);
  }

  onResponseStart(_controller: Controller, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
    this.call.progress.status = statusCode;
    if (statusCode >= 400 || !this.accepts(headers)) this.errorText = '';
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.errorText !== undefined) {
      if (this.errorText.length < ERROR_BODY_LIMIT) this.errorText += chunk.toString('utf8');
      return;
    }
    this.data(chunk);
  }

  onResponseEnd(): void {
    if (this.errorText !== undefined) {
      const error = this.call.client.statusError(this.status, this.headers, this.errorText.slice(0, ERROR_BODY_LIMIT));
      if (this.status < 400) {
        this.fail(new ProviderError(this.call.client.name, `unexpected content type ${String(this.headers['content-type'])}: ${error.message}`, { isRetryable: true }));
      } else this.fail(error);
      return;
    }
    this.end();
  }

  onResponseError(_controller: Controller, error: Error): void {
    this.broken(this.call.client.failure(error, this.status === 0 ? 'request failed' : 'connection lost mid-stream'));
  }

  protected abstract accepts(headers: IncomingHttpHeaders): boolean;
  protected abstract data(chunk: Buffer): void;
  protected abstract end(): void;
  protected abstract broken(error: ParityError): void;
}

/** An attempt that reads the whole answer before it says anything (JSON, and translated JSON answers). */
export abstract class BufferedAttempt extends AttemptHandler {
  protected readonly chunks: Buffer[] = [];

  protected accepts(): boolean {
    return true;
  }

  protected data(chunk: Buffer): void {
    this.call.progress.firstByteAt ??= performance.now();
    this.chunks.push(chunk);
  }

  protected broken(error: ParityError): void {
    this.fail(error);
  }
}

class JsonAttempt extends BufferedAttempt {

  protected end(): void {
    const { call } = this;
    const bytes = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    call.progress.firstByteAt ??= performance.now();
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      this.fail(new ProviderError(call.client.name, 'the response is not valid JSON', { isRetryable: true, status: this.status }));
      return;
    }
    const problem = call.check(value);
    if (problem !== undefined) {
      this.fail(new ProviderError(call.client.name, `unexpected response: ${problem}`, { isRetryable: true, status: this.status }));
      return;
    }
    const response = call.response;
    if (call.deliver !== false && !response.destroyed) {
      response.writeHead(this.status, [...call.headers, 'content-type', 'application/json', 'content-length', String(bytes.length)]);
      response.end(bytes);
    }
    call.progress.usage = call.usage === undefined ? usageOf(value) : call.usage(value);
    call.answered?.(value);
    if (call.keepBody) call.progress.responseBody = bytes.toString('utf8');
    if (call.capture === true) call.progress.captured = bytes;
    this.finish({ ok: true, value: this.status });
  }
}

/**
 * An attempt whose answer is an event stream, written on to the client as it arrives (the headers with the
 * first bytes), with backpressure: a full socket pauses the upstream until it drains. Pass-through (below),
 * translated (translated.ts) and named-event (event-stream-passthrough.ts) streams.
 */
export abstract class StreamingAttempt extends AttemptHandler {
  /** Bytes were sent to the client: a failure now is committed. */
  protected started = false;
  private logged: string | undefined;
  private readonly onDrain = (): void => this.controller?.resume();

  constructor(call: PassthroughCall) {
    super(call);
    this.logged = call.keepBody ? '' : undefined;
    call.response.on('drain', this.onDrain);
  }

  protected accepts(headers: IncomingHttpHeaders): boolean {
    const type = headers['content-type'];
    return typeof type === 'string' && type.includes('text/event-stream');
  }

  protected override finish(result: AttemptResult<number>): void {
    this.call.response.off('drain', this.onDrain);
    this.call.progress.responseBody = this.logged;
    super.finish(result);
  }

  protected send(chunk: Buffer | string): void {
    const response = this.call.response;
    if (chunk.length === 0 || response.destroyed) return;
    if (!this.started) {
      this.started = true;
      response.writeHead(this.status, [...this.call.headers, ...STREAM_HEADERS]);
    }
    if (this.logged !== undefined && this.logged.length < BODY_LOG_LIMIT) this.logged += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (!response.write(chunk)) this.controller?.pause();
  }

  /** Ends a complete answer (its headers first when nothing was sent: an empty stream). */
  protected endStream(): void {
    const response = this.call.response;
    if (!this.started && !response.destroyed) response.writeHead(this.status, [...this.call.headers, ...STREAM_HEADERS]);
    response.end();
  }
}

class StreamAttempt extends StreamingAttempt {
  private readonly scanner: SseScanner;

  constructor(call: PassthroughCall, stripUsageEvent: boolean) {
    super(call);
    this.scanner = new SseScanner(stripUsageEvent);
  }

  protected override finish(result: AttemptResult<number>): void {
    const progress = this.call.progress;
    progress.usage = this.scanner.usage;
    progress.events = this.scanner.events;
    super.finish(result);
  }

  protected data(chunk: Buffer): void {
    this.call.progress.firstByteAt ??= performance.now();
    this.send(this.scanner.push(chunk));
  }

  protected broken(error: ParityError): void {
    if (!this.started) {
      this.fail(error); // nothing sent yet: the caller may fall back
      return;
    }
    // the client has whole events only (see SseScanner): the error event after them parses, and SDKs raise it
    const cut = answerCut(this.call.client.name, error, this.scanner.events);
    if (!this.call.response.destroyed) this.call.response.end(errorEvent(cut));
    this.fail(cut, true);
  }

  protected end(): void {
    const rest = this.scanner.finish();
    if (!this.scanner.sawDone) {
      this.broken(new ProviderError(this.call.client.name, 'the event stream ended before [DONE]', { isRetryable: true }));
      return;
    }
    this.send(rest);
    this.endStream();
    this.finish({ ok: true, value: this.status });
  }
}

/**
 * The failure of a stream that had already started: says the answer was cut (in the client's error event and
 * in the request log), why, and after how many events.
 */
export function answerCut(upstream: string, error: ParityError, events: number): ProviderError {
  const prefix = `${upstream}: `;
  const why = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return new ProviderError(upstream, `the answer was cut after ${events} event(s): ${why}`, { isRetryable: true }, { cause: error });
}

export function start(call: PassthroughCall, handler: AttemptHandler): Promise<AttemptResult<number>> {
  try {
    call.client.dispatch(call.path, call.body, handler, call.traceparent, call.forward);
  } catch (error) {
    handler.onResponseError(undefined as unknown as Controller, error as Error); // e.g. the pool is closing
  }
  return handler.result;
}

export function forwardJson(call: PassthroughCall): Promise<AttemptResult<number>> {
  return start(call, new JsonAttempt(call));
}

export function forwardStream(call: PassthroughCall, stripUsageEvent: boolean): Promise<AttemptResult<number>> {
  return start(call, new StreamAttempt(call, stripUsageEvent));
}
