import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPython } from './python.js';

const LIMITS = { timeoutMs: 10_000, memoryMb: 512 };

describe('runPython', () => {
  it('passes a program that exits cleanly and fails one that raises', async () => {
    expect((await runPython('assert 1 + 1 == 2\nprint("ok")', LIMITS)).outcome).toBe('passed');
    const failed = await runPython('assert 1 + 1 == 3, "bad sum"', LIMITS);
    expect(failed.outcome).toBe('failed');
    expect(failed.stderr).toContain('AssertionError: bad sum');
  });

  it('runs in a scratch directory that is removed afterwards', async () => {
    const result = await runPython('import os\nopen("note.txt", "w").write("x")\nprint(os.getcwd())', LIMITS);
    expect(result.outcome).toBe('passed');
    const scratch = result.stdout.trim();
    expect(scratch).toMatch(/parity-sandbox-/);
    expect(existsSync(scratch)).toBe(false);
  });

  it('refuses sockets, whatever module creates them', async () => {
    const program = [
      'import socket, _socket',
      'for make in (lambda: socket.socket(), lambda: _socket.socket(), lambda: socket.create_connection(("127.0.0.1", 9))):',
      '    try:',
      '        make()',
      '    except PermissionError:',
      '        continue',
      '    raise SystemExit("socket was allowed")',
    ].join('\n');
    expect(await runPython(program, LIMITS)).toMatchObject({ outcome: 'passed' });
  });

  it('refuses subprocesses, ctypes and raising its own limits', async () => {
    for (const statement of [
      'import subprocess; subprocess.run(["true"])',
      'import os; os.system("true")',
      'import ctypes; ctypes.CDLL(None)',
      'import resource; resource.setrlimit(resource.RLIMIT_CPU, (1000, 1000))',
    ]) {
      const result = await runPython(statement, LIMITS);
      expect(result.outcome, statement).toBe('failed');
      expect(result.stderr, statement).toContain('PermissionError: sandbox');
    }
  });

  it('refuses writes outside its scratch directory', async () => {
    const result = await runPython('open("/tmp/parity-sandbox-escape.txt", "w").write("x")', LIMITS);
    expect(result.stderr).toContain('PermissionError: sandbox');
    expect(existsSync('/tmp/parity-sandbox-escape.txt')).toBe(false);
  });

  it('sees no proxy settings or other parent environment', async () => {
    process.env.PARITY_SANDBOX_CANARY = 'visible';
    try {
      const result = await runPython('import os\nprint(sorted(k for k in os.environ if "proxy" in k.lower() or k == "PARITY_SANDBOX_CANARY"))', LIMITS);
      expect(result.stdout.trim()).toBe('[]');
    } finally {
      delete process.env.PARITY_SANDBOX_CANARY;
    }
  });

  it('kills a program that runs past the timeout', async () => {
    const result = await runPython('while True:\n    pass', { timeoutMs: 1000, memoryMb: 256 });
    expect(result.outcome).toBe('timed-out');
  });

  it('stops a program that allocates past the memory limit', async () => {
    const result = await runPython('block = bytearray(1024 * 1024 * 1024)', { timeoutMs: 10_000, memoryMb: 256 });
    expect(result.outcome).toBe('out-of-memory');
  });
});
