import { Worker } from 'node:worker_threads';
import { clip } from './types.js';
import type { ExecutionLimits, ExecutionResult } from './types.js';

/**
 * Worker body (CommonJS, run with `eval: true`). The candidate runs in a fresh `vm` context whose only
 * globals are the language built-ins, a `console` that records lines and `assert` (node:assert/strict): no
 * `require`, `process`, `fetch`, timers or file system, so no network or disk. A returned promise is awaited.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const assert = require('node:assert/strict');
const stdout = [];
const stderr = [];
const line = (parts) => parts.map((part) => (typeof part === 'string' ? part : require('node:util').inspect(part))).join(' ');
const sandboxConsole = {
  log: (...parts) => stdout.push(line(parts)),
  info: (...parts) => stdout.push(line(parts)),
  warn: (...parts) => stderr.push(line(parts)),
  error: (...parts) => stderr.push(line(parts)),
};
(async () => {
  try {
    const context = vm.createContext({ console: sandboxConsole, assert }, { codeGeneration: { strings: true, wasm: false } });
    const script = new vm.Script(workerData.program, { filename: 'candidate.js' });
    const completion = script.runInContext(context, { timeout: workerData.timeoutMs });
    if (completion !== null && typeof completion === 'object' && typeof completion.then === 'function') await completion;
    parentPort.postMessage({ ok: true, stdout: stdout.join('\n'), stderr: stderr.join('\n') });
  } catch (error) {
    const text = error && error.stack ? String(error.stack) : String(error);
    parentPort.postMessage({ ok: false, stdout: stdout.join('\n'), stderr: [...stderr, text].join('\n') });
  }
})();
`;

interface WorkerReport {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function isWorkerReport(value: unknown): value is WorkerReport {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.ok === 'boolean' && typeof record.stdout === 'string' && typeof record.stderr === 'string';
}

/**
 * Runs a JavaScript program in a worker thread with V8 heap limits (`resourceLimits`) and a wall-clock
 * timeout after which the worker is terminated (this stops synchronous infinite loops too). Passing means the
 * program (and the promise it ends with, if any) completed without throwing.
 */
export function runJavaScript(program: string, limits: ExecutionLimits): Promise<ExecutionResult> {
  const started = performance.now();
  return new Promise<ExecutionResult>((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { program, timeoutMs: limits.timeoutMs },
      resourceLimits: {
        maxOldGenerationSizeMb: limits.memoryMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.min(64, Math.floor(limits.memoryMb / 4))),
        codeRangeSizeMb: 64,
        stackSizeMb: 4,
      },
      stdout: true,
      stderr: true,
      env: {},
    });
    let settled = false;
    const finish = (result: Omit<ExecutionResult, 'durationMs' | 'exitCode'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve({ ...result, stdout: clip(result.stdout), stderr: clip(result.stderr), exitCode: undefined, durationMs: performance.now() - started });
    };
    const timer = setTimeout(() => finish({ outcome: 'timed-out', stdout: '', stderr: `timed out after ${limits.timeoutMs} ms` }), limits.timeoutMs);
    const onAbort = (): void => finish({ outcome: 'failed', stdout: '', stderr: 'aborted' });
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: unknown) => {
      if (!isWorkerReport(message)) return finish({ outcome: 'failed', stdout: '', stderr: 'malformed worker report' });
      finish({ outcome: message.ok ? 'passed' : 'failed', stdout: message.stdout, stderr: message.stderr });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish({ outcome: outOfMemory ? 'out-of-memory' : 'failed', stdout: '', stderr: error.stack ?? error.message });
    });
    worker.on('exit', (code) => finish({ outcome: 'failed', stdout: '', stderr: `worker exited with code ${code} before reporting` }));
  });
}
