import { describe, expect, it } from 'vitest';
import { ServerSentEventDecoder, decodeServerSentEvents } from './sse.js';

describe('ServerSentEventDecoder', () => {
  it('splits events on blank lines and joins multi-line data', () => {
    const decoder = new ServerSentEventDecoder();
    const events = decoder.push('data: a\ndata: b\n\nevent: ping\ndata: {}\n\n');
    expect(events).toEqual([
      { event: undefined, data: 'a\nb', id: undefined },
      { event: 'ping', data: '{}', id: undefined },
    ]);
  });

  it('handles CRLF and CR line ends, split anywhere, and comments', () => {
    const decoder = new ServerSentEventDecoder();
    const text = ': keep-alive\r\ndata:x\r\n\r\ndata: y\r\rdata: z\n\n';
    const events = [];
    for (const char of text) events.push(...decoder.push(char));
    expect(events.map((event) => event.data)).toEqual(['x', 'y', 'z']);
  });

  it('strips a leading BOM and keeps the last id', () => {
    const decoder = new ServerSentEventDecoder();
    expect(decoder.push('\uFEFFid: 7\ndata: one\n\n')).toEqual([{ event: undefined, data: 'one', id: '7' }]);
  });

  it('does not dispatch an event cut before its blank line', async () => {
    async function* body() {
      yield new TextEncoder().encode('data: complete\n\ndata: {"half":');
    }
    const events = [];
    for await (const event of decodeServerSentEvents(body())) events.push(event.data);
    expect(events).toEqual(['complete']);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: héllo 😊\n\n');
    async function* body() {
      for (const byte of bytes) yield Uint8Array.of(byte);
    }
    const events = [];
    for await (const event of decodeServerSentEvents(body())) events.push(event.data);
    expect(events).toEqual(['héllo 😊']);
  });
});
