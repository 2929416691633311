import { describe, expect, it } from 'vitest';
import { runJavaScript } from './javascript.js';

const LIMITS = { timeoutMs: 5_000, memoryMb: 64 };

describe('runJavaScript', () => {
  it('passes code that completes and fails code that throws, with its console output', async () => {
    const passed = await runJavaScript('const add = (a, b) => a + b;\nassert.equal(add(2, 3), 5);\nconsole.log("done", 5)', LIMITS);
    expect(passed).toMatchObject({ outcome: 'passed', stdout: 'done 5' });
    const failed = await runJavaScript('assert.deepEqual([1, 2], [1, 3])', LIMITS);
    expect(failed.outcome).toBe('failed');
    expect(failed.stderr).toContain('AssertionError');
  });

  it('awaits a promise the program ends with', async () => {
    expect((await runJavaScript('(async () => { await null; throw new Error("late"); })()', LIMITS)).outcome).toBe('failed');
    expect((await runJavaScript('(async () => { await null; return 1; })()', LIMITS)).outcome).toBe('passed');
  });

  it('has no require, process, fetch or timers', async () => {
    const program = 'assert.deepEqual([typeof require, typeof process, typeof fetch, typeof setTimeout, typeof globalThis.process], ["undefined", "undefined", "undefined", "undefined", "undefined"])';
    expect((await runJavaScript(program, LIMITS)).outcome).toBe('passed');
  });

  it('terminates a synchronous infinite loop at the timeout', async () => {
    const result = await runJavaScript('while (true) {}', { timeoutMs: 500, memoryMb: 64 });
    expect(result.outcome).not.toBe('passed');
  });

  it('stops a program that grows past its heap limit', async () => {
    const result = await runJavaScript('const hoard = []; while (true) hoard.push(new Array(1e5).fill(Math.random()));', { timeoutMs: 20_000, memoryMb: 32 });
    expect(result.outcome).toBe('out-of-memory');
  });
});
