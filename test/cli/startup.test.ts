/**
 * `parity --help` and a command's own help load only what they show: the root help loads no command module (no
 * catalog, no zod), and `parity catalog --help` loads the catalog command and not the others. Checked on the
 * modules a real child process imports, not on a time.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const hook = pathToFileURL(new URL('./record-imports.mjs', import.meta.url).pathname).href;
const register = `data:text/javascript,import{register}from'node:module';register('${hook}');`;

async function loadedModules(args: string[]): Promise<{ stdout: string; modules: string[] }> {
  const result = await runCli(args, { env: { NODE_OPTIONS: `--import=${register}` } });
  expect(result.code, result.stderr).toBe(0);
  const modules = result.stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice('loaded '.length));
  expect(modules.length).toBeGreaterThan(0);
  return { stdout: result.stdout, modules };
}

describe('start-up', () => {
  it('parity --help lists every command without loading any command module', async () => {
    const { stdout, modules } = await loadedModules(['--help']);
    expect(stdout).toContain('catalog');
    expect(stdout).toContain('Examples');
    expect(modules.filter((url) => /\/src\/cli\/commands\/(?!index)|\/node_modules\/zod\/|\/src\/catalog\//.test(url))).toEqual([]);
  });

  it('parity track loads what the table needs: no eval registry, YAML parser, chart library or HTML renderer', async () => {
    const { stdout, modules } = await loadedModules(['track']);
    expect(stdout).toContain('Open vs closed');
    expect(modules.some((url) => url.endsWith('/src/track/compute-track.ts'))).toBe(true);
    const needless = modules.filter((url) =>
      /\/src\/eval\/|\/src\/track\/report\/html|\/node_modules\/(yaml|@observablehq|d3-[a-z-]+|linkedom|openai|undici|kysely|better-sqlite3)\//.test(url),
    );
    expect(needless).toEqual([]);
  });

  it('parity catalog --help loads the catalog command and no other', async () => {
    const { stdout, modules } = await loadedModules(['catalog', '--help']);
    expect(stdout).toContain('parity catalog doctor');
    const commands = modules.flatMap((url) => /\/src\/cli\/commands\/([a-z-]+)\.ts/.exec(url)?.[1] ?? []);
    expect(new Set(commands)).toEqual(new Set(['index', 'catalog']));
  });
});
