/**
 * An instant OpenAI-compatible upstream for the gateway bench: answers chat completions at once, as one JSON
 * body or (when the request says "stream":true) as an SSE stream of a few chunks, a usage chunk and [DONE],
 * written in one go. Prints `{"port":N}` when ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UPSTREAM_JSON, UPSTREAM_SSE } from './upstream-answers.js';

const json = UPSTREAM_JSON;
const sse = UPSTREAM_SSE;
const JSON_HEADERS = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (data: Buffer) => chunks.push(data));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    if (body.includes('"stream":true')) {
      response.writeHead(200, SSE_HEADERS);
      response.end(sse);
    } else {
      response.writeHead(200, JSON_HEADERS);
      response.end(json);
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => process.exit(0));
