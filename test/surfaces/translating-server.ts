/**
 * A small server on 127.0.0.1 that answers `POST /v1/messages` and `POST /v1/responses` the way a gateway in
 * front of an OpenAI-compatible upstream will: it validates the SDK's request with the surface's schema,
 * translates it to a Chat Completions request (kept for the test to look at), takes the upstream's recorded
 * answer (JSON or SSE bytes, split where the test says), and sends the translation back — streamed piece by
 * piece as the upstream's bytes arrive. Only the translation modules are used; routing, keys and the rest are
 * the gateway's (phase 2).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '../../src/errors.js';
import { toErrorResponse } from '../../src/gateway/errors/openai-error.js';
import type { ChatRequest } from '../../src/gateway/request/chat-request.js';
import { parseJsonBody, validateBody } from '../../src/gateway/request/chat-request.js';
import { ChatSseParts } from '../../src/gateway/surfaces/chat-sse-parts.js';
import { toAnthropicError } from '../../src/gateway/surfaces/anthropic/anthropic-error.js';
import { messagesRequestSchema } from '../../src/gateway/surfaces/anthropic/messages-request.js';
import { toMessagesResponse } from '../../src/gateway/surfaces/anthropic/messages-response.js';
import { MessagesStreamWriter } from '../../src/gateway/surfaces/anthropic/messages-stream.js';
import { messagesToChat } from '../../src/gateway/surfaces/anthropic/messages-to-chat.js';
import { responsesRequestSchema } from '../../src/gateway/surfaces/responses/responses-request.js';
import { ResponseIds, toResponseObject } from '../../src/gateway/surfaces/responses/responses-response.js';
import { ResponsesStreamWriter } from '../../src/gateway/surfaces/responses/responses-stream.js';
import { responsesToChat } from '../../src/gateway/surfaces/responses/responses-to-chat.js';
import type { StreamPart } from '../../src/providers/language-model.js';
import { parseChatCompletion } from '../../src/providers/openai-compatible/chat-stream-parts.js';

/** What the fake upstream answers the next request with. */
export interface UpstreamAnswer {
  /** A chat completion body (for requests without `stream`). */
  json?: string;
  /** The stream's bytes, in the pieces they arrive in (for requests with `stream: true`). */
  pieces?: readonly Buffer[];
}

export interface TranslatingServer {
  readonly url: string;
  /** The answer for the following requests. */
  answer: UpstreamAnswer;
  /** The Chat Completions requests the surface produced, in order. */
  readonly chatRequests: ChatRequest[];
  close(): Promise<void>;
}

const UPSTREAM = 'local';

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Feeds the upstream pieces through the chat reader and the surface's writer, writing as they come. */
async function stream(response: ServerResponse, pieces: readonly Buffer[], write: (part: StreamPart) => string): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const reader = new ChatSseParts(UPSTREAM, (part) => {
    const text = write(part);
    if (text !== '') response.write(text);
  });
  for (const piece of pieces) {
    reader.push(piece);
    await new Promise((resolve) => setImmediate(resolve)); // let each piece leave on its own
  }
  reader.end();
  response.end();
}

export async function startTranslatingServer(): Promise<TranslatingServer> {
  const chatRequests: ChatRequest[] = [];
  const state: { answer: UpstreamAnswer } = { answer: {} };

  const messages = async (body: unknown, response: ServerResponse): Promise<void> => {
    const request = validateBody(messagesRequestSchema, body);
    chatRequests.push(messagesToChat(request));
    const options = { model: request.model, thinking: request.thinking?.type === 'enabled' };
    if (request.stream === true) {
      const writer = new MessagesStreamWriter(UPSTREAM, options);
      await stream(response, state.answer.pieces ?? [], (part) => writer.write(part));
      return;
    }
    const message = toMessagesResponse(parseChatCompletion(UPSTREAM, state.answer.json ?? '', 1), UPSTREAM, options);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message));
  };

  const responses = async (body: unknown, response: ServerResponse): Promise<void> => {
    const request = validateBody(responsesRequestSchema, body);
    chatRequests.push(responsesToChat(request));
    const context = { ids: new ResponseIds(), createdAt: Math.floor(Date.now() / 1000), request, model: request.model };
    if (request.stream === true) {
      const writer = new ResponsesStreamWriter(UPSTREAM, context);
      await stream(response, state.answer.pieces ?? [], (part) => writer.write(part));
      return;
    }
    const object = toResponseObject(parseChatCompletion(UPSTREAM, state.answer.json ?? '', 1), UPSTREAM, context);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(object));
  };

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const anthropic = path === '/v1/messages';
    void (async () => {
      try {
        const body = parseJsonBody(await readAll(request));
        if (anthropic) await messages(body, response);
        else if (path === '/v1/responses') await responses(body, response);
        else throw new ValidationError(`no route ${path}`, 'url');
      } catch (error) {
        if (response.headersSent) {
          response.destroy();
          return;
        }
        const mapped = anthropic ? toAnthropicError(error) : toErrorResponse(error);
        response.writeHead(mapped.status, { 'content-type': 'application/json', ...mapped.headers }).end(JSON.stringify(mapped.body));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get answer() {
      return state.answer;
    },
    set answer(value: UpstreamAnswer) {
      state.answer = value;
    },
    chatRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
