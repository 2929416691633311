/**
 * `parity data update` as a user runs it, in child processes, against a local mirror (test/helpers/data-mirror.ts):
 * the update installs and `parity track` reports the new as-of date; an unreachable mirror names every source,
 * exits 9 and leaves the installed data in use; a SIGKILL at any moment of an install leaves a data directory
 * that loads, old or new, never half, and the next update recovers.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalogDir, locateData } from '../../src/catalog/data-location.js';
import { DATA_FILES } from '../../src/catalog/data-files.js';
import { readCatalogData, readCatalogFile } from '../../src/catalog/load.js';
import { removeLeftovers } from '../../src/catalog/update/install.js';
import { freePort } from '../helpers/local-service.js';
import { buildDataMirror, startMirrorServer, type MirrorServer } from '../helpers/data-mirror.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

let mirror: MirrorServer;

beforeAll(async () => {
  const dir = temp('parity-mirror-');
  buildDataMirror(path.join(repoRoot, 'test/fixtures/catalog/shared'), dir);
  mirror = await startMirrorServer(dir);
  mirror.lastModified = 'Tue, 01 Dec 2026 08:00:00 GMT';
});

afterAll(async () => {
  await mirror.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const asOf = async (env: NodeJS.ProcessEnv): Promise<string> => {
  const track = await runCli(['track', '--json', '--method', 'threshold'], { env });
  expect(track.code, track.stderr).toBe(0);
  return (JSON.parse(track.stdout) as { asOf: string }).asOf;
};

describe('parity data update (CLI)', () => {
  it('installs from a mirror and prints what changed; an unreachable mirror names each source, exits 9 and keeps the data', async () => {
    const env = { PARITY_DATA_DIR: temp('parity-user-') };
    const bundledAsOf = await asOf(env);

    const update = await runCli(['data', 'update', '--mirror', mirror.url], { env });
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toMatch(/What changed \(data as of \d{4}-\d{2}-\d{2} → 2026-12-01\)/);
    expect(update.stdout).toMatch(/new frontier points: [1-9]/);
    expect(update.stdout).toContain('lag in months, before → after');
    expect(update.stderr).toMatch(/litellm +200 [\d.]+ KiB in [\d.]+ s +http:\/\/127\.0\.0\.1:\d+\/litellm\/model_prices_and_context_window\.json/);
    expect(await asOf(env)).toBe('2026-12-01');
    expect(bundledAsOf).not.toBe('2026-12-01');

    const closed = `http://127.0.0.1:${await freePort()}`;
    const failed = await runCli(['data', 'update', '--mirror', closed, '--retries', '0', '--json'], { env });
    expect(failed.code).toBe(9);
    const report = JSON.parse(failed.stdout) as { installed: unknown; sources: Array<{ name: string; outcome: string; reason: string | null }> };
    expect(report.installed).toBeNull();
    const updatable = report.sources.filter((source) => source.outcome !== 'bundled-only');
    expect(updatable.map((source) => source.name).sort()).toEqual(['arena-hard', 'bfcl', 'epoch', 'evalplus', 'litellm', 'lmarena', 'models-dev', 'models-dev-benchmarks', 'simple-evals']);
    for (const source of updatable) {
      expect(source, source.name).toMatchObject({ outcome: 'failed', reason: expect.stringContaining(closed) });
      expect(failed.stderr).toContain(`${source.name}`);
    }
    expect(failed.stderr).toMatch(/litellm +FAILED: http:\/\/127\.0\.0\.1:\d+\/litellm\/model_prices_and_context_window\.json: litellm: request failed/);
    expect(await asOf(env)).toBe('2026-12-01');

    const status = await runCli(['data', 'status', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    const view = JSON.parse(status.stdout) as { reading: string; lastUpdate: { complete: boolean }; sources: Array<{ name: string; asOf: string | null; lastCheck: { outcome: string } | null }> };
    expect(view.reading).toBe('user');
    expect(view.lastUpdate.complete).toBe(false);
    expect(view.sources.find((source) => source.name === 'litellm')).toMatchObject({ asOf: '2026-12-01', lastCheck: { outcome: 'failed' } });
    // a bundled-only source keeps the bundled snapshot's date, though it shares its catalog id with an updated one
    const bundledLmarena = readCatalogFile(bundledCatalogDir(), 'sources').find((source) => source.id === 'lmarena')?.snapshotDate;
    expect(bundledLmarena).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.sources.find((source) => source.name === 'lmarena-history')).toMatchObject({ asOf: bundledLmarena, lastCheck: null });

    const unknown = await runCli(['data', 'update', '--source', 'nope', '--mirror', mirror.url], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^parity: --source nope: unknown; sources: models-dev, /m);
    expect(unknown.stderr).not.toContain('updating'); // refused before anything started

    const reset = await runCli(['data', 'reset'], { env });
    expect(reset.code, reset.stderr).toBe(0);
    expect(await asOf(env)).toBe(bundledAsOf);
  }, 240_000);

  it('a SIGKILL at any moment of an install leaves a directory that loads, old or new, never half', async () => {
    const root = temp('parity-user-');
    const bundledResults = readFileSync(path.join(bundledCatalogDir(), DATA_FILES.results));
    const digest = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
    const lines = bundledResults.toString('utf8').trimEnd().split('\n');
    const variants = new Set([digest(bundledResults), digest(Buffer.from(`${[...lines.slice(0, -3), (lines[lines.length - 3] as string).replace(/,$/, ''), lines[lines.length - 1]].join('\n')}\n`))]);
    const loader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
    const seen = new Set<string>();
    for (let kill = 0; kill < 8; kill++) {
      const child = spawn(process.execPath, ['--import', loader, path.join(repoRoot, 'test/catalog/helpers/install-loop.ts'), root], { stdio: ['ignore', 'pipe', 'inherit'] });
      const installMs = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const match = /ready (\d+)/.exec(chunk.toString());
          if (match) resolve(Number(match[1]));
        });
        child.on('exit', (code) => reject(new Error(`install loop exited early (${code})`)));
      });
      // spread the kills over two installs' steps: writing files, fsync, the renames, removing old versions
      await new Promise((resolve) => setTimeout(resolve, ((kill + 0.5) / 8) * 2 * installMs));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const location = locateData(root);
      expect(location.kind).toBe('user');
      readCatalogData(location.dir); // loads, complete and consistent
      const results = digest(readFileSync(path.join(location.dir, DATA_FILES.results)));
      expect(variants.has(results)).toBe(true);
      seen.add(location.version as string);
    }
    expect(seen.size).toBeGreaterThan(1);
    // the next update clears what the killed runs left and takes over their lock
    removeLeftovers(root);
    const { child, done } = spawnCli(['data', 'update', '--mirror', mirror.url, '--source', 'arena-hard'], { env: { PARITY_DATA_DIR: root } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGKILL');
    await done;
    readCatalogData(locateData(root).dir);
    const again = await runCli(['data', 'update', '--mirror', mirror.url, '--source', 'arena-hard'], { env: { PARITY_DATA_DIR: root } });
    expect(again.code, again.stderr).toBe(0);
    expect(locateData(root).kind).toBe('user');
    readCatalogData(locateData(root).dir);
  }, 240_000);
});
