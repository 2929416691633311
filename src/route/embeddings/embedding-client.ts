/**
 * Prompt embeddings from an OpenAI-compatible `/v1/embeddings` endpoint, behind a small interface so the
 * router does not care who computes them. Plain undici fetch for now (the providers' HTTP chokepoint will take
 * this over); every call has a timeout and an AbortSignal; the response is validated with zod.
 */
import { fetch } from 'undici';
import { z } from 'zod';
import { ParityError, ProviderError, TimeoutError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';

export interface EmbeddingClient {
  readonly model: string;
  readonly url: string;
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Float64Array[]>;
}

export interface OpenAiEmbeddingOptions {
  /** The full endpoint URL, e.g. http://127.0.0.1:8080/v1/embeddings. */
  url: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs?: number;
  /** Inputs per request. */
  batchSize?: number;
}

const responseSchema = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()).min(1), index: z.number().int().nonnegative() })),
});

const PROVIDER = 'embeddings';

export function createOpenAiEmbeddingClient(options: OpenAiEmbeddingOptions): EmbeddingClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const batchSize = options.batchSize ?? 64;

  async function embedBatch(texts: readonly string[], signal: AbortSignal | undefined): Promise<Float64Array[]> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: JSON.stringify({ model: options.model, input: texts }),
        signal: combined,
      });
    } catch (error) {
      if (timeout.aborted) throw new TimeoutError(`${PROVIDER}: no answer from ${options.url} within ${timeoutMs} ms`, { cause: error });
      if (signal?.aborted) throw error;
      throw new ProviderError(PROVIDER, `cannot reach ${options.url}`, {}, { cause: error });
    }
    const body = await response.text();
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new ProviderError(PROVIDER, `${options.url} answered ${response.status}`, {
        status: response.status,
        responseBody: body.slice(0, 2000),
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      throw new ProviderError(PROVIDER, `${options.url} did not answer JSON`, { status: response.status, isRetryable: false, responseBody: body.slice(0, 2000) }, { cause: error });
    }
    const answer = parseOrThrow(responseSchema, json, (issue) => new ProviderError(PROVIDER, `${options.url} answered an unexpected shape at ${issue.text}`, { status: response.status, isRetryable: false }));
    const out = new Array<Float64Array | undefined>(texts.length);
    for (const item of answer.data) if (item.index < texts.length) out[item.index] = Float64Array.from(item.embedding);
    const dimensions = out[0]?.length;
    if (out.some((vector) => vector === undefined || vector.length !== dimensions)) {
      throw new ProviderError(PROVIDER, `${options.url} returned ${answer.data.length} embeddings of uneven size for ${texts.length} inputs`, { isRetryable: false });
    }
    return out as Float64Array[];
  }

  return {
    model: options.model,
    url: options.url,
    async embed(texts, callOptions = {}) {
      const out: Float64Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        try {
          out.push(...(await embedBatch(texts.slice(start, start + batchSize), callOptions.signal)));
        } catch (error) {
          if (error instanceof ParityError || !(error instanceof Error)) throw error;
          throw new ProviderError(PROVIDER, error.message, {}, { cause: error });
        }
      }
      return out;
    },
  };
}
