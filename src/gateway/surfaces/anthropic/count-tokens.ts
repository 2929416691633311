/**
 * `POST /v1/messages/count_tokens` where it can be answered exactly:
 *
 * - an Anthropic upstream counts natively (pass the request through, nothing to translate);
 * - an OpenAI-compatible upstream that serves vLLM's `POST /tokenize` counts the translated prompt with the
 *   model's own chat template and tokenizer — the very count it bills as `prompt_tokens`;
 * - any other upstream cannot count for this model, and that is said (a 404 naming the upstream), never
 *   guessed: characters ÷ 4 is not a token count.
 */
import { z } from 'zod';
import { NotFoundError, ProviderError } from '../../../errors.js';
import { postJson } from '../../../providers/index.js';
import type { CountTokensRequest } from './messages-request.js';
import { toChatPrompt } from './messages-to-chat.js';

/** vLLM's tokenize answer (`{count, max_model_len, tokens}`); only the count is read. */
export const tokenizeResponseSchema = z.looseObject({ count: z.number().int().nonnegative() });

export interface TokenizeUpstream {
  /** Upstream name, for messages. */
  name: string;
  /** The upstream's base URL as configured (with its `/v1`); `/tokenize` sits beside `/v1`. */
  baseUrl: string;
  /** The model id at that upstream. */
  model: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** vLLM serves `/tokenize` at the server root, beside `/v1`. */
export function tokenizeUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/tokenize`;
}

/** The tokenize request body for a count_tokens request: the prompt as the model will see it. */
export function tokenizeRequestFor(request: CountTokensRequest, model: string): Record<string, unknown> {
  const { messages, tools } = toChatPrompt(request);
  return { model, messages, add_generation_prompt: true, ...(tools === undefined ? {} : { tools }) };
}

/** The Anthropic count_tokens answer, counted by the upstream's tokenizer. */
export async function countTokensByTokenize(request: CountTokensRequest, upstream: TokenizeUpstream): Promise<{ input_tokens: number }> {
  try {
    const { value } = await postJson(
      {
        provider: upstream.name,
        url: tokenizeUrl(upstream.baseUrl),
        headers: upstream.headers ?? {},
        body: tokenizeRequestFor(request, upstream.model),
        signal: upstream.signal,
        timeoutMs: upstream.timeoutMs,
      },
      tokenizeResponseSchema,
    );
    return { input_tokens: value.count };
  } catch (error) {
    if (error instanceof ProviderError && (error.status === 404 || error.status === 405)) {
      throw new NotFoundError(
        `upstream "${upstream.name}" cannot count tokens for ${upstream.model}: it has no /tokenize endpoint (vLLM has one; Anthropic upstreams count natively)`,
        { cause: error },
      );
    }
    throw error;
  }
}
