/**
 * Runs one command as a child process and measures it: wall time from spawn to exit, CPU time (user + system)
 * and peak resident memory. Under GNU time (`/usr/bin/time`, when present) the figures are the kernel's own
 * (getrusage of the waited child: ru_maxrss is the high-water mark of the process's RSS); otherwise the child's
 * /proc/<pid>/status VmHWM is polled every 50 ms and its last value kept, and CPU comes from /proc/<pid>/stat.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Measured {
  code: number | null;
  wallMs: number;
  /** user + system CPU of the process, ms */
  cpuMs: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
  /** how peak RSS was read */
  method: 'gnu-time' | 'proc-poll';
}

const GNU_TIME = '/usr/bin/time';
export const HAS_GNU_TIME = existsSync(GNU_TIME);

function readProc(pid: number): { hwmKb: number; cpuTicks: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (clock ticks; 100 per second on Linux)
    return { hwmKb: Number(hwm?.[1] ?? 0), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

export async function measure(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Measured> {
  const scratch = mkdtempSync(join(tmpdir(), 'parity-bench-time-'));
  const timeFile = join(scratch, 'time.txt');
  const useTime = HAS_GNU_TIME;
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, [...args]];
  const started = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let polled = { hwmKb: 0, cpuTicks: 0 };
  const poller = useTime
    ? undefined
    : setInterval(() => {
        const now = child.pid === undefined ? undefined : readProc(child.pid);
        if (now) polled = now;
      }, 50);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  if (poller) clearInterval(poller);
  let peakRssMb = polled.hwmKb / 1024;
  let cpuMs = polled.cpuTicks * 10;
  if (useTime && existsSync(timeFile)) {
    // the last line: GNU time prints "Command exited with non-zero status N" before it on failure
    const line = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '';
    const [maxKb, user, system] = line.split(' ').map(Number);
    peakRssMb = (maxKb ?? 0) / 1024;
    cpuMs = ((user ?? 0) + (system ?? 0)) * 1000;
  }
  rmSync(scratch, { recursive: true, force: true });
  return { code, wallMs, cpuMs, peakRssMb, stdout, stderr, method: useTime ? 'gnu-time' : 'proc-poll' };
}
