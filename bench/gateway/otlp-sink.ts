/**
 * A local OTLP/HTTP receiver for the gateway bench's tracing-on parity: takes every export and answers 200,
 * counting spans' bytes only. Prints `{"port":N}` when ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let received = 0;
const server = createServer((request, response) => {
  request.on('data', (chunk: Buffer) => (received += chunk.length));
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => {
  process.stderr.write(`otlp sink: ${received} bytes of traces received\n`);
  process.exit(0);
});
