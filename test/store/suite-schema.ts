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

    it('0003 carries older eval rows over: an uncached answer spent its cost, errors read as such, budget stops keep their meaning', async () => {
      const url = await context.target.freshUrl();
      const store = await context.open(url, { migrate: false });
      await migrateToLatest(store.backend, MIGRATIONS.filter((migration) => migration.name < '0003'));
      const db = store.backend.db;
      await sql`insert into eval_runs (id, suite_name, suite_hash, config, status, created_at) values ('old', 's', 'h', '{}', 'cancelled', '2025-01-01T00:00:00.000Z')`.execute(db);
      const row = (caseId: string, cached: number, cost: number | null, error: string | null) =>
        sql`insert into eval_results (run_id, case_id, model_ref, repeat_index, output, pass, score, cost_usd, cached, error, recorded_at)
            values ('old', ${caseId}, 'm/x', 0, 'out', 0, 0, ${cost}, ${cached}, ${error}, '2025-01-01T00:00:00.000Z')`.execute(db);
      await row('made', 0, 0.01, null);
      await row('from-cache', 1, 0.02, null);
      await row('failed', 0, null, 'HTTP 503');
      expect((await store.migrate()).applied).toEqual(MIGRATIONS.filter((migration) => migration.name >= '0003').map((migration) => migration.name));
      expect((await store.getRun('old'))?.status).toBe('stopped-budget');
      expect(await store.runSpend('old')).toBeCloseTo(0.01, 12);
      const results = await store.listResults('old');
      expect(results.find((result) => result.caseId === 'failed')?.error).toEqual({ kind: 'other', cause: 'error', message: 'HTTP 503' });
      expect(results.find((result) => result.caseId === 'from-cache')).toMatchObject({ spentUsd: 0, costUsd: 0.02, error: null });
    });

    it('freezes its config', async () => {
      const { store } = await context.fresh();
      expect(Object.isFrozen(store.config)).toBe(true);
      expect(store.kind).toBe(context.target.name);
    });
  });
}
