import { describe, expect, it } from 'vitest';
import { firstQueryIssue } from './query-issue.js';
import { catalogQuerySchema, costQuerySchema, licenseQuerySchema, trackQuerySchema } from './query-schemas.js';

function issueOf(schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, raw: Record<string, string>) {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return null;
  return firstQueryIssue(parsed.error as Parameters<typeof firstQueryIssue>[0], raw);
}

describe('query schemas', () => {
  it('parse numbers, booleans and lists from text', () => {
    expect(trackQuerySchema.parse({ tolerance: '2.5', methods: 'daily, threshold' })).toEqual({ tolerance: 2.5, methods: ['daily', 'threshold'] });
    expect(catalogQuerySchema.parse({ open: 'yes', lab: 'meta,google', limit: '10' })).toMatchObject({ open: true, lab: ['meta', 'google'], limit: 10, offset: 0, sort: 'releaseDate' });
    expect(catalogQuerySchema.parse({ open: 'OFF' }).open).toBe(false);
  });

  it('refuse what is not a number, out of range, or not a known value', () => {
    expect(issueOf(trackQuerySchema, { tolerance: '' })).toMatchObject({ param: 'tolerance' });
    expect(issueOf(trackQuerySchema, { tolerance: 'NaN' })).toMatchObject({ param: 'tolerance', message: 'expected a number' });
    expect(issueOf(trackQuerySchema, { tolerance: '26' })).toMatchObject({ param: 'tolerance', message: 'must be at most 25' });
    expect(issueOf(trackQuerySchema, { methods: ',' })).toMatchObject({ param: 'methods' });
    expect(issueOf(catalogQuerySchema, { limit: '1.5' })).toMatchObject({ param: 'limit', message: 'expected a whole number' });
    expect(issueOf(catalogQuerySchema, { open: 'maybe' })).toMatchObject({ param: 'open', message: 'expected true or false' });
  });

  it('name unknown and missing parameters', () => {
    expect(issueOf(trackQuerySchema, { tolerence: '2' })).toEqual({ param: 'tolerence', message: 'unknown query parameter "tolerence"' });
    expect(issueOf(licenseQuerySchema, { model: 'x' })).toEqual({ param: 'mau', message: 'is required' });
  });

  it('check the cost questions across fields', () => {
    const workload = { requestsPerDay: '1000', inputTokens: '500', outputTokens: '100' };
    expect(issueOf(costQuerySchema, workload)).toMatchObject({ param: 'model', message: expect.stringContaining('self-hosting') });
    expect(issueOf(costQuerySchema, { ...workload, selfHost: 'false' })).toMatchObject({ param: 'api' });
    expect(costQuerySchema.parse({ ...workload, selfHost: 'false', api: 'openai/gpt-4o' })).toMatchObject({ requestsPerDay: 1000, api: ['openai/gpt-4o'], utilization: 0.6, gpu: 'h100' });
  });
});
