import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlStore } from '../../src/store/index.js';
import { defineStoreSuite } from './store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'parity-store-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

defineStoreSuite({ name: 'sqlite', freshUrl: async () => `sqlite:${join(dir, `${randomUUID()}.db`)}` });

describe('sqlite backend specifics', () => {
  it('defaults to .parity/parity.db under the working directory, creating the folders', async () => {
    const cwd = join(dir, 'project', 'nested');
    const store = await openSqlStore({ cwd });
    try {
      expect(store.location).toBe(join(cwd, '.parity', 'parity.db'));
      expect(existsSync(join(cwd, '.parity', 'parity.db'))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('runs in WAL mode with a busy timeout', async () => {
    const store = await openSqlStore({ url: join(dir, 'pragmas.db') });
    try {
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.backend.db);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(store.backend.db);
      expect(busy.rows[0]?.timeout).toBeGreaterThanOrEqual(1000);
      expect(journal.rows[0]?.journal_mode).toBe('wal');
    } finally {
      await store.close();
    }
  });

  it('keeps the page cache at the size asked for, and refuses a size that is not positive', async () => {
    const cacheOf = async (config: { sqliteCacheMb?: number }) => {
      const store = await openSqlStore({ url: join(dir, `cache-${randomUUID()}.db`), ...config });
      try {
        return (await sql<{ cache_size: number }>`pragma cache_size`.execute(store.backend.db)).rows[0]?.cache_size;
      } finally {
        await store.close();
      }
    };
    expect(await cacheOf({ sqliteCacheMb: 2 })).toBe(-2048);
    expect(await cacheOf({})).toBe(-16000); // better-sqlite3's default, unchanged
    await expect(openSqlStore({ url: join(dir, 'cache-bad.db'), sqliteCacheMb: 0 })).rejects.toThrow(/sqliteCacheMb/);
  });

  it('opens an in-memory store for throwaway use', async () => {
    const store = await openSqlStore({ url: 'sqlite::memory:' });
    try {
      await store.cacheSet('k', 1);
      expect(await store.cacheGet('k')).toBe(1);
      expect(store.location).toBe(':memory:');
    } finally {
      await store.close();
    }
  });

  it('keeps data across close and reopen', async () => {
    const url = `sqlite:${join(dir, 'reopen.db')}`;
    const first = await openSqlStore({ url });
    await first.cacheSet('k', { kept: true });
    await first.close();
    await first.close();
    const second = await openSqlStore({ url });
    try {
      expect(await second.cacheGet('k')).toEqual({ kept: true });
    } finally {
      await second.close();
    }
  });
});
