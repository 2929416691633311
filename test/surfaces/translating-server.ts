/**
 * parity's gateway on 127.0.0.1 in front of a fake OpenAI-compatible upstream (a real server) that replays a
 * recorded chat completion: the JSON body, or the stream's bytes in the pieces the test chose, each piece
 * written on its own. The SDK clients of the tests speak to the gateway's `/v1/messages` and `/v1/responses`;
 * the Chat Completions requests the gateway sent upstream are kept for the test to look at. The model `open`
 * is an alias of `local/open`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseGatewayConfig } from '../../src/gateway/config/load.js';
import type { GatewayConfigInput } from '../../src/gateway/config/schema.js';
import type { ChatRequest } from '../../src/gateway/request/chat-request.js';
import { createGateway, type Gateway } from '../../src/gateway/server.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

/** What the fake upstream answers the next request with. */
export interface UpstreamAnswer {
  /** A chat completion body (for requests without `stream`). */
  json?: string;
  /** The stream's bytes, in the pieces they arrive in (for requests with `stream: true`). */
  pieces?: readonly Buffer[];
}

export interface TranslatingServer {
  /** The gateway's URL. */
  readonly url: string;
  readonly gateway: Gateway;
  readonly store: Store;
  /** The answer for the following requests. */
  answer: UpstreamAnswer;
  /** The Chat Completions requests the gateway sent upstream, in order. */
  readonly chatRequests: ChatRequest[];
  close(): Promise<void>;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startTranslatingServer(extra: Partial<GatewayConfigInput> = {}): Promise<TranslatingServer> {
  const chatRequests: ChatRequest[] = [];
  const state: { answer: UpstreamAnswer } = { answer: {} };

  const upstream: Server = createServer((request, response) => {
    void (async () => {
      const body = JSON.parse((await readAll(request)).toString('utf8')) as ChatRequest;
      chatRequests.push(body);
      if (body.stream !== true) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(state.answer.json ?? '{}');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const piece of state.answer.pieces ?? []) {
        response.write(piece);
        await new Promise((resolve) => setImmediate(resolve)); // let each piece leave on its own
      }
      response.end();
    })();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  const store = await openStore({ url: 'sqlite::memory:' });
  const config = parseGatewayConfig({
    auth: { required: false },
    upstreams: { local: { baseUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 5_000 } },
    models: { open: 'local/open' },
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    logging: { bodies: false, batchSize: 50, flushIntervalMs: 50 },
    ...extra,
  });
  const gateway = await createGateway(config, { store });
  const { url } = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    gateway,
    store,
    get answer() {
      return state.answer;
    },
    set answer(value: UpstreamAnswer) {
      state.answer = value;
    },
    chatRequests,
    async close() {
      await gateway.close();
      await store.close();
      await new Promise<void>((resolve) => {
        upstream.closeAllConnections();
        upstream.close(() => resolve());
      });
    },
  };
}
