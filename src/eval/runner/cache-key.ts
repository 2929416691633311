import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal requests give equal keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/**
 * The response-cache key: the model ref, the messages, the answer-changing settings and the repeat index.
 * Built only from these, so it never holds a secret (keys and headers are not settings).
 */
export function responseCacheKey(parts: { ref: string; messages: unknown; settings: Record<string, unknown>; repeat: number }): string {
  return `resp:v1:${createHash('sha256').update(canonicalJson(parts)).digest('hex')}`;
}
