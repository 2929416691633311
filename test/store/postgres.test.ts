import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { openSqlStore } from '../../src/store/index.js';
import { startPostgres } from '../helpers/postgres.js';
import { defineStoreSuite } from './store-suite.js';

// Skips (with a message) when no Postgres can be had; fails instead under CI=true.
const server = await startPostgres();
afterAll(async () => {
  await server?.stop();
});

defineStoreSuite(server === undefined ? undefined : { name: 'postgres', freshUrl: () => server.createSchema() });

describe.skipIf(server === undefined)('postgres backend specifics', () => {
  it('hides the password in its location', async () => {
    const url = new URL((await server?.createSchema()) ?? '');
    url.password = 'hunter2';
    url.username = 'parity';
    const store = await openSqlStore({ url: url.toString(), migrate: false });
    try {
      expect(store.location).not.toContain('hunter2');
      expect(store.location).toContain('***');
    } finally {
      await store.close();
    }
  });

  it('reports an unreachable server as a configuration problem, naming no password', async () => {
    const error = await openSqlStore({ url: 'postgres://parity:secret@127.0.0.1:1/none' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).not.toContain('secret');
  });
});
