/**
 * In-process routing decision latency: `policy.decide(prompt)` for each router model kind and for a ladder over
 * three models (`route train --models`), against the length router (the cheapest useful baseline: one comparison
 * on the prompt's length).
 *
 *   npm run build && npx tsx bench/route/index.ts [--runs 7] [--calls 20000] [--max-chars N] [--json]
 *
 * The routers are loaded from the build (dist/), which is what `parity serve` runs: under tsx every call
 * across modules goes through a getter and costs several times more.
 *
 * Policies are trained on the test fixture (AlpacaEval subset). Two prompt sets, cycled: "typical" = the
 * fixture prompts of both formats (AlpacaEval and arena-bench questions), "long" = a 6 kB code review and a
 * 20 kB document (only maxChars characters are scanned: the default's, or --max-chars). Each run times every
 * call with process.hrtime.bigint() (~0.05 µs of the time measured) after a warm-up; the table shows the median over runs of each run's p50, p99 and
 * max (max is mostly the scheduler on a shared machine). Target: p99 under 50 µs for the default policy.
 *
 * The last row is the machine, not a router: fixed arithmetic work (no allocation, no memory traffic) sized so
 * its p50 matches the default policy's on long prompts, timed the same way. Its p99 shows what the machine alone
 * does to a call of that length. On the shared 2-core VM of bench/route/README.md the process lost the CPU for
 * ~35 µs about 1,300 times a second (other work on the machine), so once calls take more than ~7 µs, over 1% of
 * them are hit and p99 jumps from about p50 to about p50 + 35 µs, whatever the call does.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { formatNumber, renderTable } from '../../src/cli/output.js';
import type * as RouteLibraryModule from '../../src/route/index.js';
import { ALPACA, REPO_ROOT, SINGLE_SCORE } from '../../test/route/helpers.js';

type RouteLibrary = typeof RouteLibraryModule;

const built = `${REPO_ROOT}/dist/route/index.js`;
if (!existsSync(built)) {
  process.stderr.write('bench/route measures the build: run `npm run build` first\n');
  process.exit(1);
}
const { buildLadderDataset, buildPairDataset, readJudgements, DEFAULT_FEATURE_CONFIG, ROUTER_MODEL_KINDS, parseLadderPolicy, parsePolicy, trainLadderPolicy, trainPolicy } = (await import(built)) as RouteLibrary;

const TARGET_P99_US = 50;
const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '7' }, calls: { type: 'string', default: '20000' }, 'max-chars': { type: 'string' }, json: { type: 'boolean', default: false } } });
const runs = Math.max(1, Number(flags.runs) || 7);
const calls = Math.max(100, Number(flags.calls) || 20_000);
const features = flags['max-chars'] === undefined ? DEFAULT_FEATURE_CONFIG : { ...DEFAULT_FEATURE_CONFIG, maxChars: Math.max(16, Number(flags['max-chars']) || DEFAULT_FEATURE_CONFIG.maxChars) };

const alpaca = readJudgements({ format: 'alpaca-eval', ...ALPACA });
const single = readJudgements({ format: 'single-score', ...SINGLE_SCORE });
const codeReview = `Review this TypeScript module and point out bugs:\n\`\`\`ts\n${'export function add(a: number, b: number): number { return a + b; }\n'.repeat(90)}\`\`\``;
const document = `Summarise the following report in five bullet points.\n\n${'The quarterly revenue grew by 12% while costs stayed flat, driven by enterprise renewals. '.repeat(230)}`;
const typical = [...alpaca.prompts.values(), ...single.prompts.values()];
const long = [codeReview, document];

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface Stats {
  p50: number;
  p99: number;
  max: number;
}

function measure(prompts: readonly string[], decide: (prompt: string) => unknown): Stats {
  const perRun: Stats[] = [];
  for (let warm = 0; warm < 2000; warm++) decide(prompts[warm % prompts.length] as string);
  for (let run = 0; run < runs; run++) {
    const micros = new Float64Array(calls);
    for (let call = 0; call < calls; call++) {
      const prompt = prompts[call % prompts.length] as string;
      const start = process.hrtime.bigint();
      decide(prompt);
      micros[call] = Number(process.hrtime.bigint() - start) / 1000;
    }
    micros.sort();
    perRun.push({ p50: percentile(micros, 0.5), p99: percentile(micros, 0.99), max: micros[micros.length - 1] ?? Number.NaN });
  }
  return { p50: median(perRun.map((stats) => stats.p50)), p99: median(perRun.map((stats) => stats.p99)), max: median(perRun.map((stats) => stats.max)) };
}

const dataset = buildPairDataset(alpaca, { weak: 'gemma-7b-it', strong: 'gpt4_1106_preview' });
const results: Array<{ router: string; prompts: 'typical' | 'long'; policyBytes: number | null } & Stats> = [];
const lengthThreshold = 400;
const lengthRouter = (prompt: string): string => (prompt.length > lengthThreshold ? 'strong' : 'weak');
results.push({ router: 'length (baseline)', prompts: 'typical', policyBytes: null, ...measure(typical, lengthRouter) });
results.push({ router: 'length (baseline)', prompts: 'long', policyBytes: null, ...measure(long, lengthRouter) });
for (const kind of ROUTER_MODEL_KINDS) {
  const json = trainPolicy(dataset, {
    model: kind,
    features,
    folds: 5,
    seed: 1,
    usePeers: true,
    target: { kind: 'min-pgr', value: 0.8 },
    source: { format: 'alpaca-eval', judgements: { name: 'alpaca-eval-judgments.csv', sha256: '0'.repeat(64) }, prompts: null },
  });
  const policy = parsePolicy(JSON.parse(JSON.stringify(json)));
  const router = `${kind}${kind === 'logistic' ? ' (default)' : ''}`;
  const policyBytes = JSON.stringify(json).length;
  results.push({ router, prompts: 'typical', policyBytes, ...measure(typical, (prompt) => policy.decide(prompt)) });
  results.push({ router, prompts: 'long', policyBytes, ...measure(long, (prompt) => policy.decide(prompt)) });
}

// a ladder over three models (k-model router): one scan, one scorer per model but the last
{
  const ladder = buildLadderDataset(alpaca, { models: ['gemma-7b-it', 'gpt-3.5-turbo-1106', 'gpt4_1106_preview'] });
  const json = trainLadderPolicy(ladder, {
    model: 'logistic',
    features,
    folds: 5,
    seed: 1,
    target: { kind: 'min-pgr', value: 0.8 },
    source: { format: 'alpaca-eval', judgements: { name: 'alpaca-eval-judgments.csv', sha256: '0'.repeat(64) }, prompts: null },
  });
  const policy = parseLadderPolicy(JSON.parse(JSON.stringify(json)));
  const policyBytes = JSON.stringify(json).length;
  results.push({ router: 'ladder, 3 models', prompts: 'typical', policyBytes, ...measure(typical, (prompt) => policy.decide(prompt)) });
  results.push({ router: 'ladder, 3 models', prompts: 'long', policyBytes, ...measure(long, (prompt) => policy.decide(prompt)) });
}

/** Fixed arithmetic work: no allocation, no memory traffic, only the machine's own interruptions. */
let sink = 0;
function arithmetic(iterations: number): void {
  let value = sink;
  for (let step = 0; step < iterations; step++) value = Math.imul(value ^ step, 0x01000193);
  sink = value;
}

/** Iterations of arithmetic() whose median call takes about `targetUs` µs. */
function calibrate(targetUs: number): number {
  let iterations = 1000;
  for (let round = 0; round < 6; round++) {
    const micros = new Float64Array(2000);
    for (let call = 0; call < micros.length; call++) {
      const start = process.hrtime.bigint();
      arithmetic(iterations);
      micros[call] = Number(process.hrtime.bigint() - start) / 1000;
    }
    micros.sort();
    iterations = Math.max(1, Math.round((iterations * targetUs) / Math.max(0.01, percentile(micros, 0.5))));
  }
  return iterations;
}

const defaultLong = results.find((result) => result.router === 'logistic (default)' && result.prompts === 'long');
if (defaultLong) {
  const iterations = calibrate(defaultLong.p50);
  results.push({ router: 'arithmetic (the machine)', prompts: 'long', policyBytes: null, ...measure(long, () => arithmetic(iterations)) });
}

if (flags.json) {
  process.stdout.write(`${JSON.stringify({ runs, calls, maxChars: features.maxChars, prompts: { typical: typical.length, long: long.length }, targetP99Us: TARGET_P99_US, results }, null, 2)}\n`);
} else {
  const lengthP99 = (set: string): number => results.find((result) => result.prompts === set)?.p99 ?? Number.NaN;
  process.stdout.write(
    `${renderTable(
      ['router', 'prompts', 'p50 µs', 'p99 µs', 'max µs', 'p99 vs length', 'policy size'],
      results.map((result) => [
        result.router,
        result.prompts,
        formatNumber(result.p50, 2),
        formatNumber(result.p99, 2),
        formatNumber(result.max, 1),
        `${formatNumber(result.p99 / lengthP99(result.prompts), 0)}×`,
        result.policyBytes === null ? '—' : `${formatNumber(result.policyBytes / 1024, 0)} KiB`,
      ]),
    )}\n` +
      `typical: ${typical.length} prompts (${Math.min(...typical.map((prompt) => prompt.length))}–${Math.max(...typical.map((prompt) => prompt.length))} chars); long: ${long.map((prompt) => prompt.length).join(', ')} chars (${features.maxChars} scanned); ${calls} calls per run, median of ${runs} runs; ` +
      `target: p99 < ${TARGET_P99_US} µs for the default policy; Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}\n`,
  );
}
