import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '../../errors.js';
import { grade } from './registry.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/eval/', import.meta.url));

describe('custom graders', () => {
  it('imports the default export relative to baseDir and passes options', async () => {
    const config = { type: 'custom', module: 'custom-grader.mjs', options: { word: 'ok' } } as const;
    expect(await grade({ text: 'ok then ok' }, config, { baseDir: fixtures })).toMatchObject({ pass: true, score: 1, reason: '2 mention(s) of ok' });
    expect(await grade({ text: 'nope' }, config, { baseDir: fixtures })).toMatchObject({ pass: false, score: 0 });
  });

  it('treats a number as a score against the threshold', async () => {
    const config = { type: 'custom', module: 'custom-grader.mjs', export: 'lengthScore', threshold: 0.5 } as const;
    expect(await grade({ text: 'abcdef' }, config, { baseDir: fixtures })).toMatchObject({ pass: true, score: 0.6 });
    expect(await grade({ text: 'abc' }, config, { baseDir: fixtures })).toMatchObject({ pass: false, score: 0.3 });
  });

  it('throws for a bad return value, a missing export and a missing module', async () => {
    await expect(grade({ text: 'x' }, { type: 'custom', module: 'custom-grader.mjs', export: 'broken' }, { baseDir: fixtures })).rejects.toBeInstanceOf(ValidationError);
    await expect(grade({ text: 'x' }, { type: 'custom', module: 'custom-grader.mjs', export: 'absent' }, { baseDir: fixtures })).rejects.toBeInstanceOf(ConfigError);
    await expect(grade({ text: 'x' }, { type: 'custom', module: 'no-such-module.mjs' }, { baseDir: fixtures })).rejects.toBeInstanceOf(ConfigError);
  });
});
