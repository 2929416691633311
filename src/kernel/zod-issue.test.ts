import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, ValidationError } from '../errors.js';
import { firstIssue, issueFlag, parseOrThrow } from './index.js';

const config = z.object({ providers: z.array(z.object({ model: z.string() })), maxCost: z.number().positive().optional() });

describe('firstIssue', () => {
  it('names where (the path, written as in the file) and what (zod’s message) of the first issue', () => {
    const parsed = config.safeParse({ providers: [{ model: 'a' }, { model: 'b' }, { model: 3 }], maxCost: -1 });
    expect(parsed.success).toBe(false);
    const issue = firstIssue(parsed.error!);
    expect(issue.path).toEqual(['providers', 2, 'model']);
    expect(issue.field).toBe('providers[2].model');
    expect(issue.message).toMatch(/expected string, received number/);
    expect(issue.text).toBe(`providers[2].model: ${issue.message}`);
    expect(issue.error).toBe(parsed.error);
  });

  it('says (root) when the value as a whole is wrong', () => {
    const issue = firstIssue(config.safeParse([]).error!);
    expect(issue.field).toBe('(root)');
    expect(issue.text).toMatch(/^\(root\): .*expected object/);
  });
});

describe('parseOrThrow', () => {
  it('returns the parsed value, defaults filled', () => {
    expect(parseOrThrow(z.object({ n: z.number().default(3) }), {}, () => new Error('unreachable'))).toEqual({ n: 3 });
  });

  it('throws the error the caller builds from the first issue', () => {
    const thrown = (() => {
      try {
        parseOrThrow(config, { providers: 'all' }, (issue) => new ConfigError('parity.yaml', issue.text, { cause: issue.error }));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toMatch(/^parity\.yaml: providers: .*expected array/);
    expect((thrown as ConfigError).cause).toBeInstanceOf(z.ZodError);
  });
});

describe('issueFlag', () => {
  it('writes an option key as the flag the user typed', () => {
    const issue = firstIssue(config.safeParse({ providers: [], maxCost: 0 }).error!);
    expect(issueFlag(issue)).toBe('--max-cost');
    expect(() => parseOrThrow(config, { providers: [], maxCost: 0 }, (found) => new ValidationError(`${issueFlag(found)}: ${found.message}`))).toThrow(/^--max-cost: /);
  });

  it('falls back to a name for the whole object', () => {
    const issue = firstIssue(config.safeParse(null).error!);
    expect(issueFlag(issue)).toBe('flags');
    expect(issueFlag(issue, 'settings')).toBe('settings');
  });
});
