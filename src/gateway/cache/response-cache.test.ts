import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalRequest, isCacheable } from './response-cache.js';

describe('response cache keys', () => {
  it('ignores key order, model, user and stream fields, but nothing else', () => {
    const a = canonicalRequest({ model: 'x', temperature: 0, messages: [{ role: 'user', content: 'hi' }], user: 'alice' });
    const b = canonicalRequest({ messages: [{ content: 'hi', role: 'user' }], temperature: 0, model: 'y', stream: false });
    expect(a).toBe(b);
    expect(canonicalRequest({ temperature: 0, messages: [{ role: 'user', content: 'hi!' }] })).not.toBe(a);
    expect(canonicalRequest({ temperature: 0, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })).not.toBe(a);
  });

  it('separates targets, endpoints and (unless shared) virtual keys', () => {
    const request = canonicalRequest({ temperature: 0, messages: [] });
    const base = { endpoint: 'chat', upstream: 'u0', model: 'm', scope: 'key_1', request } as const;
    const key = cacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base })).toBe(key);
    expect(cacheKey({ ...base, upstream: 'u1' })).not.toBe(key);
    expect(cacheKey({ ...base, model: 'n' })).not.toBe(key);
    expect(cacheKey({ ...base, endpoint: 'embeddings' })).not.toBe(key);
    expect(cacheKey({ ...base, scope: 'key_2' })).not.toBe(key);
  });

  it('caches only deterministic, non-streamed requests the client did not opt out of', () => {
    expect(isCacheable('chat', { temperature: 0 }, undefined)).toBe(true);
    expect(isCacheable('chat', {}, undefined)).toBe(false);
    expect(isCacheable('chat', { temperature: 0.2 }, undefined)).toBe(false);
    expect(isCacheable('chat', { temperature: 0, stream: true }, undefined)).toBe(false);
    expect(isCacheable('chat', { temperature: 0 }, 'no-cache')).toBe(false);
    expect(isCacheable('embeddings', {}, undefined)).toBe(true);
    expect(isCacheable('embeddings', {}, 'No-Store')).toBe(false);
  });
});
