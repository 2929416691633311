/**
 * How long the full convergence report takes on the bundled data, against the catalog load alone.
 *
 *   npm run bench:track            (= npx tsx bench/track/index.ts [--runs 5] [--json])
 *
 * Every step runs `--runs` times in this process (after one warm-up run that is not counted); the table shows
 * the median wall time, its min–max, the median CPU time (user + system; steadier than wall time on a busy
 * machine) and each step's ratio to the catalog load. The catalog cache is cleared before every load. These run
 * from src/, where there is no build record of validated data: the load validates every file with zod, as it
 * does for a user's update; the built CLI below reads the bundled files the build vouched for with JSON.parse.
 * One step reads the report from the build's memo as `parity track` does (the data files' stamps checked, the
 * memo read and parsed). Target: the full report (load + compute + reproductions + HTML) under 2 s.
 *
 * Beside it, the whole process as a user runs it: `node bin/parity.js track` (and `parity --help`, the start-up
 * floor) spawned `--runs` times after a warm-up, each with its wall time (spawn to exit), its CPU time (user +
 * system) and peak RSS (the child's own `process.resourceUsage()`, reported at exit by a one-line --import hook).
 * The build is brought up to date first (scripts/build-state.mjs); `parity track` on the bundled data answers from
 * the build's memo of the report (src/track/report-memo.ts), and the same command on a copy of data/ with no memo
 * (`--data-dir`) shows the full computation beside it. Target: `parity track` ≤ 500 ms wall on a quiet machine.
 *
 * And `npm start` as a user types it (build current, so no rebuild): from spawn to the per-domain table on
 * stdout (its bottom border) and to the dashboard's URL, `--runs` times after a warm-up; each run is then
 * stopped (SIGTERM to its process group). Target: the table in about a second.
 *
 * Every child reads the bundled data (PARITY_DATA_DIR is an empty scratch folder, so an update installed on the
 * machine is not what is measured) and writes its report and store into that folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadEciDataset } from '../../src/catalog/datasets/eci.js';
import { loadEpoch2024Dataset } from '../../src/catalog/datasets/epoch-2024.js';
import { clearCatalogCache, loadCatalog } from '../../src/catalog/load.js';
import { formatNumber, renderTable } from '../../src/cli/output.js';
import { DATA_FILES } from '../../src/catalog/data-files.js';
import { bundledCatalogDir } from '../../src/catalog/data-location.js';
import { computeTrack } from '../../src/track/compute-track.js';
import { resolveTrackOptions } from '../../src/track/options.js';
import { BUILD_ID_FILE, memoKey, readMemoFile, readTrackMemo, trackMemoFile } from '../../src/track/report-memo.js';
import { buildFullReport } from '../../src/track/full-report.js';

const TARGET_MS = 2000;
const PROCESS_TARGET_MS = 500;
const START_TABLE_TARGET_MS = 1000;
const scratch = mkdtempSync(path.join(tmpdir(), 'parity-bench-track-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const childEnv = { ...process.env, PARITY_DATA_DIR: path.join(scratch, 'no-user-data'), NO_COLOR: '1' };
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } } });
const runs = Math.max(1, Number(flags.runs) || 5);

interface Timing {
  wall: number;
  cpu: number;
}

function time(work: () => unknown): Timing {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  work();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const loadFresh = () => {
  clearCatalogCache();
  return loadCatalog();
};

// the build comes first: the whole-process figures run bin/parity.js, and the memo below is the build's
const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-state.mjs'), '--ensure'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) throw new Error('bench/track: the build failed; the whole-process figures need bin/parity.js built');
const buildId = readFileSync(path.join(repoRoot, 'dist', 'cli-bundle', BUILD_ID_FILE), 'utf8').trim();
const memo = readMemoFile(trackMemoFile(bundledCatalogDir()));
const memoState = memo === null ? 'none' : memo.header.build === buildId ? 'this build’s' : 'another build’s (not used)';
const defaultKey = memoKey(resolveTrackOptions({}), buildId);
/** The report from the build's memo, as `parity track` reads it; no memo for this build is an error, not a figure. */
const fromMemo = () => {
  const report = readTrackMemo(trackMemoFile(bundledCatalogDir()), bundledCatalogDir(), defaultKey);
  if (report === null) throw new Error(`bench/track: no memo of the report for this build (${memoState}); run npm run build`);
  return report;
};

const steps: Array<{ name: string; work: () => unknown }> = [
  { name: 'catalog load, full validation (baseline)', work: loadFresh },
  { name: 'report from the build’s memo (check + read)', work: fromMemo },
  { name: 'computeTrack (catalog already loaded)', work: () => computeTrack(loadCatalog()) },
  {
    name: 'full report: load + track + reproductions + HTML',
    work: () => buildFullReport({ catalog: loadFresh(), epoch2024: loadEpoch2024Dataset(), eci: loadEciDataset() }),
  },
];

const results = steps.map((step) => {
  step.work(); // warm-up, not counted
  const timings = Array.from({ length: runs }, () => time(step.work));
  return {
    step: step.name,
    runs,
    medianMs: median(timings.map((timing) => timing.wall)),
    minMs: Math.min(...timings.map((timing) => timing.wall)),
    maxMs: Math.max(...timings.map((timing) => timing.wall)),
    medianCpuMs: median(timings.map((timing) => timing.cpu)),
  };
});
/** Reports the child's peak RSS (KiB) and CPU time (user + system, µs) on stderr at exit. */
const USAGE_HOOK = `data:text/javascript,${encodeURIComponent("process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nparity-bench-usage '+u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)+'\\n')})")}`;

function spawnOnce(args: readonly string[]): { wallMs: number; cpuMs: number; rssMiB: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [path.join(repoRoot, 'bin/parity.js'), ...args], {
    cwd: repoRoot,
    env: { ...childEnv, NODE_OPTIONS: `--import=${USAGE_HOOK}` },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`parity ${args.join(' ')} exited ${child.status ?? child.signal}: ${child.stderr.slice(-500)}`);
  const usage = /parity-bench-usage (\d+) (\d+)/.exec(child.stderr);
  if (usage === null) throw new Error(`parity ${args.join(' ')}: the usage hook reported nothing`);
  return { wallMs, cpuMs: Number(usage[2]) / 1000, rssMiB: Number(usage[1]) / 1024 };
}

// a copy of data/ without a memo: the full computation
const unmemoized = path.join(scratch, 'data-copy');
for (const file of Object.values(DATA_FILES)) cpSync(path.join(bundledCatalogDir(), file), path.join(unmemoized, file));
const processSteps = [
  { name: 'process: parity --help (start-up floor)', args: ['--help'] },
  { name: 'process: parity track', args: ['track'] },
  { name: 'process: parity track --json', args: ['track', '--json'] },
  { name: 'process: parity track, no memo (--data-dir copy)', args: ['track', '--data-dir', unmemoized] },
];
const processResults = processSteps.map((step) => {
  spawnOnce(step.args); // warm-up (file cache), not counted
  const samples = Array.from({ length: runs }, () => spawnOnce(step.args));
  return {
    step: step.name,
    runs,
    medianMs: median(samples.map((sample) => sample.wallMs)),
    minMs: Math.min(...samples.map((sample) => sample.wallMs)),
    maxMs: Math.max(...samples.map((sample) => sample.wallMs)),
    medianCpuMs: median(samples.map((sample) => sample.cpuMs)),
    medianRssMiB: median(samples.map((sample) => sample.rssMiB)),
  };
});
const trackProcess = processResults.find((result) => result.step === 'process: parity track');

/** One `npm start`: ms from spawn to the table's bottom border on stdout, and to the dashboard's URL. */
function npmStartOnce(): Promise<{ tableMs: number; dashboardMs: number }> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['start', '--silent', '--', '--port', '0', '--html', path.join(scratch, 'report.html'), '--db', path.join(scratch, 'parity.db')];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(npm, args, { cwd: repoRoot, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let tableMs: number | null = null;
    let settled = false;
    const finish = (error: Error | null, result?: { tableMs: number; dashboardMs: number }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM'); // npm, its shell and parity
        } catch {
          // already gone
        }
      }
      child.once('close', () => (error === null && result !== undefined ? resolve(result) : reject(error ?? new Error('npm start: no figures'))));
    };
    const timer = setTimeout(() => finish(new Error(`npm start: no dashboard URL within 120 s; stderr: ${stderr.slice(-500)}`)), 120_000);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const now = performance.now() - started;
      const header = stdout.indexOf('Open vs closed');
      if (tableMs === null && header >= 0 && stdout.indexOf('└', header) >= 0) tableMs = now;
      if (tableMs !== null && stdout.includes('Dashboard: http')) finish(null, { tableMs, dashboardMs: now });
    });
    child.on('exit', (code) => {
      if (!settled) finish(new Error(`npm start exited ${code} before the dashboard URL; stderr: ${stderr.slice(-500)}`));
    });
  });
}

await npmStartOnce(); // warm-up, not counted
const npmStartSamples: Array<{ tableMs: number; dashboardMs: number }> = [];
for (let run = 0; run < runs; run += 1) npmStartSamples.push(await npmStartOnce());
const npmStartResults = (['tableMs', 'dashboardMs'] as const).map((key) => {
  const values = npmStartSamples.map((sample) => sample[key]);
  return {
    step: key === 'tableMs' ? 'process: npm start → the table' : 'process: npm start → dashboard URL',
    runs,
    medianMs: median(values),
    minMs: Math.min(...values),
    maxMs: Math.max(...values),
  };
});
const npmStartTable = npmStartResults[0];

const baseline = results[0]?.medianMs ?? 1;
const full = results[results.length - 1];

if (flags.json) {
  process.stdout.write(
    `${JSON.stringify({ targetMs: TARGET_MS, results, processTargetMs: PROCESS_TARGET_MS, memo: memoState, processResults, startTableTargetMs: START_TABLE_TARGET_MS, npmStartResults, loadavg: loadavg(), cpus: cpus().length }, null, 2)}\n`,
  );
} else {
  process.stdout.write(`parity track benchmark — median of ${runs} runs (after a warm-up); load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} on ${cpus().length} CPUs\n`);
  process.stdout.write(
    `${renderTable(
      ['step', 'median ms', 'min–max ms', 'median CPU ms', '× catalog load'],
      results.map((result) => [
        result.step,
        formatNumber(result.medianMs, 0),
        `${formatNumber(result.minMs, 0)}–${formatNumber(result.maxMs, 0)}`,
        formatNumber(result.medianCpuMs, 0),
        formatNumber(result.medianMs / baseline, 2),
      ]),
    )}\n`,
  );
  if (full) {
    const verdict = full.medianMs < TARGET_MS ? 'within' : 'over';
    process.stdout.write(`full report: ${formatNumber(full.medianMs, 0)} ms median — ${verdict} the ${TARGET_MS} ms target\n`);
  }
  process.stdout.write(
    `${renderTable(
      ['whole process', 'median wall ms', 'min–max ms', 'median CPU ms', 'median peak RSS MiB'],
      [
        ...processResults.map((result) => [
          result.step,
          formatNumber(result.medianMs, 0),
          `${formatNumber(result.minMs, 0)}–${formatNumber(result.maxMs, 0)}`,
          formatNumber(result.medianCpuMs, 0),
          formatNumber(result.medianRssMiB, 0),
        ]),
        // npm, its shell and parity: no one CPU time or peak RSS to report
        ...npmStartResults.map((result) => [result.step, formatNumber(result.medianMs, 0), `${formatNumber(result.minMs, 0)}–${formatNumber(result.maxMs, 0)}`, '—', '—']),
      ],
    )}\n`,
  );
  process.stdout.write(`track report memo for the bundled data: ${memoState}\n`);
  if (trackProcess) {
    const verdict = trackProcess.medianMs <= PROCESS_TARGET_MS ? 'within' : 'over';
    process.stdout.write(`parity track, whole process: ${formatNumber(trackProcess.medianMs, 0)} ms median wall — ${verdict} the ${PROCESS_TARGET_MS} ms target\n`);
  }
  if (npmStartTable) {
    const verdict = npmStartTable.medianMs <= START_TABLE_TARGET_MS ? 'within' : 'over';
    process.stdout.write(`npm start, to the table: ${formatNumber(npmStartTable.medianMs, 0)} ms median wall — ${verdict} the ${START_TABLE_TARGET_MS} ms target\n`);
  }
}
