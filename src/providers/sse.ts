/**
 * A server-sent events decoder following the WHATWG event-stream rules (CR, LF or CRLF line ends, `:` comments,
 * multi-line `data`, a blank line dispatches; an event cut before its blank line is never dispatched).
 */
export interface ServerSentEvent {
  /** The `event:` field; undefined for the default "message" type. */
  event: string | undefined;
  data: string;
  id: string | undefined;
}

export class ServerSentEventDecoder {
  private buffer = '';
  private data: string[] = [];
  private eventType: string | undefined;
  private lastId: string | undefined;
  private sawFirstLine = false;

  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): ServerSentEvent[] {
    const buffer = this.buffer === '' ? text : this.buffer + text;
    const events: ServerSentEvent[] = [];
    let start = 0;
    // line ends found with indexOf (most streams have no CR at all: it is searched again only when passed)
    let nextCr = buffer.indexOf('\r');
    for (;;) {
      const lf = buffer.indexOf('\n', start);
      if (nextCr !== -1 && nextCr < start) nextCr = buffer.indexOf('\r', start);
      const end = nextCr !== -1 && (lf === -1 || nextCr < lf) ? nextCr : lf;
      if (end === -1) break;
      // a CR at the very end might be the first half of CRLF: wait for more input
      if (end === nextCr && end === buffer.length - 1) break;
      const line = buffer.slice(start, end);
      start = end === nextCr && buffer.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      const event = this.line(line);
      if (event !== undefined) events.push(event);
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    return events;
  }

  /** True when bytes of an unfinished event are pending (the stream was cut mid-event). */
  get hasPartialEvent(): boolean {
    return this.buffer !== '' || this.data.length > 0 || this.eventType !== undefined;
  }

  private line(raw: string): ServerSentEvent | undefined {
    let line = raw;
    if (!this.sawFirstLine) {
      this.sawFirstLine = true;
      if (line.startsWith('\uFEFF')) line = line.slice(1);
    }
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const eventType = this.eventType;
    this.eventType = undefined;
    if (this.data.length === 0) return undefined;
    const data = this.data.join('\n');
    this.data = [];
    return { event: eventType === '' ? undefined : eventType, data, id: this.lastId };
  }
}

/** Decodes a byte stream (a response body) into events. */
export async function* decodeServerSentEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  const events = new ServerSentEventDecoder();
  for await (const chunk of chunks) {
    yield* events.push(decoder.decode(chunk, { stream: true }));
  }
  yield* events.push(decoder.decode());
}
