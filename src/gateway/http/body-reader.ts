/**
 * Reading request bodies within bounds: each body is refused past its own limit (per route, or per key — the
 * caller picks), a body that declares too large a `Content-Length` is refused before a byte is read, and the
 * bytes of all bodies being received at once are capped server-wide, so many slow or large uploads together
 * cannot take the process's memory (past the cap, requests get a 429 with Retry-After).
 *
 * Call it only after the request is authenticated from its headers: until then the body is never read, and
 * the socket holds at most its read-ahead (16 KB) of it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimitedError } from '../../errors.js';
import { RequestRefusedError } from '../errors/openai-error.js';

export interface BodyReader {
  /** The whole body; rejects with a 413 past `limit` bytes, or a 429 while the server-wide cap is reached. */
  read(request: IncomingMessage, limit: number): Promise<Buffer>;
  /** Bytes of bodies being received right now. */
  readonly inFlightBytes: number;
}

/** Answering before a body was read whole: a small rest is drained (keep-alive), a large one closes the socket. */
const DRAIN_AT_MOST = 64 * 1024;

/** The client went away before its body arrived whole (logged as 499, like any request the client gave up). */
export class ClientClosedError extends Error {
  constructor() {
    super('the client closed the connection while sending the body');
  }
}

const tooLarge = (limit: number): RequestRefusedError =>
  new RequestRefusedError('body_too_large', `The request body is larger than ${limit} bytes.`, 'body');

const busy = (): RateLimitedError =>
  new RateLimitedError('The gateway is receiving too many request bodies at once; retry shortly.', 1_000);

/**
 * Before answering a request whose body was not read whole: asks for the connection to close when the unread
 * rest may be large (unknown or over 64 KB), so it is not read just to be thrown away.
 */
export function closeUnlessDrained(request: IncomingMessage, response: ServerResponse): void {
  if (request.complete || response.headersSent) return;
  const declared = Number(request.headers['content-length']);
  if (!(declared <= DRAIN_AT_MOST)) response.setHeader('connection', 'close');
}

export function createBodyReader(options: { maxInFlightBytes: number }): BodyReader {
  let inFlight = 0;

  return {
    read(request, limit) {
      const declared = Number(request.headers['content-length']);
      if (declared > limit) return Promise.reject(tooLarge(limit));
      // a declared length is taken from the cap at once; a chunked body as it arrives
      let held = Number.isFinite(declared) && declared > 0 ? declared : 0;
      if (inFlight + held > options.maxInFlightBytes) return Promise.reject(busy());
      inFlight += held;
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (): void => {
          inFlight -= held;
          held = 0;
          request.off('data', onData);
          request.off('end', onEnd);
          request.off('error', onError);
          request.off('close', onClose);
        };
        const fail = (error: Error): void => {
          finish();
          request.pause();
          reject(error);
        };
        const onData = (chunk: Buffer): void => {
          size += chunk.length;
          if (size > limit) return fail(tooLarge(limit));
          if (size > held) {
            if (inFlight + (size - held) > options.maxInFlightBytes) return fail(busy());
            inFlight += size - held;
            held = size;
          }
          chunks.push(chunk);
        };
        const onEnd = (): void => {
          finish();
          resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
        };
        const onError = (error: Error): void => fail(error);
        const onClose = (): void => {
          if (!request.complete) fail(new ClientClosedError());
        };
        request.on('data', onData);
        request.on('end', onEnd);
        request.on('error', onError);
        request.on('close', onClose);
      });
    },
    get inFlightBytes() {
      return inFlight;
    },
  };
}
