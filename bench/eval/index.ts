/**
 * Eval throughput bench: parity against promptfoo on the same 10,000 single-grader cases, the same instant local
 * OpenAI-compatible upstream and the same concurrency, each tool's real CLI as its own child process.
 *
 *   npm run bench:eval -- [--cases 10000] [--runs 3] [--promptfoo-runs 1] [--concurrency 4,16]
 *                         [--flat-cases 100000] [--flat-runs 3] [--quick] [--no-promptfoo] [--no-build]
 *
 * For each tool × concurrency: cases/s (cases ÷ wall time from spawn to exit, start-up included), CPU time per
 * case (user + system; steadier than wall time on a busy machine), peak RSS (GNU time's ru_maxrss, else VmHWM);
 * medians over the runs, and the ratios parity ÷ promptfoo. Then parity's memory flatness: median peak RSS at
 * --flat-cases (over --flat-runs runs, default --runs) against the median at --cases. Every run is checked: the tool must report every case passed and the upstream
 * must have served exactly one completion per case. Goal: ≥ 10× promptfoo's cases/s, ≤ ⅓ of its peak RSS, and
 * peak RSS at 100,000 cases ≈ at 10,000. `--quick`: 2,000 cases, one run each, flatness at 20,000 (at 2,000 cases
 * each tool's start-up is most of its run, so quick ratios understate the per-case difference; the 1-case start-up
 * rows show that fixed cost: time, CPU ms and peak RSS).
 * promptfoo is installed by the bench (promptfoo-side.ts); if that fails, the reason is printed, never numbers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatNumber, renderTable } from '../../src/cli/output.js';
import { HAS_GNU_TIME } from './measure.js';
import { runParity, type ToolRun } from './parity-side.js';
import { installPromptfoo, runPromptfoo, type PromptfooInstall } from './promptfoo-side.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(here, '../..');

const { values: flags } = parseArgs({
  options: {
    cases: { type: 'string' },
    runs: { type: 'string' },
    'promptfoo-runs': { type: 'string' },
    concurrency: { type: 'string', default: '4,16' },
    'flat-cases': { type: 'string' },
    'flat-runs': { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-promptfoo': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const positive = (value: string | undefined, fallback: number): number => {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number >= 0 ? number : fallback;
};
const CASES = positive(flags.cases, flags.quick ? 2000 : 10_000);
const RUNS = Math.max(1, positive(flags.runs, flags.quick ? 1 : 3));
const PROMPTFOO_RUNS = positive(flags['promptfoo-runs'], 1);
const FLAT_CASES = positive(flags['flat-cases'], flags.quick ? 20_000 : 100_000);
const FLAT_RUNS = Math.max(1, positive(flags['flat-runs'], RUNS));
const CONCURRENCIES = flags.concurrency.split(',').map((part) => positive(part.trim(), 0)).filter((value) => value > 0);
const WITH_PROMPTFOO = !flags['no-promptfoo'] && PROMPTFOO_RUNS > 0;
const RUN_TIMEOUT_MS = 30 * 60_000;

const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function startUpstream(): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'upstream.ts')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the upstream exited with ${code}`)));
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Cell {
  tool: 'parity' | 'promptfoo';
  concurrency: number;
  runs: ToolRun[];
}

const problems: string[] = [];
/** load average (1 min) when each run ended */
const loadAt = new Map<ToolRun, number>();
function check(tool: string, run: ToolRun): ToolRun {
  loadAt.set(run, loadavg()[0]!);
  const what = `${tool} ${run.cases} cases at concurrency ${run.concurrency}`;
  if (run.code !== 0) problems.push(`${what}: exit code ${run.code}: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  else if (run.passed !== run.cases) problems.push(`${what}: reported ${run.passed ?? 'no'} passes, expected ${run.cases}`);
  if (run.served !== run.cases) problems.push(`${what}: the upstream served ${run.served} completions, expected ${run.cases}`);
  log(
    `  ${tool.padEnd(9)} c=${String(run.concurrency).padEnd(3)} ${run.cases} cases: ${formatNumber(run.wallMs / 1000, 1)} s wall, ` +
      `${formatNumber((run.cases * 1000) / run.wallMs, 0)} cases/s, ${formatNumber(run.cpuMs / run.cases, 2)} CPU ms/case, ` +
      `peak ${formatNumber(run.peakRssMb, 0)} MB (load ${load()})`,
  );
  return run;
}

const rate = (run: ToolRun) => (run.cases * 1000) / run.wallMs;
const summary = (cell: Cell | undefined) =>
  cell && cell.runs.length > 0
    ? {
        casesPerSecond: median(cell.runs.map(rate)),
        cpuMsPerCase: median(cell.runs.map((run) => run.cpuMs / run.cases)),
        peakRssMb: median(cell.runs.map((run) => run.peakRssMb)),
      }
    : undefined;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const loadBefore = load();
  log(`eval bench: ${CASES} cases, concurrency ${CONCURRENCIES.join(', ')}, parity ×${RUNS}, promptfoo ×${WITH_PROMPTFOO ? PROMPTFOO_RUNS : 0}; ${cpus().length} CPUs, load ${loadBefore}`);
  if (!flags['no-build']) {
    log('building parity (npm run build)…');
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  let promptfoo: PromptfooInstall = { ok: false, version: null, nodeVersion: null, reason: 'skipped (--no-promptfoo)' };
  if (WITH_PROMPTFOO) {
    promptfoo = installPromptfoo(log);
    if (!promptfoo.ok) log(`promptfoo cannot run here: ${promptfoo.reason}`);
  }
  const port = await startUpstream();
  const servedSoFar = async () => ((await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { served: number }).served;
  const common = { port, servedSoFar, timeoutMs: RUN_TIMEOUT_MS };

  log('warm-up (not counted)…');
  await runParity({ ...common, repoRoot, cases: 200, concurrency: CONCURRENCIES[0]! });
  if (promptfoo.ok) await runPromptfoo({ ...common, cases: 200, concurrency: CONCURRENCIES[0]! });
  // one case: each tool's fixed cost (start-up time and memory) that every run pays
  const startup = {
    parity: check('parity', await runParity({ ...common, repoRoot, cases: 1, concurrency: 1 })),
    promptfoo: promptfoo.ok ? check('promptfoo', await runPromptfoo({ ...common, cases: 1, concurrency: 1 })) : undefined,
  };

  const cells: Cell[] = CONCURRENCIES.flatMap((concurrency) => [
    { tool: 'parity' as const, concurrency, runs: [] },
    { tool: 'promptfoo' as const, concurrency, runs: [] },
  ]);
  const cell = (tool: Cell['tool'], concurrency: number) => cells.find((entry) => entry.tool === tool && entry.concurrency === concurrency)!;
  // interleaved, so both tools see the same machine load
  for (let round = 0; round < Math.max(RUNS, promptfoo.ok ? PROMPTFOO_RUNS : 0); round++) {
    for (const concurrency of CONCURRENCIES) {
      if (round < RUNS) cell('parity', concurrency).runs.push(check('parity', await runParity({ ...common, repoRoot, cases: CASES, concurrency })));
      if (promptfoo.ok && round < PROMPTFOO_RUNS) cell('promptfoo', concurrency).runs.push(check('promptfoo', await runPromptfoo({ ...common, cases: CASES, concurrency })));
    }
  }
  const flatConcurrency = Math.max(...CONCURRENCIES);
  const flatRuns: ToolRun[] = [];
  for (let round = 0; FLAT_CASES > 0 && round < FLAT_RUNS; round++) flatRuns.push(check('parity', await runParity({ ...common, repoRoot, cases: FLAT_CASES, concurrency: flatConcurrency })));
  const flat = flatRuns.length > 0 ? summary({ tool: 'parity', concurrency: flatConcurrency, runs: flatRuns }) : undefined;

  const rows: Array<Array<string | number>> = [];
  const results: Record<string, unknown>[] = [];
  for (const concurrency of CONCURRENCIES) {
    const ours = summary(cell('parity', concurrency));
    const theirs = summary(cell('promptfoo', concurrency));
    for (const [tool, figures, runs] of [['parity', ours, RUNS], ['promptfoo', theirs, cell('promptfoo', concurrency).runs.length]] as const) {
      rows.push([tool, concurrency, runs, figures ? formatNumber(figures.casesPerSecond, 0) : '—', figures ? formatNumber(figures.cpuMsPerCase, 2) : '—', figures ? formatNumber(figures.peakRssMb, 0) : '—']);
      const perRun = cell(tool, concurrency).runs.map((run) => ({ wallMs: Math.round(run.wallMs), cpuMs: run.cpuMs, peakRssMb: Math.round(run.peakRssMb), load1: loadAt.get(run) }));
      results.push({ tool, concurrency, runs, cases: CASES, ...figures, perRun });
    }
    if (ours && theirs) {
      const speed = ours.casesPerSecond / theirs.casesPerSecond;
      const memory = ours.peakRssMb / theirs.peakRssMb;
      rows.push([
        'parity ÷ promptfoo',
        concurrency,
        '',
        `${formatNumber(speed, 1)}× ${speed >= 10 ? '(goal ≥10× met)' : '(goal ≥10× missed)'}`,
        `${formatNumber(theirs.cpuMsPerCase / ours.cpuMsPerCase, 1)}× less CPU`,
        `${formatNumber(memory, 2)} ${memory <= 1 / 3 ? '(goal ≤0.33 met)' : '(goal ≤0.33 missed)'}`,
      ]);
    }
  }
  for (const [tool, run] of Object.entries(startup)) {
    if (run) rows.push([`${tool} start-up (1 case)`, 1, 1, `${formatNumber(run.wallMs / 1000, 1)} s wall`, formatNumber(run.cpuMs, 0), formatNumber(run.peakRssMb, 0)]);
  }
  const base = summary(cell('parity', flatConcurrency));
  if (flat && base) {
    const ratio = flat.peakRssMb / base.peakRssMb;
    rows.push([
      `parity flatness ${FLAT_CASES} ÷ ${CASES} cases`,
      flatConcurrency,
      flatRuns.length,
      `${formatNumber(flat.casesPerSecond, 0)} at ${FLAT_CASES}`,
      formatNumber(flat.cpuMsPerCase, 2),
      `${formatNumber(flat.peakRssMb, 0)} ÷ ${formatNumber(base.peakRssMb, 0)} = ${formatNumber(ratio, 2)} ${ratio <= 1.2 ? '(goal ≤1.2 met)' : '(goal ≤1.2 missed)'}`,
    ]);
  }
  const table = renderTable(['tool', 'concurrency', 'runs', 'cases/s (median)', 'CPU ms/case', 'peak RSS MB'], rows);
  process.stdout.write(`\n${table}\n`);
  const minutes = (Date.now() - startedAt) / 60_000;
  process.stdout.write(
    `${CASES} single-grader (equals) cases per run against an instant local upstream; cases/s = cases ÷ wall time of the CLI process ` +
      `(start-up included); peak RSS by ${HAS_GNU_TIME ? 'GNU time (ru_maxrss)' : '/proc VmHWM polling'}. ` +
      `promptfoo ${promptfoo.ok ? `${promptfoo.version} on Node ${promptfoo.nodeVersion}` : `not measured: ${promptfoo.reason}`}; parity on Node ${process.version}. ` +
      `${cpus().length} CPUs, load average ${loadBefore} at start, ${load()} at end; ${formatNumber(minutes, 1)} min.\n`,
  );
  for (const problem of problems) process.stdout.write(`INVALID: ${problem}\n`);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(
    join(here, 'results/latest.json'),
    `${JSON.stringify({ date: new Date().toISOString(), command: `npm run bench:eval${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`, table: table.split('\n'), cases: CASES, startup: Object.fromEntries(Object.entries(startup).map(([tool, run]) => [tool, run ? { wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssMb: run.peakRssMb } : null])), concurrency: CONCURRENCIES, loadBefore, loadAfter: load(), cpus: cpus().length, promptfoo, results, flatness: flat && base ? { cases: FLAT_CASES, runs: flatRuns.length, peakRssMb: flat.peakRssMb, baseCases: CASES, basePeakRssMb: base.peakRssMb, perRun: flatRuns.map((run) => ({ wallMs: Math.round(run.wallMs), cpuMs: run.cpuMs, peakRssMb: Math.round(run.peakRssMb), load1: loadAt.get(run) })) } : null, problems }, null, 2)}\n`,
  );
  if (problems.length > 0) process.exitCode = 1;
}

main().then(
  // the upstream child and fetch's keep-alive socket would keep the process alive
  () => process.exit(),
  (error: unknown) => {
    log(`eval bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
