/**
 * The one store test suite. Every backend runs all of it against a real database: sqlite.test.ts always,
 * postgres.test.ts whenever a Postgres can be had (and always under CI=true).
 */
import { afterEach, describe } from 'vitest';
import { openSqlStore, type SqlStore, type StoreConfig } from '../../src/store/index.js';
import { defineBudgetLeaseTests } from './suite-budget-leases.js';
import { defineCacheAndLogTests } from './suite-cache-logs.js';
import { defineKeyTests } from './suite-keys.js';
import { defineRunTests } from './suite-runs.js';
import { defineSchemaTests } from './suite-schema.js';
import { defineResponsesTests } from './suite-responses.js';
import { defineWatchTests } from './suite-watch.js';

export interface StoreTarget {
  readonly name: string;
  /** The URL of a new, empty database. */
  freshUrl(): Promise<string>;
}

export interface SuiteContext {
  readonly target: StoreTarget;
  /** Opens (and migrates) a store on a new, empty database; closed after the test. */
  fresh(): Promise<{ url: string; store: SqlStore }>;
  /** Opens another store on `url`; closed after the test. */
  open(url: string, config?: Omit<StoreConfig, 'url'>): Promise<SqlStore>;
}

export function defineStoreSuite(target: StoreTarget | undefined): void {
  describe.skipIf(target === undefined)(`store on ${target?.name ?? 'an unavailable backend'}`, () => {
    const opened: SqlStore[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });
    const context: SuiteContext = {
      get target() {
        if (target === undefined) throw new Error('no target');
        return target;
      },
      async open(url, config = {}) {
        const store = await openSqlStore({ ...config, url });
        opened.push(store);
        return store;
      },
      async fresh() {
        const url = await context.target.freshUrl();
        return { url, store: await context.open(url) };
      },
    };
    defineRunTests(context);
    defineKeyTests(context);
    defineBudgetLeaseTests(context);
    defineCacheAndLogTests(context);
    defineSchemaTests(context);
    defineWatchTests(context);
    defineResponsesTests(context);
  });
}
