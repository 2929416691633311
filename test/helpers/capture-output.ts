/**
 * For tests that run the CLI in-process (`main([...])`): collects what it writes to process.stdout and
 * process.stderr, fresh for each test, and resets the exit code afterwards.
 *
 *   const io = captureOutput();            // at the top of the test file
 *   expect(await io.run('license', …)).toBe(0);
 *   JSON.parse(io.stdout);
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CapturedOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** Forgets what was collected so far (between two runs in one test). */
  clear(): void;
  /** Starts collecting now (in a `beforeAll`; undone by the next `vi.restoreAllMocks()`). */
  start(): void;
  /** `parity ...args` in-process; resolves to the exit code. */
  run(...args: string[]): Promise<number>;
}

export function captureOutput(): CapturedOutput {
  let stdout = '';
  let stderr = '';
  const start = (): void => {
    stdout = '';
    stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  };
  beforeEach(start);
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    clear() {
      stdout = '';
      stderr = '';
    },
    start,
    run: (...args) => main(['node', 'parity', ...args]),
  };
}
