import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { GRADERS, parseGraderConfig } from './registry.js';
import { GRADER_KINDS, graderConfigSchema } from './schema.js';

describe('grader registry', () => {
  it('has one grader function per kind and nothing else', () => {
    expect(Object.keys(GRADERS).sort()).toEqual([...GRADER_KINDS].sort());
    for (const kind of GRADER_KINDS) expect(typeof GRADERS[kind]).toBe('function');
  });

  it('fills defaults and rejects unknown kinds and bad fields with ConfigError', () => {
    expect(parseGraderConfig({ type: 'contains', value: 'x' })).toEqual({ type: 'contains', value: 'x', mode: 'any', ignoreCase: false });
    expect(() => parseGraderConfig({ type: 'no-such-kind' })).toThrow(ConfigError);
    expect(() => parseGraderConfig({ type: 'latency', maxMs: -1 })).toThrow(/maxMs/);
    expect(() => parseGraderConfig({ type: 'ifeval', instructions: [{ id: 'keywords:frequency', kwargs: { keyword: 'x' } }] })).toThrow(/kwargs/);
  });

  it('exports a JSON Schema with one branch per kind for editors', () => {
    const schema = z.toJSONSchema(graderConfigSchema, { io: 'input' }) as { oneOf?: unknown[]; anyOf?: unknown[] };
    const branches = schema.oneOf ?? schema.anyOf ?? [];
    expect(branches).toHaveLength(GRADER_KINDS.length);
  });
});
