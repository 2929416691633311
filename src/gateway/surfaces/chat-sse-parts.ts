/**
 * The upstream side of every translated stream: the bytes of an OpenAI-compatible chat completion stream, as
 * they arrive in chunks split anywhere, become StreamParts. The SSE framing is decoded by the providers'
 * decoder and the chunks are read by the providers' `ChatStreamParts`, so the gateway reads an upstream
 * exactly as the chat model does.
 */
import { ProviderError } from '../../errors.js';
import type { StreamPart } from '../../providers/index.js';
import { ChatStreamParts, type ChatStreamState, type StreamPartSink } from '../../providers/index.js';
import { ServerSentEventDecoder } from '../../providers/index.js';

export class ChatSseParts {
  private readonly text = new TextDecoder();
  private readonly events = new ServerSentEventDecoder();
  private readonly parts: ChatStreamParts;
  private state: ChatStreamState = 'open';
  private ended = false;

  /** `upstream` names the upstream in errors. */
  constructor(
    private readonly upstream: string,
    private readonly emit: StreamPartSink,
    started: number = performance.now(),
  ) {
    this.parts = new ChatStreamParts(upstream, started);
  }

  /** Takes the next bytes of the body; parts go to the sink. Returns where the stream stands. */
  push(chunk: Uint8Array): ChatStreamState {
    if (this.state !== 'open') return this.state;
    for (const event of this.events.push(this.text.decode(chunk, { stream: true }))) {
      this.state = this.parts.data(event.data, this.emit);
      if (this.state !== 'open') break;
    }
    return this.state;
  }

  /** The body ended cleanly: the finish part, or an error part when the stream was incomplete. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.state === 'open') {
      for (const event of this.events.push(this.text.decode())) {
        this.state = this.parts.data(event.data, this.emit);
        if (this.state !== 'open') break;
      }
    }
    this.parts.end(this.emit);
  }

  /** The body failed (connection reset, timeout): an error part unless the stream had already ended. */
  fail(error: unknown): void {
    if (this.ended) return;
    if (this.state === 'done') return this.end(); // [DONE] arrived: the stream was complete
    this.ended = true;
    const failure =
      error instanceof ProviderError
        ? error
        : new ProviderError(this.upstream, `stream failed: ${error instanceof Error ? error.message : String(error)}`, { isRetryable: false }, { cause: error });
    this.state = this.parts.fail(failure, this.emit);
  }
}

export type { StreamPart };
