/**
 * Load for the gateway bench: autocannon against one target, either as fast as it answers (saturation) or at a
 * fixed overall request rate, and the CPU the target's process spent per request over that window (user +
 * system of all its threads, from /proc/PID/stat).
 *
 * Why both: at saturation each process runs at its own throughput, and the CPU one request costs depends on
 * that rate (at a higher rate more requests share an event-loop turn, a syscall batch, a GC cycle). Two
 * processes at different rates are then not compared like for like. At one fixed rate below every target's
 * saturation, each process does the same work per second and CPU per request compares the code alone.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** The gateway's process, for CPU time per request (none for the direct upstream). */
  pid?: number | undefined;
  /** The request body (default: a chat completion request); targets with their own are not probed. */
  body?: (stream: boolean) => string;
}

export interface CannonResult {
  /** CPU time the gateway process spent per request, in microseconds (NaN when it could not be read). */
  cpuMicros: number;
  /** Of it, the main thread's (the JavaScript event loop; the rest: GC helpers, the log worker, libuv). */
  mainCpuMicros: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/**
 * CPU seconds (user + system) a process has used so far, all its threads or (`mainThread`) its main thread
 * only; undefined off Linux.
 */
export function cpuSeconds(pid: number | undefined, mainThread = false): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

const autocannonBin = join(createRequire(import.meta.url).resolve('autocannon/package.json'), '..', 'autocannon.js');

export interface LoadOptions {
  connections: number;
  seconds: number;
  body: (stream: boolean) => string;
  /** Requests per second over all connections; undefined: as fast as the target answers. */
  rate?: number | undefined;
}

export function autocannon(target: Target, stream: boolean, options: LoadOptions): CannonResult {
  const cpuBefore = cpuSeconds(target.pid);
  const mainBefore = cpuSeconds(target.pid, true);
  const headerArgs = Object.entries({ 'content-type': 'application/json', ...target.headers }).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const rateArgs = options.rate === undefined ? [] : ['-R', String(options.rate)];
  const result = spawnSync(
    process.execPath,
    [autocannonBin, '-c', String(options.connections), '-d', String(options.seconds), ...rateArgs, '-m', 'POST', ...headerArgs, '-b', (target.body ?? options.body)(stream), '--json', target.url],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const line = result.stdout.trim().split('\n').at(-1) ?? '{}';
  const parsed = JSON.parse(line) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  const perRequest = (before: number | undefined, after: number | undefined): number =>
    before === undefined || after === undefined ? Number.NaN : ((after - before) * 1e6) / parsed.requests.total;
  const cpuMicros = perRequest(cpuBefore, cpuSeconds(target.pid));
  const mainCpuMicros = perRequest(mainBefore, cpuSeconds(target.pid, true));
  return { cpuMicros, mainCpuMicros, rps: parsed.requests.average, p50: parsed.latency.p50, p99: parsed.latency.p99, non2xx: parsed.non2xx, errors: parsed.errors };
}
