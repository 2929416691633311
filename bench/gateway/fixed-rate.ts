/**
 * CPU per request of parity's processes at one fixed request rate (see load.ts for why): every parity target —
 * chat, the translated surfaces, a second untraced process and the traced one — driven at the same rate,
 * in the opposite order every other run, and each one's CPU per request ÷ parity chat's in the same run.
 *
 * The second untraced process (`parity 2nd process`) is the method's control: it is configured like the traced
 * one but for tracing, so its ratio to parity chat is the bias of comparing two processes at all (ideally 1.00),
 * and the traced process ÷ it is the cost of tracing between two processes alike in everything else.
 */
import { autocannon, type CannonResult, type LoadOptions, type Target } from './load.js';
import { median } from './bench-support.js';

export type Mode = 'json' | 'stream';
export type RunsByTarget = Record<string, Record<Mode, CannonResult[]>>;

export const CONTROL = 'parity 2nd process';
export const TRACED = 'parity tracing on';

/** A target counts as driven at the rate when it served at least this share of it. */
const RATE_MET = 0.95;

/** The rate: `requested` when given (> 0), else 60% of the slowest parity target's median saturation req/s. */
export function fixedRate(requested: number, saturation: RunsByTarget, names: readonly string[]): number {
  if (requested > 0) return requested;
  const slowest = Math.min(...names.flatMap((name) => (['json', 'stream'] as const).map((mode) => median((saturation[name]?.[mode] ?? []).map((result) => result.rps)))));
  return Number.isFinite(slowest) ? Math.max(100, Math.floor((0.6 * slowest) / 100) * 100) : Number.NaN;
}

export function runAtFixedRate(targets: readonly Target[], runs: number, options: LoadOptions & { rate: number }, log: (line: string) => void): RunsByTarget {
  const results: RunsByTarget = Object.fromEntries(targets.map((target) => [target.name, { json: [], stream: [] }]));
  for (let run = 0; run < runs; run++) {
    for (const mode of ['json', 'stream'] as const) {
      for (const target of run % 2 === 0 ? targets : [...targets].reverse()) {
        const result = autocannon(target, mode === 'stream', options);
        results[target.name]![mode].push(result);
        log(`run ${run + 1} ${target.name} ${mode} at ${options.rate} req/s: served ${result.rps.toFixed(0)} req/s, ${Number.isFinite(result.cpuMicros) ? result.cpuMicros.toFixed(0) : '—'} µs CPU/request (non-2xx ${result.non2xx}, errors ${result.errors})`);
      }
    }
  }
  return results;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** The summary lines: CPU per request per target, the ratios to parity chat (and traced ÷ control), targets short of the rate. */
export function fixedRateLines(results: RunsByTarget, rate: number, options: { runs: number; seconds: number; connections: number }): string[] {
  const names = Object.keys(results);
  const cpu = (name: string, mode: Mode): number => median((results[name]?.[mode] ?? []).map((result) => result.cpuMicros).filter(Number.isFinite));
  const mainCpu = (name: string, mode: Mode): number => median((results[name]?.[mode] ?? []).map((result) => result.mainCpuMicros).filter(Number.isFinite));
  const ratios = (name: string, base: string, mode: Mode): number[] =>
    (results[name]?.[mode] ?? []).map((result, run) => result.cpuMicros / (results[base]?.[mode][run]?.cpuMicros ?? Number.NaN));
  const ratio = (name: string, base: string, mode: Mode): string => {
    const values = ratios(name, base, mode);
    return `${fixed(median(values.filter(Number.isFinite)), 2)} (runs ${values.map((value) => fixed(value, 2)).join(', ')})`;
  };
  const short = names.flatMap((name) =>
    (['json', 'stream'] as const).flatMap((mode) =>
      (results[name]?.[mode] ?? []).flatMap((result, run) =>
        result.rps < RATE_MET * rate || result.non2xx > 0 || result.errors > 0 ? [`${name} ${mode} run ${run + 1}: ${result.rps.toFixed(0)} req/s, non-2xx ${result.non2xx}, errors ${result.errors}`] : [],
      ),
    ),
  );
  const lines = [
    `CPU per request at one fixed rate — every parity process driven at ${rate} req/s (autocannon -R, ${options.connections} connections × ${options.seconds} s, ${options.runs} run(s), order reversed every other run; µs, json / stream, medians):`,
    `  ${names.map((name) => `${name} ${fixed(cpu(name, 'json'), 0)} / ${fixed(cpu(name, 'stream'), 0)}`).join('; ')}`,
    `  of it the main thread (JavaScript; the rest is GC helper threads, the log worker, libuv): ${names.map((name) => `${name} ${fixed(mainCpu(name, 'json'), 0)} / ${fixed(mainCpu(name, 'stream'), 0)}`).join('; ')}`,
    'CPU per request ÷ parity chat at that rate, paired within each run (the saturation ratios above compare processes serving different rates):',
  ];
  for (const name of names.filter((entry) => entry !== 'parity')) {
    const note = name === CONTROL ? ' (tracing off, set up like the traced process: the bias of comparing two processes, ideally 1.00)' : '';
    lines.push(`  ${name}${note}: json ${ratio(name, 'parity', 'json')}; stream ${ratio(name, 'parity', 'stream')}`);
  }
  if (results[CONTROL] !== undefined && results[TRACED] !== undefined) {
    lines.push(`  ${TRACED} ÷ ${CONTROL} (two chat-only processes; tracing is the one difference): json ${ratio(TRACED, CONTROL, 'json')}; stream ${ratio(TRACED, CONTROL, 'stream')}`);
  }
  lines.push(
    short.length === 0
      ? `  every target served ≥ ${RATE_MET * 100}% of the rate in every run, all answers 2xx`
      : `  NOT comparable (served < ${RATE_MET * 100}% of the rate, or answered errors — CPU per request of other work): ${short.join('; ')}`,
  );
  return lines;
}
