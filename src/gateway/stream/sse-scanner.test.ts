import { describe, expect, it } from 'vitest';
import { SseScanner } from './sse-scanner.js';

const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const content = (text: string) => event({ choices: [{ index: 0, delta: { content: text } }], usage: null });
const usage = event({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } });
const stream = content('Hel') + content('lo') + usage + 'data: [DONE]\n\n';

/** Feeds `text` in pieces of `size` bytes; returns what would be sent on. */
function run(scanner: SseScanner, text: string, size: number): string {
  const bytes = Buffer.from(text);
  let out = '';
  for (let at = 0; at < bytes.length; at += size) out += scanner.push(bytes.subarray(at, at + size)).toString();
  return out + scanner.finish().toString();
}

describe('SseScanner', () => {
  it.each([1, 3, 17, 10_000])('reads usage and [DONE] however the bytes are split (%i-byte chunks)', (size) => {
    const scanner = new SseScanner(false);
    expect(run(scanner, stream, size)).toBe(stream);
    expect(scanner.usage).toEqual({ promptTokens: 7, completionTokens: 3 });
    expect(scanner.sawDone).toBe(true);
  });

  it.each([1, 5, 10_000])('cuts the usage-only event when asked (%i-byte chunks)', (size) => {
    const scanner = new SseScanner(true);
    expect(run(scanner, stream, size)).toBe(content('Hel') + content('lo') + 'data: [DONE]\n\n');
    expect(scanner.usage?.completionTokens).toBe(3);
  });

  it('keeps an event that carries choices and usage together', () => {
    const both = event({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 2 } });
    const scanner = new SseScanner(true);
    expect(run(scanner, both + 'data: [DONE]\n\n', 7)).toBe(both + 'data: [DONE]\n\n');
    expect(scanner.usage).toEqual({ promptTokens: 1, completionTokens: 2 });
  });

  it('handles CRLF event boundaries', () => {
    const crlf = stream.replaceAll('\n\n', '\r\n\r\n');
    const scanner = new SseScanner(true);
    expect(run(scanner, crlf, 4)).not.toContain('prompt_tokens');
    expect(scanner.usage?.promptTokens).toBe(7);
    expect(scanner.sawDone).toBe(true);
  });

  it('ignores a malformed usage event instead of throwing', () => {
    const scanner = new SseScanner(false);
    run(scanner, 'data: {"usage":{"prompt_tokens": oops}\n\ndata: [DONE]\n\n', 8);
    expect(scanner.usage).toBeUndefined();
    expect(scanner.sawDone).toBe(true);
  });

  it('notices a stream without [DONE]', () => {
    const scanner = new SseScanner(false);
    run(scanner, content('partial'), 100);
    expect(scanner.sawDone).toBe(false);
  });
});

describe('SseScanner event count', () => {
  it.each([1, 2, 3, 5, 10_000])('counts LF and CRLF events however the bytes are split (%i-byte chunks)', (size) => {
    for (const text of [stream, stream.replaceAll('\n\n', '\r\n\r\n')]) {
      const scanner = new SseScanner(false);
      expect(run(scanner, text, size)).toBe(text);
      expect(scanner.events).toBe(4);
    }
  });

  it('counts an empty event between two blank lines, and no event in a fragment without its blank line', () => {
    const scanner = new SseScanner(false);
    expect(run(scanner, 'data: a\n\n\n\ndata: b', 3)).toBe('data: a\n\n\n\ndata: b'); // the fragment comes from finish()
    expect(scanner.events).toBe(2);
  });
});
