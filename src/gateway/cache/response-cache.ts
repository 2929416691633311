/**
 * The opt-in response cache (`cache:` in the gateway config). Only answers that are a function of the request
 * are cached: non-streamed chat completions and Anthropic messages with `temperature: 0` (sent explicitly: an
 * absent temperature means the upstream's default, usually 1) and embeddings. Responses API answers are not
 * (each has its own id, and may be stored for a later turn). A request with `Cache-Control: no-cache` or `no-store`
 * bypasses it. Keys are a SHA-256 of the endpoint, the upstream and model that answer, the virtual key (unless
 * `scope: shared`) and the canonical request body without `model`, `user`, `stream` and `stream_options` —
 * never a secret. Values are the answer's bytes as the client got them.
 *
 * In memory (an LRU bounded by entries and bytes) by default; in Redis (SET PX) when the gateway has Redis,
 * so every instance answers from one cache.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../kernel/index.js';
import type { MaybePromise } from '../state/gateway-state.js';

export interface ResponseCache {
  readonly kind: 'memory' | 'redis';
  /** The cached body, or undefined. A cache that cannot be read answers undefined (a miss). */
  get(key: string): MaybePromise<Buffer | undefined>;
  /** Stores a body for the configured TTL; never throws (failures go to the cache's error callback). */
  set(key: string, body: Buffer): void;
  close?(): Promise<void>;
}

export type CacheStatus = 'hit' | 'miss' | 'bypass';

const IGNORED_FIELDS = new Set(['model', 'user', 'stream', 'stream_options']);

/** The part of a request body the cache key covers (the target is added per attempt). */
export function canonicalRequest(body: Record<string, unknown>): string {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) if (!IGNORED_FIELDS.has(name)) kept[name] = value;
  return canonicalJson(kept);
}

/** Whether a request may be answered from the cache (and its answer stored). */
export function isCacheable(endpoint: string, body: Record<string, unknown>, cacheControl: string | undefined): boolean {
  if (cacheControl !== undefined && /no-cache|no-store/i.test(cacheControl)) return false;
  if (endpoint === 'embeddings') return true;
  if (endpoint !== 'chat' && endpoint !== 'messages') return false;
  return body.stream !== true && body.temperature === 0;
}

export interface CacheKeyParts {
  /** The surface the client spoke (`chat`, `embeddings`, `messages`): its answers are in its own shape. */
  endpoint: string;
  upstream: string;
  model: string;
  /** The virtual key's id, or '' for a cache shared by every key (and for requests without a key). */
  scope: string;
  request: string;
}

export function cacheKey(parts: CacheKeyParts): string {
  return createHash('sha256')
    .update(`${parts.endpoint}\n${parts.upstream}\n${parts.model}\n${parts.scope}\n${parts.request}`)
    .digest('hex');
}
