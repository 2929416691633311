/**
 * One attempt against an OpenAI-compatible upstream, answering the client with the upstream's own bytes.
 * JSON answers are read whole (they are small), checked and sent with a content-length; event streams are
 * piped chunk by chunk as they arrive, with backpressure, while an SseScanner reads the usage event off the
 * passing bytes. Nothing is sent to the client before the upstream has produced its first bytes, so a failure
 * until then can still fall back; after that, a failure ends the stream with an OpenAI-style error event.
 */
import type { ServerResponse } from 'node:http';
import { ProviderError } from '../../errors.js';
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
}

export function emptyProgress(): AttemptProgress {
  return { status: undefined, usage: undefined, firstByteAt: undefined, events: 0, responseBody: undefined };
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
  progress: AttemptProgress;
  /** Checks a parsed JSON answer; returns a reason when it is not the expected shape. */
  check: (value: unknown) => string | undefined;
}

const fail = (error: ProviderError | ReturnType<UpstreamClient['failure']>, committed = false) =>
  ({ ok: false, error, committed }) as const;

export async function forwardJson(call: PassthroughCall): Promise<AttemptResult<number>> {
  const { client } = call;
  let upstream;
  try {
    upstream = await client.post(call.path, call.body, call.signal);
  } catch (error) {
    return fail(client.failure(error, 'request failed'));
  }
  if (upstream.statusCode >= 400) return fail(await client.errorFrom(upstream));
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await upstream.body.arrayBuffer());
  } catch (error) {
    return fail(client.failure(error, 'reading the response failed'));
  }
  const progress = call.progress;
  progress.firstByteAt = performance.now();
  progress.status = upstream.statusCode;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return fail(new ProviderError(client.name, 'the response is not valid JSON', { isRetryable: true, status: upstream.statusCode }));
  }
  const problem = call.check(value);
  if (problem !== undefined) {
    return fail(new ProviderError(client.name, `unexpected response: ${problem}`, { isRetryable: true, status: upstream.statusCode }));
  }
  const response = call.response;
  if (!response.destroyed) {
    response.writeHead(upstream.statusCode, [
      ...call.headers,
      'content-type',
      'application/json',
      'content-length',
      String(bytes.length),
    ]);
    response.end(bytes);
  }
  progress.usage = usageOf(value);
  if (call.keepBody) progress.responseBody = bytes.toString('utf8');
  return { ok: true, value: upstream.statusCode };
}

const STREAM_HEADERS = ['content-type', 'text/event-stream', 'cache-control', 'no-cache', 'x-accel-buffering', 'no'];
const BODY_LOG_LIMIT = 1024 * 1024;

export async function forwardStream(call: PassthroughCall, stripUsageEvent: boolean): Promise<AttemptResult<number>> {
  const { client, response } = call;
  let upstream;
  try {
    upstream = await client.post(call.path, call.body, call.signal);
  } catch (error) {
    return fail(client.failure(error, 'request failed'));
  }
  if (upstream.statusCode >= 400) return fail(await client.errorFrom(upstream));
  const contentType = upstream.headers['content-type'];
  if (typeof contentType !== 'string' || !contentType.includes('text/event-stream')) {
    const error = await client.errorFrom(upstream);
    return fail(new ProviderError(client.name, `expected an event stream, got ${String(contentType)}: ${error.message}`, { isRetryable: true }));
  }

  const scanner = new SseScanner(stripUsageEvent);
  const body = upstream.body;
  const progress = call.progress;
  progress.status = upstream.statusCode;
  let started = false;
  let logged = call.keepBody ? '' : undefined;

  return new Promise((resolve) => {
    const send = (bytes: Buffer): void => {
      if (bytes.length === 0 || response.destroyed) return;
      if (!started) {
        started = true;
        response.writeHead(upstream.statusCode, [...call.headers, ...STREAM_HEADERS]);
      }
      if (logged !== undefined && logged.length < BODY_LOG_LIMIT) logged += bytes.toString('utf8');
      if (!response.write(bytes)) body.pause();
    };
    const onDrain = (): void => {
      body.resume();
    };
    response.on('drain', onDrain);
    const finish = (result: AttemptResult<number>): void => {
      response.off('drain', onDrain);
      progress.usage = scanner.usage;
      progress.events = scanner.events;
      progress.responseBody = logged;
      resolve(result);
    };
    const failWith = (error: ReturnType<UpstreamClient['failure']>): void => {
      if (!started) return finish(fail(error)); // nothing sent yet: the caller may fall back
      if (!response.destroyed) response.end(errorEvent(error));
      finish(fail(error, true));
    };

    body.on('data', (chunk: Buffer) => {
      progress.firstByteAt ??= performance.now();
      send(scanner.push(chunk));
    });
    body.on('error', (error: unknown) => failWith(client.failure(error, 'connection lost mid-stream')));
    body.on('end', () => {
      send(scanner.finish());
      if (!scanner.sawDone) {
        failWith(new ProviderError(client.name, 'the event stream ended before [DONE]', { isRetryable: true }));
        return;
      }
      if (!started) response.writeHead(upstream.statusCode, [...call.headers, ...STREAM_HEADERS]);
      response.end();
      finish({ ok: true, value: upstream.statusCode });
    });
  });
}
