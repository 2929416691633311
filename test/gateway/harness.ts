/**
 * Starts `parity serve` in-process on port 0 against fake upstreams (test/helpers/fake-upstream.ts) and an
 * in-memory SQLite store, and hands out OpenAI SDK clients pointed at it.
 */
import OpenAI from 'openai';
import { parseGatewayConfig } from '../../src/gateway/config/load.js';
import type { GatewayConfigInput } from '../../src/gateway/config/schema.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.js';
import { createVirtualKey, type CreateKeyInput } from '../../src/gateway/keys/manage.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { RequestLogEntry } from '../../src/store/records.js';
import { readChunks, readJson, reply, startFakeUpstream, type FakeUpstream, type Reply } from '../helpers/fake-upstream.js';

export const fixture = (name: string): URL => new URL(`../fixtures/gateway/${name}`, import.meta.url);
export const textResponse = (): unknown => readJson(fixture('openai-text.json'));
export const textChunks = (): string[] => readChunks(fixture('openai-text.chunks.txt'));
export const toolResponse = (): unknown => readJson(fixture('xai-tool-call.json'));
export const toolChunks = (): string[] => readChunks(fixture('xai-tool-call.chunks.txt'));

/** Answers chat requests like an OpenAI-compatible server: a stream when asked for one, else JSON. */
export function chatReply(): Reply {
  const json = reply.json(textResponse());
  const sse = reply.sse(textChunks());
  return reply.handler((request, response) => {
    const chosen = (request.json as { stream?: boolean } | undefined)?.stream === true ? sse : json;
    if (chosen.kind !== 'body' && chosen.kind !== 'sse') return;
    response.writeHead(chosen.status, chosen.headers);
    response.end(chosen.kind === 'body' ? chosen.body : chosen.frames.join(''));
  });
}

export interface Harness {
  gateway: Gateway;
  url: string;
  store: Store;
  upstreams: FakeUpstream[];
  /** An OpenAI SDK client with retries off (the gateway does the retrying). */
  client(apiKey?: string, options?: { timeout?: number }): OpenAI;
  createKey(input?: Partial<CreateKeyInput>): Promise<{ secret: string; id: string }>;
  /** Flushes the gateway's write-behind and reads the request log (oldest first). */
  logs(): Promise<RequestLogEntry[]>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Omit<GatewayOptions, 'store'> {
  upstreamCount?: number;
}

/** `build` gets the fake upstreams' base URLs (`…/v1`) and returns the config. */
export async function startHarness(
  build: (urls: string[]) => GatewayConfigInput,
  options: HarnessOptions = {},
): Promise<Harness> {
  const upstreams: FakeUpstream[] = [];
  for (let index = 0; index < (options.upstreamCount ?? 1); index++) upstreams.push(await startFakeUpstream());
  const store = await openStore({ url: 'sqlite::memory:' });
  const config = parseGatewayConfig(build(upstreams.map((upstream) => `${upstream.url}/v1`)));
  const gateway = await createGateway(config, { ...options, store });
  const { url } = await gateway.listen(0, '127.0.0.1');
  let closed = false;
  return {
    gateway,
    url,
    store,
    upstreams,
    client(apiKey = 'unused', clientOptions = {}) {
      return new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0, timeout: clientOptions.timeout ?? 20_000 });
    },
    async createKey(input = {}) {
      const created = await createVirtualKey(store, { name: 'test', ...input });
      return { secret: created.secret, id: created.key.id };
    },
    async logs() {
      await gateway.flush();
      return (await store.queryRequestLogs({}, 100_000)).reverse();
    },
    async close() {
      if (closed) return;
      closed = true;
      await gateway.close();
      await Promise.all(upstreams.map((upstream) => upstream.close()));
      await store.close();
    },
  };
}

/** A minimal config: one upstream per URL, `u0`, `u1`…, with a `main` alias on the first. */
export function basicConfig(urls: string[], extra: Partial<GatewayConfigInput> = {}): GatewayConfigInput {
  const upstreams: NonNullable<GatewayConfigInput['upstreams']> = {};
  urls.forEach((url, index) => {
    upstreams[`u${index}`] = { baseUrl: url, timeoutMs: 2_000, prices: { 'gpt-test': { inputPerMtok: 1, outputPerMtok: 2 } } };
  });
  return {
    auth: { required: false },
    upstreams,
    models: { main: 'u0/gpt-test' },
    retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    logging: { bodies: false, batchSize: 50, flushIntervalMs: 50 },
    ...extra,
  };
}
