/**
 * One attempt of a translated surface (Anthropic Messages, Responses) against an OpenAI-compatible upstream:
 * the translated Chat Completions request goes out on the same pool and dispatch handlers as pass-through; the
 * answer comes back through the providers' readers (`parseChatCompletion`, `ChatSseParts` → StreamParts) and is
 * written by the surface's renderer. As with pass-through, nothing is sent before the first part that is not an
 * error, so a failure until then can still fall back; after that, the renderer ends the stream in the
 * surface's way.
 */
import { ProviderError, type ParityError } from '../../errors.js';
import type { StreamPart, Usage } from '../../providers/index.js';
import { parseChatCompletion } from '../../providers/index.js';
import type { Target } from '../routing/route-table.js';
import { ChatSseParts } from '../surfaces/chat-sse-parts.js';
import { asParityError, usageOf } from './adapter.js';
import type { AnswerRenderer, PartWriter } from './answer-writer.js';
import type { AttemptResult } from './fallback.js';
import { answerCut, BufferedAttempt, start, StreamingAttempt, type PassthroughCall } from './passthrough.js';

export interface TranslatedCall extends Omit<PassthroughCall, 'check'> {
  target: Target;
  renderer: AnswerRenderer;
}

const noCheck = (): undefined => undefined;

class TranslatedJsonAttempt extends BufferedAttempt {
  private readonly startedAt = performance.now();

  constructor(private readonly translated: TranslatedCall) {
    super({ ...translated, check: noCheck });
  }

  protected end(): void {
    const { call, translated } = this;
    const text = Buffer.concat(this.chunks).toString('utf8');
    call.progress.firstByteAt ??= performance.now();
    let bytes: Buffer;
    let usage: Usage;
    try {
      const result = parseChatCompletion(call.client.name, text, performance.now() - this.startedAt, this.status);
      usage = result.usage;
      bytes = Buffer.from(JSON.stringify(translated.renderer.json(result, translated.target)), 'utf8');
    } catch (error) {
      this.fail(asParityError(error, call.client.name));
      return;
    }
    const response = call.response;
    if (!response.destroyed) {
      response.writeHead(this.status, [...call.headers, 'content-type', 'application/json', 'content-length', String(bytes.length)]);
      response.end(bytes);
    }
    call.progress.usage = usageOf(usage);
    if (call.keepBody) call.progress.responseBody = bytes.toString('utf8');
    if (call.capture === true) call.progress.captured = bytes;
    this.finish({ ok: true, value: this.status });
  }
}

/**
 * The events a surface renders while one upstream chunk is read go out in one write: a chat upstream often
 * sends its whole answer in a chunk or two, and a translated surface renders several events per upstream
 * event (Responses: created, in_progress, output_item.added, … for a one-line answer). One write per event
 * meant one loopback TCP send each (`writev` was the largest item of a Responses stream's CPU profile).
 */
class TranslatedStreamAttempt extends StreamingAttempt {
  private readonly reader: ChatSseParts;
  private readonly writer: PartWriter;
  private completed = false;
  /** rendered events not yet written (while an upstream chunk is being read) */
  private pending = '';
  private reading = false;

  constructor(translated: TranslatedCall) {
    super({ ...translated, check: noCheck });
    this.writer = translated.renderer.stream(translated.target);
    this.reader = new ChatSseParts(translated.client.name, (part) => this.part(part));
  }

  private out(text: string): void {
    if (this.reading) this.pending += text;
    else this.send(text);
  }

  /** Writes what was rendered so far: after each upstream chunk, and before a failure decides what was sent. */
  private flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.send(text);
  }

  private part(part: StreamPart): void {
    if (this.completed) return;
    const progress = this.call.progress;
    if (part.type === 'error') {
      this.completed = true;
      this.flush();
      if (!this.started) {
        this.fail(part.error); // nothing sent yet: the caller may fall back
        return;
      }
      const cut = answerCut(this.call.client.name, part.error, progress.events);
      if (!this.call.response.destroyed) this.call.response.end(this.writer.fail(cut));
      this.fail(cut, true);
      return;
    }
    progress.events += 1;
    if (part.type !== 'finish') {
      this.out(this.writer.write(part));
      return;
    }
    this.completed = true;
    progress.usage = usageOf(part.usage);
    this.out(this.writer.write(part));
    this.flush();
    this.endStream();
    this.finish({ ok: true, value: this.status });
  }

  protected data(chunk: Buffer): void {
    this.call.progress.firstByteAt ??= performance.now();
    this.reading = true;
    try {
      this.reader.push(chunk);
    } finally {
      this.reading = false;
    }
    this.flush();
  }

  protected broken(error: ParityError): void {
    this.reader.fail(error instanceof ProviderError ? error : new ProviderError(this.call.client.name, error.message, { isRetryable: true }, { cause: error }));
    // a failure after the stream was complete ([DONE] arrived) changes nothing
    if (!this.completed) this.part({ type: 'error', error });
  }

  protected end(): void {
    this.reader.end();
    if (!this.completed) this.part({ type: 'error', error: new ProviderError(this.call.client.name, 'the event stream ended without an answer', { isRetryable: true }) });
  }
}

export function translatedJson(call: TranslatedCall): Promise<AttemptResult<number>> {
  return start({ ...call, check: noCheck }, new TranslatedJsonAttempt(call));
}

export function translatedStream(call: TranslatedCall): Promise<AttemptResult<number>> {
  return start({ ...call, check: noCheck }, new TranslatedStreamAttempt(call));
}
