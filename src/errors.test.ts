import { describe, expect, it } from 'vitest';
import { DataError, ProviderError, formatIssuePath, isRetryableStatus } from './errors.js';

describe('errors', () => {
  it('marks 408/409/429/5xx and connection failures retryable, other statuses not', () => {
    expect([408, 409, 429, 500, 503].map(isRetryableStatus)).toEqual([true, true, true, true, true]);
    expect([400, 401, 404, 422].map(isRetryableStatus)).toEqual([false, false, false, false]);
    expect(isRetryableStatus(undefined)).toBe(true);
    expect(new ProviderError('openai', 'bad', { status: 429 }).isRetryable).toBe(true);
    expect(new ProviderError('openai', 'bad', { status: 400 }).isRetryable).toBe(false);
  });

  it('names file, row and reason in a data error', () => {
    const error = new DataError('models.csv', 12, 'release_date is not a date');
    expect(error.message).toBe('models.csv, row 12: release_date is not a date');
    expect(error.code).toBe('data');
  });

  it('formats zod paths', () => {
    expect(formatIssuePath(['providers', 2, 'model'])).toBe('providers[2].model');
    expect(formatIssuePath([])).toBe('(root)');
  });
});
