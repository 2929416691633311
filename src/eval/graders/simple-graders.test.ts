import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { GraderError } from './grader-error.js';
import { grade } from './registry.js';

describe('equals', () => {
  it('compares with the case expected value, trimmed, case-sensitive by default', async () => {
    expect((await grade({ text: '  Paris\n', expected: 'Paris' }, { type: 'equals' })).pass).toBe(true);
    expect((await grade({ text: 'paris', expected: 'Paris' }, { type: 'equals' })).pass).toBe(false);
    expect((await grade({ text: 'paris', expected: 'Paris' }, { type: 'equals', ignoreCase: true })).pass).toBe(true);
  });
  it('prefers an explicit value and throws without any', async () => {
    expect((await grade({ text: '42', expected: '41' }, { type: 'equals', value: '42' })).score).toBe(1);
    await expect(grade({ text: '42' }, { type: 'equals' })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('contains', () => {
  it('any / all, with a partial score for all', async () => {
    const text = 'The quick brown fox';
    expect((await grade({ text }, { type: 'contains', value: ['cat', 'fox'] })).pass).toBe(true);
    const all = await grade({ text }, { type: 'contains', value: ['quick', 'cat'], mode: 'all' });
    expect(all).toMatchObject({ pass: false, score: 0.5 });
    expect(all.reason).toContain('"cat"');
  });
  it('ignores case only when asked', async () => {
    expect((await grade({ text: 'Hello World' }, { type: 'contains', value: 'world' })).pass).toBe(false);
    expect((await grade({ text: 'Hello World' }, { type: 'contains', value: 'world', ignoreCase: true })).pass).toBe(true);
  });
});

describe('regex', () => {
  it('matches, negates, and rejects an invalid pattern at parse time', async () => {
    expect((await grade({ text: 'order #123' }, { type: 'regex', pattern: '#\\d+' })).details).toEqual({ match: '#123' });
    expect((await grade({ text: 'order #123' }, { type: 'regex', pattern: '#\\d+', negate: true })).pass).toBe(false);
    await expect(grade({ text: 'x' }, { type: 'regex', pattern: '(' })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('is-json and json-schema', () => {
  it('accepts JSON, optionally inside one code fence', async () => {
    expect((await grade({ text: '{"a": 1}' }, { type: 'is-json' })).pass).toBe(true);
    expect((await grade({ text: '```json\n{"a": 1}\n```' }, { type: 'is-json' })).pass).toBe(true);
    expect((await grade({ text: '```json\n{"a": 1}\n```' }, { type: 'is-json', allowFence: false })).pass).toBe(false);
    expect((await grade({ text: 'Sure! {"a": 1}' }, { type: 'is-json' })).pass).toBe(false);
  });
  it('validates against a schema and names the violation', async () => {
    const schema = { type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } } };
    expect((await grade({ text: '{"name": "Ada", "age": 36}' }, { type: 'json-schema', schema })).pass).toBe(true);
    const bad = await grade({ text: '{"name": "Ada", "age": -1}' }, { type: 'json-schema', schema });
    expect(bad.pass).toBe(false);
    expect(bad.reason).toContain('/age');
    expect((await grade({ text: 'not json' }, { type: 'json-schema', schema })).pass).toBe(false);
  });
  it('checks string formats instead of ignoring them', async () => {
    const schema = { type: 'object', properties: { email: { type: 'string', format: 'email' }, at: { type: 'string', format: 'date-time' } } };
    expect((await grade({ text: '{"email": "ada@example.org", "at": "2026-11-29T08:00:00Z"}' }, { type: 'json-schema', schema })).pass).toBe(true);
    const bad = await grade({ text: '{"email": "ada at example", "at": "yesterday"}' }, { type: 'json-schema', schema });
    expect(bad.pass).toBe(false);
    expect(bad.reason).toContain('/email must match format "email"');
    expect(bad.reason).toContain('/at must match format "date-time"');
  });
  it('throws ConfigError for a schema ajv cannot compile', async () => {
    await expect(grade({ text: '{}' }, { type: 'json-schema', schema: { type: 'no-such-type' } })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('latency and cost', () => {
  it('compare with the thresholds', async () => {
    expect((await grade({ text: '', latencyMs: 900 }, { type: 'latency', maxMs: 1000 })).pass).toBe(true);
    expect((await grade({ text: '', latencyMs: 1100 }, { type: 'latency', maxMs: 1000 })).pass).toBe(false);
    expect((await grade({ text: '', costUsd: 0.002 }, { type: 'cost', maxUsd: 0.001 })).pass).toBe(false);
    expect((await grade({ text: '', costUsd: 0.0005 }, { type: 'cost', maxUsd: 0.001 })).pass).toBe(true);
  });
  it('throw when nothing was measured, rather than pass or fail: a GraderError, the case’s error (a replayed answer has no latency)', async () => {
    await expect(grade({ text: '' }, { type: 'latency', maxMs: 1000 })).rejects.toThrow(new GraderError('latency', 'the answer has no measured latency (a replayed or recorded answer)'));
    await expect(grade({ text: '' }, { type: 'cost', maxUsd: 1 })).rejects.toBeInstanceOf(GraderError);
  });
});
