import fc from 'fast-check';
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

  it('gives the same events however the text is split, with any mix of line ends', () => {
    const lineEnd = fc.constantFrom('\n', '\r', '\r\n');
    const event = fc.record({
      type: fc.option(fc.stringMatching(/^[a-z_.]{1,12}$/), { nil: undefined }),
      lines: fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '{', '"', ':', ' ', 'é') , maxLength: 12 }), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(event, lineEnd), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (events, cuts) => {
        const text = events
          .map(([entry, end]) => `${entry.type === undefined ? '' : `event: ${entry.type}${end}`}${entry.lines.map((line) => `data: ${line}${end}`).join('')}${end}`)
          .join('') + '\n'; // a final CR may be half of a CRLF: what follows it settles that
        const whole = new ServerSentEventDecoder().push(text);
        expect(whole.map((entry) => entry.data)).toEqual(events.map(([entry]) => entry.lines.join('\n')));
        const decoder = new ServerSentEventDecoder();
        const pieces: typeof whole = [];
        let from = 0;
        for (const cut of [...cuts.map((value) => value % (text.length + 1))].sort((a, b) => a - b)) {
          pieces.push(...decoder.push(text.slice(from, Math.max(from, cut))));
          from = Math.max(from, cut);
        }
        pieces.push(...decoder.push(text.slice(from)));
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
