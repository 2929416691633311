/**
 * Gateway bench: in one run on this machine, an instant local upstream served directly, through a bare
 * node:http keep-alive proxy (the ceiling for any Node gateway here), through parity (auth, budgets, rate
 * limits, routing rules, costing and the request log all on) and through the Portkey gateway (installed by this
 * script into a temp dir with npm; never a project dependency). Every server and every load generator is its
 * own process. parity runs as users run it — `node bin/parity.js serve --config …` on the built `dist/` (built
 * first when the sources changed) — so its CPU and memory are the product's, not a TypeScript loader's; the
 * resident memory (RSS) of each gateway process is read after the last run.
 *
 *   npx tsx bench/gateway/index.ts [--runs 3] [--duration 10] [--connections 50] [--rate 500] [--probe-seconds 6] [--warmup 6]
 *                                  [--no-portkey] [--probe-portkey] [--surfaces [--cpu-rate N] [--rate-runs N] [--rate-seconds N]]
 *
 * `--surfaces` adds, on the same parity process, Anthropic's `/v1/messages` and OpenAI's `/v1/responses`
 * (translated over the chat upstream), a second untraced parity process (the control) and a parity with
 * tracing on (OTLP/HTTP to a local sink), each run back to back with parity's chat: their throughput and CPU
 * per request against chat pass-through, at saturation and then all at one fixed rate (`--cpu-rate`, default
 * 60% of the slowest parity target's saturation; fixed-rate.ts says why both) in `--rate-runs` runs (default twice
 * `--runs`) of `--rate-seconds` each (default half of `--duration`, at least 2).
 *
 * Throughput: autocannon, 50 connections, non-stream and stream. Latency added at a fixed 500 requests/s and
 * the added time to the first streamed byte: probe.ts (open loop, microsecond timing), each gateway probed
 * interleaved with the direct upstream so both see the same machine noise. Medians over runs. The machine's
 * own scheduling jitter (jitter.ts: a busy thread's gaps off the CPU) is measured before and after the runs:
 * it bounds what any gateway can show at p99 here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { numberFlag } from './bench-support.js';
import { CONTROL, fixedRate, fixedRateLines, runAtFixedRate, TRACED, type RunsByTarget } from './fixed-rate.js';
import { autocannon as runLoad, type CannonResult, type Target } from './load.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => numberFlag(name, fallback, args);
const RUNS = flag('runs', 1);
const DURATION = flag('duration', 10);
const CONNECTIONS = flag('connections', 50);
const RATE = flag('rate', 500);
const PROBE_MS = flag('probe-seconds', 6) * 1000;
const WARMUP = flag('warmup', 6);
const WITH_PORTKEY = !args.includes('--no-portkey');
const PROBE_PORTKEY = args.includes('--probe-portkey');
const SURFACES = args.includes('--surfaces');
const CPU_RATE = flag('cpu-rate', 0);
// at the fixed rate: more, shorter runs than at saturation (pairs of neighbours in time share the machine's load)
const RATE_RUNS = flag('rate-runs', 2 * RUNS);
const RATE_SECONDS = flag('rate-seconds', Math.max(2, Math.round(DURATION / 2)));
const PORTKEY_DIR = join(tmpdir(), 'parity-bench-portkey');

const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts a server process and waits for the JSON it prints first (one line, or pretty-printed over several). */
function startServer(command: string, commandArgs: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  const child = spawn(command, commandArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let text = '';
    const onLine = (line: string) => {
      text += line;
      try {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        lines.off('line', onLine);
        resolve({ ...parsed, pid: child.pid });
      } catch {
        // not the whole object yet
      }
    };
    lines.on('line', onLine);
    child.once('exit', (code) => reject(new Error(`${commandArgs.join(' ')} exited with ${code}`)));
  });
}

const tsx = (file: string, env: Record<string, string>) => startServer(process.execPath, ['--import', 'tsx', join(here, file)], env);

/** parity's gateway from the built CLI, set up by parity-setup.ts (store, key, config file). */
async function startParity(upstreamUrl: string, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const root = join(here, '..', '..');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-state.mjs'), '--ensure'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building parity (scripts/build-state.mjs --ensure) failed');
  const setup = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'parity-setup.ts')], {
    env: { ...process.env, ...env, UPSTREAM: upstreamUrl },
    encoding: 'utf8',
  });
  if (setup.status !== 0) throw new Error(`parity-setup.ts failed: ${setup.stderr}`);
  const { config, key } = JSON.parse(setup.stdout.trim().split('\n').at(-1) ?? '{}') as { config: string; key: string };
  const server = await startServer(process.execPath, [join(root, 'bin', 'parity.js'), 'serve', '--config', config, '--port', '0', '--json'], {});
  return { ...server, key };
}

/** Resident memory of a process in MB (VmRSS); undefined off Linux or once it has exited. */
function rssMegabytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * The main thread's V8 heap of a parity gateway in MB, from its /metrics (read at the scrape); undefined when it
 * cannot be read. The rest of its RSS: the request-log worker's heap, code, SQLite and native buffers.
 */
async function parityHeapMegabytes(baseUrl: string): Promise<{ total: number; used: number } | undefined> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const read = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]) / 1024 / 1024;
    const heap = { total: read('nodejs_heap_size_total_bytes'), used: read('nodejs_heap_size_used_bytes') };
    return Number.isFinite(heap.total) && Number.isFinite(heap.used) ? heap : undefined;
  } catch {
    return undefined;
  }
}

let portkeyPid: number | undefined;

async function startPortkey(port: number): Promise<boolean> {
  const entry = join(PORTKEY_DIR, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  if (!existsSync(entry)) {
    mkdirSync(PORTKEY_DIR, { recursive: true });
    // @hono/node-server 1.13.5 everywhere: later versions break Portkey's streaming
    writeFileSync(join(PORTKEY_DIR, 'package.json'), JSON.stringify({ name: 'portkey-bench', private: true, overrides: { '@hono/node-server': '1.13.5' } }));
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '@portkey-ai/gateway@1', '@hono/node-server@1.13.5'], { cwd: PORTKEY_DIR, stdio: 'inherit' });
    if (install.status !== 0 || !existsSync(entry)) return false;
  }
  const child = spawn(process.execPath, [entry, `--port=${port}`, '--headless'], { cwd: PORTKEY_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  portkeyPid = child.pid;
  for (let attempt = 0; attempt < 100; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return true;
    } catch {
      // not up yet
    }
  }
  return false;
}

const PROMPT = 'Say hello in one short sentence.';
const streamField = (stream: boolean) => (stream ? { stream: true } : {});

function body(stream: boolean): string {
  return JSON.stringify({ model: 'open', messages: [{ role: 'user', content: PROMPT }], max_tokens: 32, ...streamField(stream) });
}
const messagesBody = (stream: boolean): string => JSON.stringify({ model: 'open', max_tokens: 32, messages: [{ role: 'user', content: PROMPT }], ...streamField(stream) });
const responsesBody = (stream: boolean): string => JSON.stringify({ model: 'open', input: PROMPT, max_output_tokens: 32, ...streamField(stream) });

function autocannon(target: Target, stream: boolean, seconds: number, rate?: number): CannonResult {
  return runLoad(target, stream, { connections: CONNECTIONS, seconds, body, rate });
}

interface Quantiles {
  p50: number;
  p99: number;
}

interface ProbeResult {
  achievedRate: number;
  errors: number;
  non2xx: number;
  firstByte: Quantiles;
  total: Quantiles;
  /** Percentiles of the per-request difference to the direct request of the same tick (see probe.ts). */
  paired?: { firstByte: Quantiles; total: Quantiles };
}

const NO_QUANTILES: Quantiles = { p50: Number.NaN, p99: Number.NaN };
const FAILED_PROBE: ProbeResult = { achievedRate: Number.NaN, errors: 0, non2xx: 0, firstByte: NO_QUANTILES, total: NO_QUANTILES, paired: { firstByte: NO_QUANTILES, total: NO_QUANTILES } };

/** Probes `target` interleaved with the direct upstream; returns [direct, target]. */
function probe(direct: Target, target: Target, stream: boolean): [ProbeResult, ProbeResult] {
  const input = {
    targets: [direct, target].map((entry) => ({ url: entry.url, headers: { 'content-type': 'application/json', ...entry.headers } })),
    body: body(stream),
    rate: RATE,
    durationMs: PROBE_MS,
  };
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'probe.ts'), JSON.stringify(input)], { encoding: 'utf8' });
  // the probe prints null for a percentile without samples
  const quantiles = (value: Partial<Quantiles> | undefined): Quantiles => ({ p50: value?.p50 ?? Number.NaN, p99: value?.p99 ?? Number.NaN });
  const clean = (parsed: ProbeResult | undefined): ProbeResult =>
    parsed === undefined
      ? FAILED_PROBE
      : {
          ...parsed,
          firstByte: quantiles(parsed.firstByte),
          total: quantiles(parsed.total),
          ...(parsed.paired === undefined ? {} : { paired: { firstByte: quantiles(parsed.paired.firstByte), total: quantiles(parsed.paired.total) } }),
        };
  try {
    const parsed = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as ProbeResult[];
    return [clean(parsed[0]), clean(parsed[1])];
  } catch {
    return [FAILED_PROBE, FAILED_PROBE];
  }
}

interface Jitter {
  seconds: number;
  gaps: number;
  lostShare: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** The machine's scheduling jitter over a few seconds, with nothing of the bench running (see jitter.ts). */
function machineJitter(seconds = 5): Jitter | undefined {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'jitter.ts'), JSON.stringify({ seconds })], { encoding: 'utf8' });
  try {
    return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Jitter;
  } catch {
    return undefined;
  }
}

const fixed = (value: number | null | undefined, digits: number): string =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';

const median = (values: Array<number | null | undefined>): number => {
  const sorted = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main(): Promise<void> {
  const jitter: Jitter[] = [];
  const before = machineJitter();
  if (before !== undefined) jitter.push(before);
  const upstream = await tsx('upstream.ts', {});
  const upstreamUrl = `http://127.0.0.1:${String(upstream.port)}`;
  const bare = await tsx('bare-proxy.ts', { UPSTREAM: upstreamUrl });
  const parity = await startParity(upstreamUrl);
  const targets: Target[] = [
    { name: 'upstream (direct)', url: `${upstreamUrl}/v1/chat/completions`, headers: {} },
    { name: 'bare node:http proxy', url: `http://127.0.0.1:${String(bare.port)}/v1/chat/completions`, headers: {}, pid: bare.pid as number },
    { name: 'parity', url: `http://127.0.0.1:${String(parity.port)}/v1/chat/completions`, headers: { authorization: `Bearer ${String(parity.key)}` }, pid: parity.pid as number },
  ];
  if (WITH_PORTKEY) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if (await startPortkey(port)) {
      targets.push({
        name: 'portkey gateway',
        url: `http://127.0.0.1:${port}/v1/chat/completions`,
        headers: { authorization: 'Bearer bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1` },
        pid: portkeyPid,
      });
    } else process.stderr.write('portkey: could not install or start it; skipped\n');
  }
  if (SURFACES) {
    const parityTarget = targets.find((target) => target.name === 'parity') as Target;
    const base = `http://127.0.0.1:${String(parity.port)}`;
    targets.push(
      { name: 'parity messages', url: `${base}/v1/messages`, headers: { 'x-api-key': String(parity.key) }, pid: parityTarget.pid, body: messagesBody },
      { name: 'parity responses', url: `${base}/v1/responses`, headers: parityTarget.headers, pid: parityTarget.pid, body: responsesBody },
    );
    // the control: a second untraced process, set up like the traced one (chat only)
    const control = await startParity(upstreamUrl);
    targets.push({ name: CONTROL, url: `http://127.0.0.1:${String(control.port)}/v1/chat/completions`, headers: { authorization: `Bearer ${String(control.key)}` }, pid: control.pid as number, body });
    const sink = await tsx('otlp-sink.ts', {});
    const traced = await startParity(upstreamUrl, { TRACES: `http://127.0.0.1:${String(sink.port)}/v1/traces` });
    targets.push({ name: TRACED, url: `http://127.0.0.1:${String(traced.port)}/v1/chat/completions`, headers: { authorization: `Bearer ${String(traced.key)}` }, pid: traced.pid as number, body });
  }

  // one entry per process (the surfaces share parity's)
  const processes = targets.filter((target, index) => target.pid !== undefined && targets.findIndex((other) => other.pid === target.pid) === index);
  const rssAtStart = Object.fromEntries(processes.map((target) => [target.name, rssMegabytes(target.pid) ?? null]));
  const cannon: Record<string, Record<'json' | 'stream', CannonResult[]>> = {};
  /**
   * Per run: what the target adds over the direct upstream, probed interleaved: the difference of percentiles
   * (p50, p99, firstByteP50, firstByteP99) and the percentiles of the per-request difference (paired*).
   */
  const added: Record<string, Record<'json' | 'stream', Array<Record<'p50' | 'p99' | 'firstByteP50' | 'firstByteP99' | 'pairedP50' | 'pairedP99' | 'pairedFirstByteP50' | 'pairedFirstByteP99', number>>>> = {};
  const probes: Record<string, Record<'json' | 'stream', Array<[ProbeResult, ProbeResult]>>> = {};
  for (const target of targets) {
    cannon[target.name] = { json: [], stream: [] };
    probes[target.name] = { json: [], stream: [] };
    added[target.name] = { json: [], stream: [] };
    for (const stream of [false, true]) autocannon(target, stream, WARMUP); // warm-up: let the JIT settle
  }
  // Targets that are compared run back to back within a mode, in the opposite order every other run, so that a
  // change in the machine's load during the bench falls on both sides of a ratio.
  for (let run = 0; run < RUNS; run++) {
    for (const mode of ['json', 'stream'] as const) {
      for (const target of run % 2 === 0 ? targets : [...targets].reverse()) {
        const result = autocannon(target, mode === 'stream', DURATION);
        cannon[target.name]![mode].push(result);
        process.stderr.write(`run ${run + 1} ${target.name} ${mode}: ${result.rps.toFixed(0)} req/s p50 ${result.p50} ms p99 ${result.p99} ms, ${fixed(result.cpuMicros, 0)} µs CPU/request (non-2xx ${result.non2xx}, errors ${result.errors})\n`);
        if (target === targets[0] || target.body !== undefined || (target.name.startsWith('portkey') && !PROBE_PORTKEY)) continue;
        const [baseline, measured] = probe(targets[0]!, target, mode === 'stream');
        probes[target.name]![mode].push([baseline, measured]);
        added[target.name]![mode].push({
          p50: measured.total.p50 - baseline.total.p50,
          p99: measured.total.p99 - baseline.total.p99,
          firstByteP50: measured.firstByte.p50 - baseline.firstByte.p50,
          firstByteP99: measured.firstByte.p99 - baseline.firstByte.p99,
          pairedP50: measured.paired?.total.p50 ?? Number.NaN,
          pairedP99: measured.paired?.total.p99 ?? Number.NaN,
          pairedFirstByteP50: measured.paired?.firstByte.p50 ?? Number.NaN,
          pairedFirstByteP99: measured.paired?.firstByte.p99 ?? Number.NaN,
        });
        process.stderr.write(
          `run ${run + 1} ${target.name} ${mode} @${RATE}/s interleaved with direct: p50 ${fixed(measured.total.p50, 3)} (direct ${fixed(baseline.total.p50, 3)}) p99 ${fixed(measured.total.p99, 3)} (direct ${fixed(baseline.total.p99, 3)}) first byte p50 ${fixed(measured.firstByte.p50, 3)} (direct ${fixed(baseline.firstByte.p50, 3)}); paired added p50 ${fixed(measured.paired?.total.p50, 3)} p99 ${fixed(measured.paired?.total.p99, 3)}, first byte p99 ${fixed(measured.paired?.firstByte.p99, 3)} ms; rate ${fixed(measured.achievedRate, 0)}/s, errors ${measured.errors + measured.non2xx}\n`,
        );
      }
    }
  }

  // every parity target again at one fixed rate, below all their saturations (fixed-rate.ts)
  let atRate: { rate: number; results: RunsByTarget } | undefined;
  if (SURFACES) {
    // parity chat between the surfaces and the two chat-only processes: every compared pair runs close in time
    const order = ['parity messages', 'parity responses', 'parity', CONTROL, TRACED];
    const parityTargets = order.flatMap((name) => targets.filter((target) => target.name === name));
    const rate = fixedRate(CPU_RATE, cannon, parityTargets.map((target) => target.name));
    if (Number.isFinite(rate)) {
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      atRate = { rate, results: runAtFixedRate(parityTargets, RATE_RUNS, { connections: CONNECTIONS, seconds: RATE_SECONDS, body, rate }, log) };
    } else process.stderr.write('fixed rate: no saturation figure to derive it from (pass --cpu-rate); skipped\n');
  }

  const rss = Object.fromEntries(processes.map((target) => [target.name, rssMegabytes(target.pid) ?? null]));
  const heap: Record<string, { total: number; used: number } | null> = {};
  for (const target of processes.filter((entry) => entry.name.startsWith('parity'))) heap[target.name] = (await parityHeapMegabytes(new URL(target.url).origin)) ?? null;
  for (const child of children) child.kill('SIGTERM'); // the servers sit idle now, but measure without them
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = machineJitter();
  if (after !== undefined) jitter.push(after);

  const summary = targets.map((target) => {
    const pick = (mode: 'json' | 'stream') => {
      const addedRuns = added[target.name]![mode];
      const addedMedian = (field: keyof (typeof addedRuns)[number]) => median(addedRuns.map((result) => result[field]));
      return {
        rps: median(cannon[target.name]![mode].map((result) => result.rps)),
        cpuMicros: median(cannon[target.name]![mode].map((result) => result.cpuMicros)),
        p50: median(cannon[target.name]![mode].map((result) => result.p50)),
        p99: median(cannon[target.name]![mode].map((result) => result.p99)),
        addedP50: addedMedian('p50'),
        addedP99: addedMedian('p99'),
        addedFirstByteP50: addedMedian('firstByteP50'),
        addedFirstByteP99: addedMedian('firstByteP99'),
        pairedP50: addedMedian('pairedP50'),
        pairedP99: addedMedian('pairedP99'),
        pairedFirstByteP50: addedMedian('pairedFirstByteP50'),
        pairedFirstByteP99: addedMedian('pairedFirstByteP99'),
      };
    };
    return { name: target.name, json: pick('json'), stream: pick('stream') };
  });
  const bareRow = summary.find((row) => row.name.startsWith('bare'));
  const portkeyRow = summary.find((row) => row.name.startsWith('portkey'));
  const pad = (value: string, width: number) => value.padStart(width);
  /** Per run, the target's req/s ÷ the other's (the two ran back to back in that run). */
  const runRatios = (name: string, other: string, mode: 'json' | 'stream'): number[] => {
    const others = cannon[other]?.[mode] ?? [];
    return (cannon[name]?.[mode] ?? []).map((result, run) => result.rps / (others[run]?.rps ?? Number.NaN));
  };
  const lines = [
    `gateway bench — ${RUNS} run(s), autocannon ${CONNECTIONS} connections × ${DURATION} s; fixed-rate probe ${RATE} req/s × ${PROBE_MS / 1000} s; medians`,
    `${'target'.padEnd(22)}${pad('json req/s', 11)}${pad('p50', 6)}${pad('p99', 6)}${pad('stream req/s', 13)}${pad('p50', 6)}${pad('p99', 6)}${pad('vs bare', 9)}${pad('vs portkey', 11)}`,
  ];
  for (const row of summary) {
    const vsBare = bareRow === undefined ? '—' : `${fixed(median(runRatios(row.name, bareRow.name, 'json')) * 100, 0)}%`;
    const vsPortkey = portkeyRow === undefined ? '—' : `${fixed(median(runRatios(row.name, portkeyRow.name, 'json')), 1)}×`;
    lines.push(
      `${row.name.padEnd(22)}${pad(fixed(row.json.rps, 0), 11)}${pad(fixed(row.json.p50, 0), 6)}${pad(fixed(row.json.p99, 0), 6)}${pad(fixed(row.stream.rps, 0), 13)}${pad(fixed(row.stream.p50, 0), 6)}${pad(fixed(row.stream.p99, 0), 6)}${pad(vsBare, 9)}${pad(vsPortkey, 11)}`,
    );
  }
  lines.push(
    '',
    `added over the direct upstream at ${RATE} req/s (ms): "paired" = percentile of the per-request difference, "Δ" = difference of the percentiles`,
    `${'target'.padEnd(22)}${pad('paired p50', 11)}${pad('paired p99', 11)}${pad('Δp99', 8)}${pad('TTFB paired p50', 16)}${pad('TTFB paired p99', 16)}${pad('TTFB Δp99', 10)}`,
  );
  for (const row of summary.filter((entry) => entry.name !== targets[0]!.name && Number.isFinite(entry.json.addedP50))) {
    lines.push(
      `${row.name.padEnd(22)}${pad(fixed(row.json.pairedP50, 3), 11)}${pad(fixed(row.json.pairedP99, 3), 11)}${pad(fixed(row.json.addedP99, 3), 8)}` +
        `${pad(fixed(row.stream.pairedFirstByteP50, 3), 16)}${pad(fixed(row.stream.pairedFirstByteP99, 3), 16)}${pad(fixed(row.stream.addedFirstByteP99, 3), 10)}`,
    );
  }
  lines.push('');
  lines.push(
    `CPU per request (µs, the gateway process incl. its threads; json / stream): ${summary
      .filter((row) => Number.isFinite(row.json.cpuMicros))
      .map((row) => `${row.name} ${fixed(row.json.cpuMicros, 0)} / ${fixed(row.stream.cpuMicros, 0)}`)
      .join('; ')}`,
  );
  const pairedRatioOf = (name: string, mode: 'json' | 'stream'): string => {
    const ratios = runRatios(name, 'parity', mode);
    return ratios.length === 0 ? '—' : fixed(median(ratios), 2);
  };
  const pairedRatio = (other: string, mode: 'json' | 'stream'): string => {
    const ratios = runRatios('parity', other, mode);
    return ratios.length === 0 ? '—' : `${fixed(median(ratios), 2)} (runs ${ratios.map((ratio) => fixed(ratio, 2)).join(', ')})`;
  };
  if (bareRow !== undefined) {
    lines.push(`parity ÷ bare, paired within each run (median of the runs' ratios): json ${pairedRatio(bareRow.name, 'json')}; stream ${pairedRatio(bareRow.name, 'stream')}`);
  }
  if (portkeyRow !== undefined) {
    lines.push(`parity ÷ portkey, paired within each run: json ${pairedRatio(portkeyRow.name, 'json')}; stream ${pairedRatio(portkeyRow.name, 'stream')}`);
  }
  const megabytes = (value: number | null | undefined): string => (value === null || value === undefined ? 'unknown (process gone)' : fixed(value, 0));
  lines.push(
    `resident memory after the bench (MB, VmRSS; after start → after the bench): ${Object.entries(rss)
      .map(([name, after]) => {
        const mainHeap = heap[name];
        const heapText = mainHeap === undefined ? '' : mainHeap === null ? ' (main-thread heap: unknown, /metrics not read)' : ` (main-thread V8 heap ${fixed(mainHeap.total, 0)}, of it used ${fixed(mainHeap.used, 0)})`;
        return `${name} ${megabytes(rssAtStart[name])} → ${megabytes(after)}${heapText}`;
      })
      .join('; ')}`,
  );
  if (SURFACES) {
    /** Per run, the target's CPU per request ÷ parity chat's (the same run). */
    const cpuRatios = (name: string, mode: 'json' | 'stream'): number[] => {
      const chat = cannon.parity?.[mode] ?? [];
      return (cannon[name]?.[mode] ?? []).map((result, run) => result.cpuMicros / (chat[run]?.cpuMicros ?? Number.NaN));
    };
    const cpuRatio = (name: string, mode: 'json' | 'stream'): string => {
      const ratios = cpuRatios(name, mode);
      return `${fixed(median(ratios), 2)} (runs ${ratios.map((ratio) => fixed(ratio, 2)).join(', ')})`;
    };
    lines.push('CPU per request ÷ parity chat pass-through at saturation (each process at its own req/s), paired within each run (goals: surfaces ≤ 1.3, tracing on ≤ 1.1):');
    for (const name of ['parity messages', 'parity responses', CONTROL, TRACED]) {
      lines.push(`  ${name}: json ${cpuRatio(name, 'json')}; stream ${cpuRatio(name, 'stream')}; req/s ÷ chat json ${pairedRatioOf(name, 'json')}, stream ${pairedRatioOf(name, 'stream')}`);
    }
    if (atRate === undefined) lines.push('CPU per request at a fixed rate: not measured (no rate)');
    else lines.push(...fixedRateLines(atRate.results, atRate.rate, { runs: RATE_RUNS, seconds: RATE_SECONDS, connections: CONNECTIONS }));
  }
  if (jitter.length > 0) {
    lines.push(
      `machine jitter (a busy thread's gaps off the CPU > 0.2 ms, ${jitter[0]!.seconds} s before and after the runs): ${jitter
        .map((entry) => `${entry.gaps} gaps, ${fixed(entry.lostShare * 100, 2)}% of the time lost, p99 gap ${fixed(entry.p99Ms, 2)} ms, longest ${fixed(entry.maxMs, 2)} ms`)
        .join('; ')}`,
    );
  }
  lines.push(`load average at the end: ${loadavg().map((value) => value.toFixed(1)).join(' ')} (2 cores; other work on the machine inflates every number)`);
  lines.push('latencies in ms; throughput latencies from autocannon (whole ms), added latencies from the probe (µs timing)');
  lines.push("vs bare / vs portkey: json req/s, the median over runs of each run's ratio (the two targets ran back to back)");
  process.stdout.write(`${lines.join('\n')}\n`);
  const out = join(here, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, connections: CONNECTIONS, duration: DURATION, rate: RATE, summary, rssMegabytes: rss, rssAtStartMegabytes: rssAtStart, mainHeapMegabytes: heap, jitter, raw: { cannon, probes, added, ...(atRate === undefined ? {} : { fixedRate: atRate }) } }, null, 2)}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill('SIGTERM');
  });
