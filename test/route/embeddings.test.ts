/**
 * The embedding client against a fake OpenAI-compatible /v1/embeddings server (a real node:http server on
 * 127.0.0.1), and a policy trained with embeddings deciding through it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, TimeoutError, ValidationError } from '../../src/errors.js';
import type { PairDataset } from '../../src/route/data/pair-dataset.js';
import { createOpenAiEmbeddingClient } from '../../src/route/embeddings/embedding-client.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';
import { parsePolicy } from '../../src/route/policy.js';
import { trainPolicy } from '../../src/route/train.js';

/** A toy embedding: one axis says "mentions a secret topic", the others are noise-free constants. */
function embedText(text: string): number[] {
  return [text.includes('zebra') ? 1 : -1, 0.5, 0.25, text.length % 3];
}

interface Seen {
  authorization: string | undefined;
  body: { model: string; input: string[] };
}

let server: Server;
let url = '';
const seen: Seen[] = [];
let mode: 'ok' | 'error-500' | 'error-400' | 'bad-shape' | 'hang' = 'ok';

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then((text) => {
      const body = JSON.parse(text) as Seen['body'];
      seen.push({ authorization: request.headers.authorization, body });
      if (mode === 'hang') return;
      if (mode === 'error-500' || mode === 'error-400') {
        response.writeHead(mode === 'error-500' ? 503 : 400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'nope', type: 'server_error', param: null, code: null } }));
        return;
      }
      const data = body.input.map((input, index) => ({ object: 'embedding', index, embedding: embedText(input) })).reverse();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(mode === 'bad-shape' ? { data: [{ index: 0 }] } : { object: 'list', data, model: body.model }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/embeddings`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('OpenAI-compatible embedding client', () => {
  it('posts {model, input} in batches with the key, and returns vectors in input order', async () => {
    mode = 'ok';
    seen.length = 0;
    const client = createOpenAiEmbeddingClient({ url, model: 'toy-embed', apiKey: 'test-key', batchSize: 2 });
    const vectors = await client.embed(['a zebra', 'b', 'ccc']);
    expect(vectors.map((vector) => Array.from(vector))).toEqual([embedText('a zebra'), embedText('b'), embedText('ccc')]);
    expect(seen.map((request) => request.body)).toEqual([
      { model: 'toy-embed', input: ['a zebra', 'b'] },
      { model: 'toy-embed', input: ['ccc'] },
    ]);
    expect(seen[0]?.authorization).toBe('Bearer test-key');
  });

  it('maps upstream failures to ProviderError (retryable for 5xx only) and a bad shape to a non-retryable one', async () => {
    const client = createOpenAiEmbeddingClient({ url, model: 'toy-embed' });
    mode = 'error-500';
    await expect(client.embed(['x'])).rejects.toMatchObject({ status: 503, isRetryable: true });
    mode = 'error-400';
    await expect(client.embed(['x'])).rejects.toMatchObject({ status: 400, isRetryable: false });
    mode = 'bad-shape';
    await expect(client.embed(['x'])).rejects.toBeInstanceOf(ProviderError);
    mode = 'ok';
  });

  it('gives up with a TimeoutError when the server does not answer', async () => {
    mode = 'hang';
    const client = createOpenAiEmbeddingClient({ url, model: 'toy-embed', timeoutMs: 100 });
    await expect(client.embed(['x'])).rejects.toBeInstanceOf(TimeoutError);
    mode = 'ok';
  });

  it('reports an unreachable endpoint as a ProviderError', async () => {
    const client = createOpenAiEmbeddingClient({ url: 'http://127.0.0.1:9/v1/embeddings', model: 'toy-embed' });
    await expect(client.embed(['x'])).rejects.toBeInstanceOf(ProviderError);
  });
});

describe('a policy trained with embeddings', () => {
  it('learns from the embedding and decides through the endpoint', async () => {
    mode = 'ok';
    // identical wording, so the text features cannot tell the prompts apart; only the embedding can
    const texts = Array.from({ length: 60 }, (_, index) => (index % 2 === 0 ? `question ${index} about a zebra` : `question ${index} about a horse`));
    const dataset: PairDataset = {
      weak: 'weak',
      strong: 'strong',
      judge: 'toy',
      unpaired: 0,
      missing: 0,
      peers: new Map(),
      rows: texts.map((text, index) => ({
        promptId: String(index),
        text,
        qWeak: text.includes('zebra') ? 0 : 1,
        qStrong: 1,
        weak: { inputTokens: 5, outputTokens: 5, costUsd: undefined, estimated: false },
        strong: { inputTokens: 5, outputTokens: 5, costUsd: undefined, estimated: false },
      })),
    };
    const client = createOpenAiEmbeddingClient({ url, model: 'toy-embed' });
    const vectors = await client.embed(texts);
    const json = trainPolicy(dataset, {
      model: 'logistic',
      features: { ...DEFAULT_FEATURE_CONFIG, dense: false, charNgram: 0, wordNgrams: 1, leadWords: 0, hashBits: 8 },
      folds: 3,
      seed: 1,
      peerMethod: 'none',
      target: { kind: 'frontier-share', value: 0.5 },
      source: { format: 'parity-results', judgements: { name: 'toy.jsonl', sha256: 'a'.repeat(64) }, prompts: null },
      embedding: { url, model: 'toy-embed', vectors },
    });
    expect(json.embedding).toEqual({ url, model: 'toy-embed', dimensions: 4 });
    const policy = parsePolicy(JSON.parse(JSON.stringify(json)));
    expect(policy.requiresEmbedding).toBe(true);
    expect(() => policy.decide('a zebra question')).toThrow(ValidationError);
    seen.length = 0;
    expect((await policy.decideAsync('tell me about a zebra')).route).toBe('strong');
    expect((await policy.decideAsync('tell me about a horse')).route).toBe('weak');
    expect(seen.map((request) => request.body.input)).toEqual([['tell me about a zebra'], ['tell me about a horse']]);
    expect(policy.decide('a zebra', { embedding: embedText('a zebra') }).route).toBe('strong');
  });
});
