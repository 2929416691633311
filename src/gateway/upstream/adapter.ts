/**
 * One attempt against a non-OpenAI upstream (Anthropic, Gemini) through the providers' LanguageModel adapters,
 * answering in the client's API through its renderer (answer-writer.ts). As with pass-through, nothing reaches the client before the adapter yields its
 * first part, so failures until then can fall back; later ones end the stream with an error event.
 */
import type { ServerResponse } from 'node:http';
import { ParityError, ProviderError } from '../../errors.js';
import type { GenerateRequest, Provider, StreamPart, Usage } from '../../providers/index.js';
import type { Target } from '../routing/route-table.js';
import type { AnswerRenderer } from './answer-writer.js';
import type { AttemptResult } from './fallback.js';
import { answerCut, type AttemptProgress } from './passthrough.js';
import type { RequestAbort } from './request-abort.js';

export interface AdapterCall {
  provider: Provider;
  target: Target;
  renderer: AnswerRenderer;
  request: GenerateRequest;
  response: ServerResponse;
  headers: string[];
  abort: RequestAbort;
  progress: AttemptProgress;
  keepBody: boolean;
  /** Keep the JSON answer's bytes in `progress.captured` (for the response cache). */
  capture?: boolean;
}

export function asParityError(error: unknown, upstream: string): ParityError {
  if (error instanceof ParityError) return error;
  return new ProviderError(upstream, error instanceof Error ? error.message : String(error), { isRetryable: true }, { cause: error });
}

export function signalFor(abort: RequestAbort): AbortSignal {
  const controller = new AbortController();
  if (abort.aborted) controller.abort();
  else abort.once('abort', () => controller.abort());
  return controller.signal;
}

/** A provider's usage as the gateway counts it: both counts or unknown (never 0 for a count not given). */
export const usageOf = (usage: { inputTokens: number | undefined; outputTokens: number | undefined }) =>
  usage.inputTokens === undefined || usage.outputTokens === undefined ? undefined : { promptTokens: usage.inputTokens, completionTokens: usage.outputTokens };

export async function adapterJson(call: AdapterCall): Promise<AttemptResult<number>> {
  const { target } = call;
  let body: string;
  let result;
  try {
    result = await call.provider.languageModel(target.model).generate(call.request, { signal: signalFor(call.abort) });
    body = JSON.stringify(call.renderer.json(result, target));
  } catch (error) {
    return { ok: false, error: asParityError(error, target.upstream), committed: false };
  }
  call.progress.status = 200;
  call.progress.firstByteAt = performance.now();
  call.progress.usage = usageOf(result.usage);
  if (call.keepBody) call.progress.responseBody = body;
  const bytes = Buffer.from(body, 'utf8');
  if (call.capture === true) call.progress.captured = bytes;
  if (!call.response.destroyed) {
    call.response.writeHead(200, [...call.headers, 'content-type', 'application/json', 'content-length', String(bytes.length)]);
    call.response.end(bytes);
  }
  return { ok: true, value: 200 };
}

const STREAM_HEADERS = ['content-type', 'text/event-stream', 'cache-control', 'no-cache', 'x-accel-buffering', 'no'];

export async function adapterStream(call: AdapterCall): Promise<AttemptResult<number>> {
  const { response, progress, target } = call;
  const writer = call.renderer.stream(target);
  let usage: Usage | undefined;
  const iterator = call.provider.languageModel(target.model).stream(call.request, { signal: signalFor(call.abort) })[Symbol.asyncIterator]();
  let started = false;
  let logged = call.keepBody ? '' : undefined;
  const send = (text: string): void => {
    if (text === '' || response.destroyed) return;
    if (!started) {
      started = true;
      response.writeHead(200, [...call.headers, ...STREAM_HEADERS]);
    }
    if (logged !== undefined) logged += text;
    progress.events += 1;
    response.write(text);
  };
  try {
    for (;;) {
      let next: IteratorResult<StreamPart>;
      try {
        next = await iterator.next();
      } catch (error) {
        const failure = asParityError(error, target.upstream);
        if (!started) return { ok: false, error: failure, committed: false };
        const cut = answerCut(target.upstream, failure, progress.events);
        response.end(writer.fail(cut));
        return { ok: false, error: cut, committed: true };
      }
      if (next.done === true) break;
      const part = next.value;
      progress.firstByteAt ??= performance.now();
      progress.status = 200;
      if (part.type === 'error') {
        if (!started) return { ok: false, error: part.error, committed: false };
        const cut = answerCut(target.upstream, part.error, progress.events);
        response.end(writer.fail(cut));
        return { ok: false, error: cut, committed: true };
      }
      if (part.type === 'finish') usage = part.usage;
      send(writer.write(part));
    }
  } finally {
    progress.usage = usage === undefined ? undefined : usageOf(usage);
    progress.responseBody = logged;
  }
  if (!started) response.writeHead(200, [...call.headers, ...STREAM_HEADERS]);
  response.end();
  return { ok: true, value: 200 };
}
