import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { basicConfig, startHarness } from './harness.js';

/** Runs the CLI in-process and returns what it printed to stdout and its exit code. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'parity', ...args]);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('parity keys', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('creates, lists and revokes keys in a store', async () => {
    const db = `sqlite:${join(mkdtempSync(join(tmpdir(), 'parity-keys-')), 'parity.db')}`;
    const created = await run('keys', 'create', '--budget-usd', '10', '--rpm', '60', '--tpm', '100000', '--db', db, '--json');
    expect(created.code).toBe(0);
    const { secret, key } = JSON.parse(created.out) as { secret: string; key: { id: string; budgetUsdTotal: number; rpm: number; tpm: number } };
    expect(secret).toMatch(/^pk-parity-/);
    expect(key).toMatchObject({ budgetUsdTotal: 10, rpm: 60, tpm: 100000 });

    const listed = await run('keys', 'list', '--db', db, '--json');
    expect(listed.out).not.toContain(secret);
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ id: key.id, name: expect.stringMatching(/^key-\d{4}-\d{2}-\d{2}$/) })]);

    expect((await run('keys', 'revoke', key.id, '--db', db)).out).toContain(`revoked ${key.id}`);
    expect(JSON.parse((await run('keys', 'list', '--db', db, '--json')).out)).toEqual([]);
    expect((await run('keys', 'create', '--name', 'x', '--rpm', '-1', '--db', db)).code).toBe(2);
  });

  it('reading commands on a store path that has none say so and create nothing (a typo in --db is not an empty store)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parity-keys-typo-'));
    const typo = join(dir, 'no-such-dir', 'parity.db');
    for (const args of [['keys', 'list'], ['keys', 'revoke', 'key_x'], ['store', 'copy', '--to', `sqlite:${join(dir, 'to.db')}`, '--from'], ['advise', '--requests-per-day', '10', '--mau', '100', '--run', 'r1']]) {
      const answer = await run(...args, ...(args.at(-1) === '--from' ? [typo] : ['--db', typo]));
      expect(answer.code, args.join(' ')).toBe(5);
      expect(answer.err, args.join(' ')).toContain(`${typo}: no store there, so nothing to read`);
    }
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
    expect(existsSync(join(dir, 'to.db'))).toBe(false);
  });

  it('manages keys on a running gateway through the admin API, with the admin token', async () => {
    const harness = await startHarness((urls) => basicConfig(urls), { env: { PARITY_ADMIN_TOKEN: 'tok' } });
    try {
      const refused = await run('keys', 'list', '--url', harness.url, '--admin-token', 'wrong');
      expect(refused.code).toBe(6);
      expect(refused.err).toContain('admin token');
      const created = await run('keys', 'create', '--name', 'remote', '--daily-budget-usd', '2', '--url', harness.url, '--admin-token', 'tok', '--json');
      const { key } = JSON.parse(created.out) as { key: { id: string; budgetUsdDaily: number } };
      expect(key.budgetUsdDaily).toBe(2);
      expect((await harness.store.getKey(key.id))?.name).toBe('remote');
      expect((await run('keys', 'revoke', key.id, '--url', harness.url, '--admin-token', 'tok')).code).toBe(0);
      expect((await harness.store.getKey(key.id))?.revokedAt).not.toBeNull();
    } finally {
      await harness.close();
    }
  });
});
