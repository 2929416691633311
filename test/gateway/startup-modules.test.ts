/**
 * `parity serve` loads what a running gateway uses: without a cascade, a privacy rule or the dashboard it loads
 * neither eval's index nor route's index (training, evaluation, reports), nor the personal-data detector
 * (libphonenumber-js), nor the dashboard — each a few MB of resident memory for the life of the process. Checked on
 * the modules a real `parity serve` process imports (test/cli/record-imports.mjs); with a cascade and a privacy
 * rule configured, the verifiers and the detector do load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';

const hook = pathToFileURL(new URL('../cli/record-imports.mjs', import.meta.url).pathname).href;
const register = `data:text/javascript,import{register}from'node:module';register('${hook}');`;

/** Starts `parity serve` with `lines` as its config, waits until it listens, stops it; the modules it loaded. */
async function modulesOfServe(lines: string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-startup-'));
  const config = join(dir, 'gateway.yaml');
  writeFileSync(config, [...lines, `store: { url: "sqlite:${join(dir, 'parity.db')}" }`].join('\n'));
  const { child, done } = spawnCli(['serve', '--config', config, '--port', '0', '--json'], { env: { NODE_OPTIONS: `--import=${register}`, PARITY_ADMIN_TOKEN: '' } });
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"baseURL"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`parity serve exited with ${code} before listening`)));
  });
  child.kill('SIGTERM');
  const result = await done;
  const modules = result.stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice('loaded '.length));
  expect(modules.some((url) => url.includes('/src/gateway/server.ts'))).toBe(true);
  return modules;
}

const heavy = (modules: string[]) => ({
  eval: modules.some((url) => url.endsWith('/src/eval/index.ts')), // the store reads eval's records/ (the run shapes) only
  routeIndex: modules.some((url) => url.endsWith('/src/route/index.ts')),
  phoneNumbers: modules.some((url) => url.includes('/node_modules/libphonenumber-js/')),
  dashboard: modules.some((url) => url.includes('/src/dashboard/')),
});

describe('parity serve start-up', () => {
  it('loads neither eval, route\'s index, the personal-data detector nor the dashboard when none is used', async () => {
    const modules = await modulesOfServe(['upstreams:', '  local: { baseUrl: "http://127.0.0.1:9/v1" }', 'models: { main: local/m }']);
    expect(heavy(modules)).toEqual({ eval: false, routeIndex: false, phoneNumbers: false, dashboard: false });
  });

  it('loads the verifiers and the detector when a cascade and a privacy rule are configured', async () => {
    const modules = await modulesOfServe([
      'upstreams:',
      '  local: { baseUrl: "http://127.0.0.1:9/v1", selfHosted: true }',
      'cascades:',
      '  checked: { steps: [local/a, local/b], verifier: { kind: json } }',
      'privacy: { action: pin }',
    ]);
    expect(heavy(modules)).toMatchObject({ eval: true, routeIndex: true, phoneNumbers: true, dashboard: false });
  });
});
