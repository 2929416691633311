import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/store.js';
import { ConfigError, ValidationError } from '../../src/errors.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'parity-store-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `parity <args>` with only the store command registered; returns what it printed. */
async function cli(...args: string[]): Promise<string> {
  const program = new Command('parity').exitOverride();
  register(program);
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += chunk.toString();
    return true;
  });
  try {
    await program.parseAsync(['node', 'parity', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  return printed;
}

describe('parity store', () => {
  it('migrate creates the schema once and says so', async () => {
    const db = join(dir, 'migrate.db');
    const first = JSON.parse(await cli('store', 'migrate', '--db', db, '--json')) as { applied: string[]; kind: string };
    expect(first.kind).toBe('sqlite');
    expect(first.applied.length).toBeGreaterThan(0);
    const second = JSON.parse(await cli('store', 'migrate', '--db', db, '--json')) as { applied: string[] };
    expect(second.applied).toEqual([]);
    expect(await cli('store', 'migrate', '--db', db)).toContain('already up to date');
  });

  it('copy moves the data and reports counts; info reads them back', async () => {
    const from = join(dir, 'from.db');
    const to = join(dir, 'to.db');
    const source = await openStore({ url: from });
    await source.createRun({ id: 'r1', suiteName: 's', suiteHash: 'h', config: {} });
    await source.appendRequestLogs([
      { id: 'a', ts: '2025-01-01T00:00:00Z', status: 200 },
      { id: 'b', ts: '2025-01-01T00:00:01Z', status: 500 },
    ]);
    await source.close();
    const report = JSON.parse(
      await cli('store', 'copy', '--from', `sqlite:${from}`, '--to', `sqlite:${to}`, '--batch-size', '1', '--json'),
    ) as { tables: Array<{ table: string; copied: number }> };
    expect(report.tables.find((table) => table.table === 'request_logs')?.copied).toBe(2);
    const info = JSON.parse(await cli('store', 'info', '--db', to, '--json')) as { rows: Record<string, number> };
    expect(info.rows).toMatchObject({ eval_runs: 1, request_logs: 2, eval_results: 0 });
    expect(await cli('store', 'info', '--db', to)).toMatch(/request_logs\s*│\s*2/);
    // a path with no store is reported as such, and nothing is created there
    const nowhere = join(dir, 'typo', 'parity.db');
    expect(JSON.parse(await cli('store', 'info', '--db', nowhere, '--json'))).toEqual({ kind: 'sqlite', location: nowhere, exists: false, rows: null });
    expect(await cli('store', 'info', '--db', nowhere)).toMatch(/^no sqlite store at .*typo\/parity\.db yet/);
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('refuses bad flags and unknown databases with the library’s errors', async () => {
    await expect(cli('store', 'copy', '--from', join(dir, 'x.db'), '--to', join(dir, 'y.db'), '--batch-size', 'lots')).rejects.toThrow(
      ValidationError,
    );
    await expect(cli('store', 'migrate', '--db', 'mysql://localhost/parity')).rejects.toThrow(ConfigError);
  });
});
