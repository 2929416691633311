/**
 * The instant OpenAI-compatible upstream for the eval bench: answers every chat completion at once with a small
 * JSON body whose content echoes the last message, so an `equals` grader has something to check. Counts the
 * completions it served (GET /stats), so the bench can tell that each tool asked each case exactly once.
 * Prints `{"port":N}` when ready. Loopback only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const head = '{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":';
const tail = '},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16}}';

let served = 0;

function lastContent(body: string): string {
  try {
    const parsed = JSON.parse(body) as { messages?: Array<{ content?: unknown }> };
    const content = parsed.messages?.at(-1)?.content;
    return typeof content === 'string' ? content : '';
  } catch {
    return '';
  }
}

const server = createServer((request, response) => {
  if (request.method === 'GET') {
    const stats = JSON.stringify({ served });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(stats) });
    response.end(stats);
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (data: Buffer) => chunks.push(data));
  request.on('end', () => {
    served++;
    const json = head + JSON.stringify(lastContent(Buffer.concat(chunks).toString('utf8'))) + tail;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    response.end(json);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => process.exit(0));
