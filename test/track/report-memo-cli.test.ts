/**
 * The track report memo through the built CLI (bin/parity.js, whose bundle has a build id): `parity data update`
 * memoizes the version it installs and `parity track` answers from it with the bytes the full computation
 * prints; a memo is what answers while it holds (shown with a forged one), and an edited data file voids it.
 * The bundled data's memo (written by the build) is checked against the golden digest in test/golden.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FILES } from '../../src/catalog/data-files.js';
import { bundledCatalogDir, locateData } from '../../src/catalog/data-location.js';
import { contentDigest } from '../../src/catalog/file-stamp.js';
import { BUILD_ID_FILE, readMemoFile, trackMemoFile } from '../../src/track/report-memo.js';
import { writeTrackMemo } from '../../src/track/write-report-memo.js';
import { buildDataMirror, startMirrorServer, type MirrorServer } from '../helpers/data-mirror.js';
import { runCli } from '../helpers/run-cli.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'parity-memo-cli-'));
let mirror: MirrorServer;
let build: string;

beforeAll(async () => {
  // as `npm start` does: build when the sources changed since the last build
  const ensure = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-state.mjs'), '--ensure'], { cwd: repoRoot, encoding: 'utf8' });
  expect(ensure.status, `bringing the build up to date failed:\n${ensure.stderr}`).toBe(0);
  build = readFileSync(path.join(repoRoot, 'dist', 'cli-bundle', BUILD_ID_FILE), 'utf8').trim();
  const mirrorDir = path.join(scratch, 'mirror');
  buildDataMirror(path.join(repoRoot, 'test/fixtures/catalog/shared'), mirrorDir);
  mirror = await startMirrorServer(mirrorDir);
  mirror.lastModified = 'Tue, 01 Dec 2026 08:00:00 GMT';
}, 600_000);

afterAll(async () => {
  await mirror.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The built CLI, as a user runs it (not spawnSync: the mirror serves from this process). */
function builtCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/parity.js'), ...args], { cwd: repoRoot, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('the track report memo in the built CLI', () => {
  it('parity data update memoizes the version it installs; parity track prints from it what the computation prints', async () => {
    const env = { PARITY_DATA_DIR: path.join(scratch, 'user') };
    const update = await builtCli(['data', 'update', '--mirror', mirror.url], env);
    expect(update.status, update.stderr).toBe(0);
    const location = locateData(env.PARITY_DATA_DIR);
    expect(location.kind).toBe('user');
    const header = readMemoFile(trackMemoFile(location.dir))?.header;
    expect(header?.build).toBe(build);
    expect(header?.files.results?.digest).toBe(contentDigest(readFileSync(path.join(location.dir, DATA_FILES.results))));
    const fromMemo = await builtCli(['track', '--json'], env);
    expect(fromMemo.status, fromMemo.stderr).toBe(0);
    // from source there is no build id: the report is computed
    const computed = await runCli(['track', '--json'], { env });
    expect(computed.code, computed.stderr).toBe(0);
    expect(fromMemo.stdout).toBe(computed.stdout);
    expect((JSON.parse(fromMemo.stdout) as { asOf: string }).asOf).toBe('2026-12-01');
    const table = await builtCli(['track'], env);
    const computedTable = await runCli(['track'], { env });
    expect(table.stdout).toBe(computedTable.stdout);
  }, 600_000);

  it('parity track on the bundled data answers from the build’s memo: no statistics library loads, and the table is the computed one', async () => {
    // the CommonJS modules the child loaded (jStat computes the trends' intervals), listed at exit
    const hook = `data:text/javascript,${encodeURIComponent("import{createRequire}from'node:module';const r=createRequire(process.cwd()+'/');process.on('exit',()=>process.stderr.write('\\ncjs '+Object.keys(r.cache).join(' ')+'\\n'))")}`;
    const env = { PARITY_DATA_DIR: path.join(scratch, 'no-user-data'), NODE_OPTIONS: `--import=${hook}` };
    const copy = path.join(scratch, 'bundled-copy');
    for (const file of Object.values(DATA_FILES)) cpSync(path.join(bundledCatalogDir(), file), path.join(copy, file));
    const memoized = await builtCli(['track'], env);
    const computed = await builtCli(['track', '--data-dir', copy], env);
    expect(memoized.status, memoized.stderr).toBe(0);
    expect(computed.status, computed.stderr).toBe(0);
    const loaded = (run: { stderr: string }): string => /^cjs (.*)$/m.exec(run.stderr)?.[1] ?? '';
    expect(loaded(computed)).toMatch(/node_modules\/jstat\//);
    expect(loaded(memoized)).toMatch(/node_modules\/commander\//);
    expect(loaded(memoized)).not.toMatch(/node_modules\/jstat\//);
    expect(memoized.stdout).toBe(computed.stdout);
  }, 600_000);

  it('answers from a memo while it holds, and from the data once a file changed', async () => {
    const dir = path.join(scratch, 'catalog');
    for (const file of Object.values(DATA_FILES)) cpSync(path.join(bundledCatalogDir(), file), path.join(dir, file));
    const env = { PARITY_DATA_DIR: path.join(scratch, 'no-user-data') };
    const computed = await builtCli(['track', '--json', '--data-dir', dir], env); // no memo in the folder yet
    expect(computed.status, computed.stderr).toBe(0);
    expect(writeTrackMemo(dir, {}, build).written).toBe(true);
    // a forged report shows which answers: the memo (the asOf of the data is a date in 2026)
    const memoFile = trackMemoFile(dir);
    const memo = readMemoFile(memoFile);
    const forged = (memo?.body.toString('utf8') ?? '').replace(/"asOf":"[^"]+"/, '"asOf":"2030-01-01"');
    writeFileSync(memoFile, `${JSON.stringify({ ...memo?.header, report: contentDigest(Buffer.from(forged)) })}\n${forged}`);
    expect((JSON.parse((await builtCli(['track', '--json', '--data-dir', dir], env)).stdout) as { asOf: string }).asOf).toBe('2030-01-01');
    // other options are not the memo's
    const threshold = await builtCli(['track', '--json', '--method', 'threshold', '--data-dir', dir], env);
    expect((JSON.parse(threshold.stdout) as { asOf: string }).asOf).not.toBe('2030-01-01');
    // an edited data file voids it: the report is computed again, the same as before the memo
    const sources = path.join(dir, DATA_FILES.sources);
    writeFileSync(sources, `${readFileSync(sources, 'utf8')}\n`);
    const after = await builtCli(['track', '--json', '--data-dir', dir], env);
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toBe(computed.stdout);
  }, 600_000);
});
