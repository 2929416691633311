/**
 * Store write throughput, SQLite vs Postgres, side by side.
 *
 *   npx tsx bench/store/index.ts [--runs 5] [--scale 1] [--json]
 *
 * Each run writes into a fresh store; the table shows the median of the runs. Postgres is a throwaway
 * cluster started by test/helpers/postgres.ts with its durability settings as shipped (or the server in
 * PARITY_TEST_POSTGRES_URL); its columns are skipped, with a note, when none can be had.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { formatNumber, renderTable } from '../../src/cli/output.js';
import { openSqlStore, type SqlStore } from '../../src/store/index.js';
import { startPostgres, type PostgresServer } from '../../test/helpers/postgres.js';
import { WORKLOADS } from './workloads.js';

interface Target {
  readonly label: string;
  freshUrl(): Promise<string>;
}

interface Cell {
  workload: string;
  unit: string;
  target: string;
  items: number;
  runs: number[];
  median: number;
}

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    scale: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(flags.runs);
const scale = Number(flags.scale);
if (!Number.isInteger(runs) || runs < 1 || !(scale > 0)) {
  throw new Error('--runs must be a positive integer and --scale a positive number');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function versionOf(store: SqlStore): Promise<string> {
  const query = store.kind === 'sqlite' ? sql<{ v: string }>`select sqlite_version() as v` : sql<{ v: string }>`show server_version`;
  const { rows } = await query.execute(store.backend.db);
  const row = rows[0] as Record<string, string> | undefined;
  return row === undefined ? '?' : String(Object.values(row)[0]);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-store-'));
  let fileSerial = 0;
  const targets: Target[] = [{ label: 'SQLite', freshUrl: async () => `sqlite:${join(dir, `run-${(fileSerial += 1)}.db`)}` }];
  const notes: string[] = [];
  let server: PostgresServer | undefined;
  try {
    server = await startPostgres({ durable: true });
  } catch (error) {
    notes.push(`Postgres failed to start (${error instanceof Error ? error.message : String(error)})`);
  }
  if (server !== undefined) {
    const pg = server;
    targets.push({ label: 'Postgres', freshUrl: () => pg.createSchema() });
    targets.push({
      label: 'Postgres async commit',
      freshUrl: async () => {
        const url = new URL(await pg.createSchema());
        url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c synchronous_commit=off`.trim());
        return url.toString();
      },
    });
  } else {
    notes.push('Postgres columns skipped: no Postgres available (install postgresql or set PARITY_TEST_POSTGRES_URL).');
  }

  const versions: Record<string, string> = {};
  const cells: Cell[] = [];
  try {
    for (const workload of WORKLOADS) {
      const items = Math.max(1, Math.round(workload.items * scale));
      for (const target of targets) {
        const rates: number[] = [];
        for (let run = -1; run < runs; run += 1) {
          const store = await openSqlStore({ url: await target.freshUrl() });
          try {
            versions[target.label] ??= await versionOf(store);
            const count = run < 0 ? Math.min(items, 200) : items; // run -1 warms up and is not timed
            const started = performance.now();
            const written = await workload.run(store, count);
            const seconds = (performance.now() - started) / 1000;
            if (run >= 0) rates.push(written / seconds);
          } finally {
            await store.close();
          }
        }
        cells.push({ workload: workload.name, unit: workload.unit, target: target.label, items, runs: rates, median: median(rates) });
        if (!flags.json) process.stderr.write(`  ${workload.name} on ${target.label}: ${formatNumber(median(rates), 0)} ${workload.unit}\n`);
      }
    }
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const environment = {
    node: process.version,
    cpus: cpus().length,
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
    versions,
    runs,
    scale,
    settings: {
      SQLite: 'WAL, synchronous=NORMAL (durable against process crashes, not power loss), one connection',
      Postgres: 'as shipped: fsync on, synchronous_commit on; pool of 10',
      'Postgres async commit': 'synchronous_commit=off for the session (closest to SQLite NORMAL)',
    },
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ environment, notes, cells }, null, 2)}\n`);
    return;
  }
  const labels = targets.map((target) => target.label);
  const rows = WORKLOADS.map((workload) => {
    const rate = (label: string): number | undefined =>
      cells.find((cell) => cell.workload === workload.name && cell.target === label)?.median;
    const sqlite = rate('SQLite');
    const postgres = rate('Postgres');
    const ratio = sqlite !== undefined && postgres !== undefined && postgres > 0 ? `${formatNumber(sqlite / postgres, 1)}×` : '—';
    return [`${workload.name} [${workload.unit}]`, ...labels.map((label) => formatNumber(rate(label), 0)), ratio];
  });
  process.stdout.write(`\nStore write throughput — median of ${runs} runs, fresh store each run\n`);
  process.stdout.write(`${renderTable(['workload', ...labels, 'SQLite ÷ Postgres'], rows)}\n`);
  process.stdout.write(
    `node ${environment.node}, ${environment.cpus} CPUs, load ${environment.loadAverage1m}; ` +
      `${Object.entries(versions).map(([label, version]) => `${label} ${version}`).join(', ')}\n`,
  );
  for (const [label, setting] of Object.entries(environment.settings)) {
    if (labels.includes(label)) process.stdout.write(`  ${label}: ${setting}\n`);
  }
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
}

await main();
