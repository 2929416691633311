/**
 * OpenAI-compatible fake upstreams for the eval's tests: real servers on 127.0.0.1 that answer "What is n + n?"
 * right or wrong by rule, fail on the cases asked, or are not there at all.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { reply, startFakeUpstream, type FakeUpstream, type RecordedRequest } from '../helpers/fake-upstream.js';

export function completion(content: string, usage = { prompt_tokens: 20, completion_tokens: 2 }): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 0,
    model: 'test',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** The n of "What is n + n?" in the request's last message. */
export function numberAsked(request: RecordedRequest): number {
  const messages = (request.json as { messages: Array<{ content: string }> }).messages;
  return Number(/What is (\d+)/.exec(messages.at(-1)!.content)?.[1]);
}

/**
 * Answers n + n right when `right(n)`, wrong otherwise; for the n where `fail(n)`, a 503 (with a 1 ms
 * Retry-After, so the retries are quick) every time.
 */
export async function doublingUpstream(options: { right?: (n: number) => boolean; fail?: (n: number) => boolean; usage?: { prompt_tokens: number; completion_tokens: number } } = {}): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream();
  upstream.on(
    'POST /v1/chat/completions',
    reply.handler((request, response) => {
      const n = numberAsked(request);
      if (options.fail?.(n)) {
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after-ms': '1' });
        response.end(JSON.stringify({ error: { message: 'overloaded, try again later', type: 'server_error' } }));
        return;
      }
      const right = options.right?.(n) ?? true;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completion(String(right ? 2 * n : 2 * n + 1), options.usage)));
    }),
  );
  return upstream;
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `n` cases of "What is n + n?" as inline YAML. */
export function doublingCases(count: number, from = 1): string {
  return Array.from({ length: count }, (_, index) => `  - { id: c${from + index}, vars: { n: ${from + index} }, expected: "${2 * (from + index)}" }`).join('\n');
}
