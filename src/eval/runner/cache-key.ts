import { createHash } from 'node:crypto';
import { canonicalJson } from '../../kernel/index.js';

/**
 * The response-cache key: the model ref, the messages, the answer-changing settings and the repeat index.
 * Built only from these, so it never holds a secret (keys and headers are not settings).
 */
export function responseCacheKey(parts: { ref: string; messages: unknown; settings: Record<string, unknown>; repeat: number }): string {
  return `resp:v1:${createHash('sha256').update(canonicalJson(parts)).digest('hex')}`;
}
