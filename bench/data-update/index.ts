/**
 * `parity data update` of every source from a local mirror, and `parity track` on the updated data against the
 * bundled data — whole processes of the built CLI (`node bin/parity.js`), as a user runs them.
 *
 *   npm run bench:data-update        (= npm run build && npx tsx bench/data-update/index.ts [--shared DIR] [--runs 5] [--json])
 *
 * The mirror is built from the full shared data (../shared/data) in the layout `parity data update --mirror`
 * reads (test/helpers/data-mirror.ts) and served on 127.0.0.1. Each update starts from an empty user data
 * directory (every file downloaded, every source imported, merged and installed). The track runs are paired:
 * bundled then updated, `--runs` times, interleaved so both see the same machine load.
 * Targets: the update under 30 s (median); track on the updated data within 1.25× of the bundled median.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatNumber, renderTable } from '../../src/cli/output.js';
import { buildDataMirror, startMirrorServer } from '../../test/helpers/data-mirror.js';

const UPDATE_TARGET_MS = 30_000;
const TRACK_RATIO_TARGET = 1.25;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    shared: { type: 'string', default: path.resolve(repoRoot, '../shared/data') },
    runs: { type: 'string', default: '5' },
    updates: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(flags.runs) || 5);
const updates = Math.max(1, Number(flags.updates) || 3);
if (!existsSync(flags.shared)) {
  process.stderr.write(`bench/data-update needs the shared data (${flags.shared}); pass --shared DIR\n`);
  process.exit(2);
}
if (!existsSync(path.join(repoRoot, 'dist/cli/main.js'))) {
  process.stderr.write('run `npm run build` first (the bench times the built CLI)\n');
  process.exit(2);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs the built CLI to completion (asynchronously: the mirror is served by this process). */
async function cli(args: string[], dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/parity.js'), ...args], { env: { ...process.env, PARITY_DATA_DIR: dataDir }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`parity ${args.join(' ')} exited ${code}: ${stderr}`);
  return elapsed;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'parity-bench-data-'));
const mirrorDir = path.join(scratch, 'mirror');
const files = buildDataMirror(flags.shared, mirrorDir);
const mirror = await startMirrorServer(mirrorDir);
try {
  const updateMs: number[] = [];
  let updated = '';
  for (let run = 0; run < updates; run++) {
    updated = path.join(scratch, `user-${run}`);
    updateMs.push(await cli(['data', 'update', '--mirror', mirror.url, '--json'], updated));
  }
  const empty = path.join(scratch, 'none'); // no update installed: the bundled data
  await cli(['track', '--json'], empty); // warm-up (file cache)
  await cli(['track', '--json'], updated);
  const bundledMs: number[] = [];
  const updatedMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    bundledMs.push(await cli(['track', '--json'], empty));
    updatedMs.push(await cli(['track', '--json'], updated));
  }
  const result = {
    mirrorFiles: files.length,
    update: { runs: updates, medianMs: median(updateMs), minMs: Math.min(...updateMs), maxMs: Math.max(...updateMs), targetMs: UPDATE_TARGET_MS },
    track: { runs, bundledMedianMs: median(bundledMs), updatedMedianMs: median(updatedMs), ratio: median(updatedMs) / median(bundledMs), targetRatio: TRACK_RATIO_TARGET },
    loadavg: loadavg(),
    cpus: cpus().length,
  };
  const pass = result.update.medianMs < UPDATE_TARGET_MS && result.track.ratio <= TRACK_RATIO_TARGET;
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...result, pass }, null, 2)}\n`);
  else {
    process.stdout.write(`parity data update bench — ${files.length} mirror files; load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} on ${cpus().length} CPUs\n`);
    process.stdout.write(
      `${renderTable(
        ['measure', 'median ms', 'min–max ms', 'target'],
        [
          [`data update, all sources (${updates} runs, empty user dir)`, formatNumber(result.update.medianMs, 0), `${formatNumber(result.update.minMs, 0)}–${formatNumber(result.update.maxMs, 0)}`, `< ${UPDATE_TARGET_MS} ms`],
          [`track --json on bundled data (${runs} runs)`, formatNumber(result.track.bundledMedianMs, 0), `${formatNumber(Math.min(...bundledMs), 0)}–${formatNumber(Math.max(...bundledMs), 0)}`, ''],
          [`track --json on updated data (${runs} runs, paired)`, formatNumber(result.track.updatedMedianMs, 0), `${formatNumber(Math.min(...updatedMs), 0)}–${formatNumber(Math.max(...updatedMs), 0)}`, `≤ ${TRACK_RATIO_TARGET}× bundled`],
        ],
      )}\n`,
    );
    process.stdout.write(`updated / bundled: ${result.track.ratio.toFixed(2)}× — ${pass ? 'within the targets' : 'OUTSIDE the targets'}\n`);
  }
  process.exitCode = pass ? 0 : 1;
} finally {
  await mirror.close();
  rmSync(scratch, { recursive: true, force: true });
}
