/**
 * What `npm start` (`parity start`) and `parity track` print fits the terminal: every line within COLUMNS, the
 * folded table still names every domain and moves the sources to footnotes; piped output fits 100 columns;
 * `--wide` prints the full table. A busy port is named with the way out, in lines that fit too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_IDS } from '../../src/catalog/schema.js';
import { runCli } from '../helpers/run-cli.js';

const widest = (text: string): number => Math.max(0, ...text.split('\n').map((line) => [...line].length));

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'parity-width-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// each test spawns the CLI up to three times: generous bounds for a busy machine (no time is asserted)
const SPAWNS_TIMEOUT_MS = 180_000;

describe('terminal width', () => {
  it('parity start in an 80-column terminal: every line fits, every domain is there, sources become footnotes', async () => {
    const run = await runCli(['start', '--html', path.join(scratch, 'start.html')], { env: { COLUMNS: '80' } });
    expect(run.code, run.stderr).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
    expect(run.stdout).not.toMatch(/│ Sources/);
    expect(run.stdout).toMatch(/^Sources:$/m);
    expect(run.stdout).toMatch(/^\[1\] \S/m);
    // every domain is named: a title line of its own (`Coding [4]`) in the layout that fits 80 columns
    const { loadCatalog } = await import('../../src/catalog/load.js');
    const names = loadCatalog().taxonomy.domains.map((domain) => domain.name);
    expect(names.length).toBe(DOMAIN_IDS.length);
    for (const name of names) expect(run.stdout).toMatch(new RegExp(`^${name}( \\[\\d+\\])?$`, 'm'));
    expect(run.stdout).toContain('Report written to');
  }, SPAWNS_TIMEOUT_MS);

  it('parity track fits 80 columns with COLUMNS=80, 100 when piped, and --wide prints the full table', async () => {
    const narrow = await runCli(['track'], { env: { COLUMNS: '80' } });
    expect(narrow.code, narrow.stderr).toBe(0);
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(80);

    const piped = await runCli(['track'], { env: { COLUMNS: '' } });
    expect(piped.code, piped.stderr).toBe(0);
    expect(widest(piped.stdout)).toBeLessThanOrEqual(100);
    expect(piped.stdout).toMatch(/^Sources:$/m);

    const wide = await runCli(['track', '--wide'], { env: { COLUMNS: '80' } });
    expect(wide.code, wide.stderr).toBe(0);
    expect(widest(wide.stdout)).toBeGreaterThan(100);
    expect(wide.stdout).toMatch(/│ Sources +│/);
    expect(wide.stdout).toMatch(/│ Lag threshold │ Lag area │ Lag daily │/);
    // one row per domain, each on its own first line
    const firstLines = wide.stdout.split('\n').filter((line) => /^│ \S/.test(line) && !line.startsWith('│ Domain'));
    expect(firstLines.length).toBe(DOMAIN_IDS.length);
  }, SPAWNS_TIMEOUT_MS);

  it('names a busy port and the flag to change, in lines that fit', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const run = await runCli(['start', '--serve', '--port', String(port), '--html', path.join(scratch, 'busy.html')], { env: { COLUMNS: '80' } });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`port ${port} is already in use`);
      expect(run.stderr).toContain('--port');
      expect(run.stderr).not.toMatch(/unexpected error|EADDRINUSE|\n\s+at /);
      expect(widest(run.stderr)).toBeLessThanOrEqual(80);
      expect(widest(run.stdout)).toBeLessThanOrEqual(80);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  }, SPAWNS_TIMEOUT_MS);
});
