/**
 * Postgres (pg), Redis (ioredis) and the queue (bullmq) are optional back ends: a process loads them only when
 * one is configured. Checked on the modules a real child process imports (see record-imports.mjs).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const hook = pathToFileURL(new URL('./record-imports.mjs', import.meta.url).pathname).href;
const register = `data:text/javascript,import{register}from'node:module';register('${hook}');`;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OPTIONAL = /\/node_modules\/(pg|pg-pool|ioredis|bullmq)\//;

function optionalIn(stderr: string): string[] {
  const modules = stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice('loaded '.length));
  expect(modules.some((url) => url.includes('/src/'))).toBe(true);
  return [...new Set(modules.filter((url) => OPTIONAL.test(url)).map((url) => OPTIONAL.exec(url)![1] as string))];
}

async function optionalModulesLoaded(args: string[]): Promise<string[]> {
  const result = await runCli(args, { env: { NODE_OPTIONS: `--import=${register}` } });
  expect(result.code, result.stderr).toBe(0);
  return optionalIn(result.stderr);
}

describe('optional back ends', () => {
  it('importing the library entries (gateway, eval, store) loads none of them', () => {
    const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
    const entries = ['gateway', 'eval', 'store'].map((folder) => `await import(${JSON.stringify(pathToFileURL(path.join(repoRoot, `src/${folder}/index.ts`)).href)});`);
    const result = spawnSync(process.execPath, ['--import', tsx, '--import', register, '--input-type=module', '-e', entries.join('\n')], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(optionalIn(result.stderr)).toEqual([]);
  });

  it.each([['track', '--help'], ['eval', '--help'], ['worker', '--help'], ['serve', '--help'], ['track', '--dataset', 'eci', '--json']])('parity %s %s loads none of pg, ioredis, bullmq', async (...args) => {
    expect(await optionalModulesLoaded(args)).toEqual([]);
  });
});
