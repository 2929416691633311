import { execFile, spawn } from 'node:child_process';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../../errors.js';
import { PYTHON_GUARD_SOURCE } from './python-guard.js';
import { clip } from './types.js';
import type { ExecutionLimits, ExecutionResult } from './types.js';

const execFileAsync = promisify(execFile);
const resolved = new Map<string, Promise<string>>();

/**
 * The real interpreter behind a command like `python3` (resolving shims such as pyenv's once, so each run
 * starts the binary directly with an empty environment). Throws ConfigError when it cannot run.
 */
export function resolvePython(command = 'python3'): Promise<string> {
  let found = resolved.get(command);
  if (found === undefined) {
    found = execFileAsync(command, ['-c', 'import sys; print(sys.executable)'], { timeout: 30_000 })
      .then(({ stdout }) => {
        const executable = stdout.trim();
        if (executable === '') throw new Error('sys.executable is empty');
        return executable;
      })
      .catch((error: unknown) => {
        resolved.delete(command);
        throw new ConfigError('python', `cannot run ${JSON.stringify(command)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
    resolved.set(command, found);
  }
  return found;
}

export interface PythonRunOptions extends ExecutionLimits {
  /** The interpreter command; default `python3`. */
  python?: string;
  /** Import `site` (third-party packages in site-packages). Default false: the standard library only, faster. */
  sitePackages?: boolean;
}

/**
 * Runs a Python program in a fresh scratch directory (removed afterwards) under the guard in
 * `python-guard.ts`: isolated mode (`-I`: no user site, no PYTHON* variables; `-S` too unless sitePackages), an environment with nothing but
 * PATH/LANG/HOME/TMPDIR (so no proxy settings), sockets and subprocesses refused, memory and CPU limited, and
 * the whole process group killed at the wall-clock timeout. Exit status 0 means passed.
 */
export async function runPython(program: string, options: PythonRunOptions): Promise<ExecutionResult> {
  const executable = await resolvePython(options.python);
  const scratch = await realpath(await mkdtemp(path.join(tmpdir(), 'parity-sandbox-')));
  const started = performance.now();
  try {
    await writeFile(path.join(scratch, 'guard.py'), PYTHON_GUARD_SOURCE, 'utf8');
    await writeFile(path.join(scratch, 'candidate.py'), program, 'utf8');
    const memoryBytes = Math.floor(options.memoryMb * 1024 * 1024);
    const cpuSeconds = Math.max(1, Math.ceil(options.timeoutMs / 1000));
    return await new Promise<ExecutionResult>((resolve, reject) => {
      const flags = options.sitePackages === true ? ['-I', '-B'] : ['-I', '-S', '-B'];
      const child = spawn(executable, [...flags, 'guard.py', String(memoryBytes), String(cpuSeconds)], {
        cwd: scratch,
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: scratch, TMPDIR: scratch },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const killGroup = (): void => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
      }, options.timeoutMs);
      const onAbort = (): void => killGroup();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (stdout.length < 65_536) stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < 65_536) stderr += chunk;
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        reject(new ConfigError('python', `cannot start ${executable}: ${error.message}`, { cause: error }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        killGroup();
        const durationMs = performance.now() - started;
        const outOfMemory = /\bMemoryError\b/.test(stderr);
        // SIGXCPU means the CPU limit (set to the timeout) was hit before the wall clock.
        const outcome = timedOut || signal === 'SIGXCPU' ? 'timed-out' : outOfMemory ? 'out-of-memory' : code === 0 ? 'passed' : 'failed';
        resolve({ outcome, exitCode: code ?? undefined, stdout: clip(stdout), stderr: clip(stderr), durationMs });
      });
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
