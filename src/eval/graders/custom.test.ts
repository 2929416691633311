import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { GraderError } from './grader-error.js';
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
    await expect(grade({ text: 'x' }, { type: 'custom', module: 'custom-grader.mjs', export: 'broken' }, { baseDir: fixtures })).rejects.toThrow(
      new GraderError('custom custom-grader.mjs#broken', 'returned "not a verdict"; expected a boolean, a number in 0..1 or {pass, score?, reason}'),
    );
    await expect(grade({ text: 'x' }, { type: 'custom', module: 'custom-grader.mjs', export: 'absent' }, { baseDir: fixtures })).rejects.toBeInstanceOf(ConfigError);
    await expect(grade({ text: 'x' }, { type: 'custom', module: 'no-such-module.mjs' }, { baseDir: fixtures })).rejects.toBeInstanceOf(ConfigError);
  });

  it('turns what the function throws into a GraderError naming the grader and what it threw (an error of the case, not a crash)', async () => {
    const error = await grade({ text: 'x' }, { type: 'custom', module: 'custom-grader.mjs', export: 'throws' }, { baseDir: fixtures }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraderError);
    expect(error).toMatchObject({ grader: 'custom custom-grader.mjs#throws', message: 'grader custom custom-grader.mjs#throws: threw RangeError: no verdict for "x"' });
    const rejected = await grade({ text: 'x' }, { type: 'custom', module: 'custom-grader.mjs', export: 'rejectsWithString' }, { baseDir: fixtures }).catch((caught: unknown) => caught);
    expect(rejected).toMatchObject({ grader: 'custom custom-grader.mjs#rejectsWithString', message: 'grader custom custom-grader.mjs#rejectsWithString: threw offline' });
  });
});
