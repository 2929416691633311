import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { openSqlStore } from '../../src/store/index.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { MIGRATIONS, type StoreMigration } from '../../src/store/migrations.js';
import type { SuiteContext } from './store-suite.js';

export function defineSchemaTests(context: SuiteContext): void {
  describe('schema', () => {
    it('migrates once; migrating again changes nothing', async () => {
      const { store } = await context.fresh();
      const again = await store.migrate();
      expect(again).toEqual({ applied: [], alreadyApplied: MIGRATIONS.map((migration) => migration.name) });
    });

    it('lets several stores open a new database at the same moment', async () => {
      const url = await context.target.freshUrl();
      const stores = await Promise.all([context.open(url), context.open(url), context.open(url)]);
      await stores[0]?.createRun({ id: 'r', suiteName: 's', suiteHash: 'h', config: {} });
      expect((await stores[2]?.getRun('r'))?.suiteName).toBe('s');
    });

    it('rolls a failing migration back completely and keeps the data', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'keep', suiteName: 's', suiteHash: 'h', config: { precious: true } });
      const broken: StoreMigration = {
        name: '9000-broken',
        async up(db) {
          await db.schema.createTable('half_built').addColumn('id', 'text').execute();
          await sql`delete from eval_runs`.execute(db);
          throw new Error('migration bug');
        },
      };
      await expect(migrateToLatest(store.backend, [...MIGRATIONS, broken])).rejects.toThrow('migration bug');
      expect((await store.getRun('keep'))?.config).toEqual({ precious: true });
      const tables = await store.backend.db.introspection.getTables();
      expect(tables.map((table) => table.name)).not.toContain('half_built');
      expect((await store.migrate()).applied).toEqual([]);
    });

    it('refuses a database migrated by a newer parity, touching nothing', async () => {
      const { url, store } = await context.fresh();
      await store.createRun({ id: 'keep', suiteName: 's', suiteHash: 'h', config: {} });
      await store.backend.db
        .insertInto('parity_migrations')
        .values({ name: '9999-from-the-future', applied_at: new Date().toISOString() })
        .execute();
      await expect(openSqlStore({ url })).rejects.toThrow(ConfigError);
      expect(await store.getRun('keep')).toBeDefined();
    });

    it('freezes its config', async () => {
      const { store } = await context.fresh();
      expect(Object.isFrozen(store.config)).toBe(true);
      expect(store.kind).toBe(context.target.name);
    });
  });
}
