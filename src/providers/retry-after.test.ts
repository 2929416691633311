import { describe, expect, it } from 'vitest';
import { parseProtoDuration, parseRetryAfter, retryAfterFromGoogleError, retryAfterFromHeaders } from './retry-after.js';

const headers = (entries: Record<string, string>) => ({ get: (name: string) => entries[name] ?? null });

describe('retry-after', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(retryAfterFromHeaders(headers({ 'retry-after-ms': '150', 'retry-after': '9' }))).toBe(150);
    expect(retryAfterFromHeaders(headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterFromHeaders(headers({}))).toBeUndefined();
  });

  it('reads Google RetryInfo durations', () => {
    expect(parseProtoDuration('34.4s')).toBe(34_400);
    expect(parseProtoDuration('1m')).toBeUndefined();
    const body = {
      error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }] },
    };
    expect(retryAfterFromGoogleError(body)).toBe(2000);
    expect(retryAfterFromGoogleError({ error: { message: 'x' } })).toBeUndefined();
  });
});
