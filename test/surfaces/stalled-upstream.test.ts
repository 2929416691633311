/**
 * An upstream that stalls past its `timeoutMs` while a translated surface waits: a stream that had started ends
 * with the surface's own error event (the SDKs raise it), a request still waiting for its answer gets a 504 in
 * the surface's error shape, and the log says so.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readChunks, reply } from '../helpers/fake-upstream.js';
import { basicConfig, fixture, startHarness, type Harness } from '../gateway/harness.js';

const CHAT = 'POST /v1/chat/completions';
const TIMEOUT_MS = 300;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness((urls) => {
    const config = basicConfig(urls, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
    return { ...config, upstreams: { u0: { ...config.upstreams?.u0, baseUrl: urls[0] as string, timeoutMs: TIMEOUT_MS } } };
  });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.upstreams[0]?.reset();
});

/** Two chunks of a recorded chat stream, then nothing more (the connection stays open). */
const stallAfterTwoChunks = reply.handler((_request, response) => {
  const chunks = readChunks(fixture('openai-text.chunks.txt'));
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(chunks.slice(0, 2).map((chunk) => `data: ${chunk}\n\n`).join(''));
});

async function lastError(): Promise<string | null | undefined> {
  return (await harness.logs()).at(-1)?.error;
}

describe('a stalled upstream behind a translated surface', () => {
  it('/v1/messages streaming: ends with an Anthropic error event the SDK throws', async () => {
    harness.upstreams[0]?.on(CHAT, stallAfterTwoChunks);
    const client = new Anthropic({ baseURL: harness.url, apiKey: 'unused', maxRetries: 0 });
    const stream = client.messages.stream({ model: 'main', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] });
    await expect(stream.finalMessage()).rejects.toThrow(new RegExp(`no answer within ${TIMEOUT_MS} ms`));
    expect(await lastError()).toMatch(/the answer was cut after \d+ event\(s\).*no answer within/);
  });

  it('/v1/messages waiting for its answer: a 504 in Anthropic’s error shape', async () => {
    harness.upstreams[0]?.on(CHAT, reply.hang());
    const client = new Anthropic({ baseURL: harness.url, apiKey: 'unused', maxRetries: 0 });
    const failure = await client.messages.create({ model: 'main', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const error = failure as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(504);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
  });

  it('/v1/responses streaming: ends with an error event the OpenAI SDK throws', async () => {
    harness.upstreams[0]?.on(CHAT, stallAfterTwoChunks);
    const stream = await harness.client().responses.create({ model: 'main', input: 'Hi', stream: true });
    const types: string[] = [];
    const read = (async () => {
      for await (const event of stream) types.push(event.type);
    })();
    await expect(read).rejects.toThrow(new RegExp(`no answer within ${TIMEOUT_MS} ms`));
    expect(types).toContain('response.output_text.delta');
    expect(await lastError()).toMatch(/the answer was cut after \d+ event\(s\).*no answer within/);
  });

  it('/v1/responses waiting for its answer: a 504 in the OpenAI error shape', async () => {
    harness.upstreams[0]?.on(CHAT, reply.hang());
    const failure = await harness.client().responses.create({ model: 'main', input: 'Hi' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 504, code: 'upstream_timeout' });
  });
});
