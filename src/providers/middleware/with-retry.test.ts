import { describe, expect, it } from 'vitest';
import { ConfigError, ProviderError, RateLimitedError, TimeoutError, ValidationError } from '../../errors.js';
import { isRetryableError, retryDelayMs, withRetry } from './with-retry.js';

const settings = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('retry policy', () => {
  it('knows which errors are worth another try', () => {
    expect(isRetryableError(new ProviderError('p', 'x', { status: 429 }))).toBe(true);
    expect(isRetryableError(new ProviderError('p', 'x', { status: 400 }))).toBe(false);
    expect(isRetryableError(new TimeoutError('slow'))).toBe(true);
    expect(isRetryableError(new RateLimitedError('busy'))).toBe(true);
    expect(isRetryableError(new ValidationError('bad'))).toBe(false);
    expect(isRetryableError(new Error('plain'))).toBe(false);
  });

  it('draws full jitter below an exponential ceiling that is capped', () => {
    const error = new ProviderError('p', 'x', { status: 500 });
    const top = { ...settings, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, error, top))).toEqual([99, 199, 399, 799, 999]);
    expect(retryDelayMs(3, error, { ...settings, random: () => 0 })).toBe(0);
  });

  it('uses the server-requested wait, capped', () => {
    const random = () => 0.5;
    expect(retryDelayMs(1, new ProviderError('p', 'x', { status: 429, retryAfterMs: 1200 }), { ...settings, random })).toBe(1200);
    expect(retryDelayMs(1, new ProviderError('p', 'x', { status: 429, retryAfterMs: 60_000 }), { ...settings, random })).toBe(5000);
  });

  it('rejects a nonsense attempt count', () => {
    const model = { provider: 'p', modelId: 'm', generate: async () => Promise.reject(new Error('x')), stream: async function* () {} };
    expect(() => withRetry(model, { maxAttempts: 0 })).toThrow(ConfigError);
  });
});
