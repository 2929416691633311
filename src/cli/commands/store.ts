/** `parity store migrate|copy|info` — thin wiring over src/store. */
import type { Command } from 'commander';
import { z } from 'zod';
// the store's modules (Kysely, the SQLite and Postgres drivers) load when a subcommand runs, not with every command
import type { SqlStore } from '../../store/index.js';
import { parseFlags } from '../flags.js';
import { printJson, renderTable } from '../output.js';
import type { RegisterCommand } from './index.js';

const DB_HELP = 'store URL: a file path, sqlite:PATH or postgres://USER@HOST/DB (default: $PARITY_DATABASE_URL, else .parity/parity.db)';

const copyFlagsSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  batchSize: z.coerce.number().int().min(1).max(2000).default(500),
  json: z.boolean().optional(),
});


async function withStore<T>(url: string | undefined, migrate: boolean, work: (store: SqlStore) => Promise<T>, mustExist = false): Promise<T> {
  const { openSqlStore, storeUrlFromEnv } = await import('../../store/index.js');
  const store = await openSqlStore({ url: url ?? storeUrlFromEnv(), migrate, mustExist });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export const register: RegisterCommand = (program: Command) => {
  const store = program
    .command('store')
    .description('Manage where parity keeps runs, results, cache, keys and request logs (SQLite or Postgres).')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity store info\n' +
        '  parity store migrate --db postgres://parity@db.internal/parity\n' +
        '  parity store copy --from sqlite:.parity/parity.db --to postgres://parity@db.internal/parity',
    );

  store
    .command('migrate')
    .description('Create or update the store schema (idempotent; safe to run from several machines at once).')
    .option('--db <url>', DB_HELP)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  parity store migrate\n  parity store migrate --db postgres://parity@db.internal/parity')
    .action(async (flags: { db?: string; json?: boolean }) => {
      await withStore(flags.db, false, async (target) => {
        const report = await target.migrate();
        if (flags.json === true) printJson({ kind: target.kind, location: target.location, ...report });
        else {
          const applied = report.applied.length === 0 ? 'already up to date' : `applied ${report.applied.join(', ')}`;
          process.stdout.write(`${target.kind} store at ${target.location}: ${applied}\n`);
        }
      });
    });

  store
    .command('copy')
    .description('Copy every table from one store into another, in batches. Idempotent: rerun it to bring over what changed.')
    .requiredOption('--from <url>', 'source store URL (sqlite:PATH, a file path, or postgres://…)')
    .requiredOption('--to <url>', 'target store URL; migrated first if needed')
    .option('--batch-size <n>', 'rows per batch, 1–2000', '500')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity store copy --from sqlite:.parity/parity.db --to postgres://parity@db.internal/parity   # move to Postgres, history kept\n' +
        '  parity store copy --from postgres://parity@db.internal/parity --to sqlite:backup.db --json',
    )
    .action(async (rawFlags: unknown) => {
      const flags = parseFlags(copyFlagsSchema, rawFlags);
      const { copyStore } = await import('../../store/index.js');
      await withStore(flags.from, false, (from) =>
        withStore(flags.to, true, async (to) => {
          const report = await copyStore(from, to, { batchSize: flags.batchSize });
          if (flags.json === true) printJson(report);
          else {
            process.stdout.write(`copied ${report.from} → ${report.to}\n`);
            process.stdout.write(
              `${renderTable(
                ['table', 'rows copied', 'rows in target'],
                report.tables.map((table) => [table.table, table.copied, table.targetRows]),
              )}\n`,
            );
          }
        }),
        true,
      );
    });

  store
    .command('info')
    .description('Show which store is in use and how many rows each table holds.')
    .option('--db <url>', DB_HELP)
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity store info                                   # the default .parity/parity.db\n' +
        '  parity store info --db postgres://parity@db.internal/parity --json\n' +
        '  PARITY_DATABASE_URL=postgres://parity@db.internal/parity parity store info',
    )
    .action(async (flags: { db?: string; json?: boolean }) => {
      const { countRows, missingStoreFile, resolveStoreLocation, storeUrlFromEnv } = await import('../../store/index.js');
      // a SQLite file that is not there is reported as such, not created to be counted
      const missing = missingStoreFile(resolveStoreLocation(flags.db ?? storeUrlFromEnv()));
      if (missing !== null) {
        if (flags.json === true) printJson({ kind: 'sqlite', location: missing, exists: false, rows: null });
        else process.stdout.write(`no sqlite store at ${missing} yet: nothing recorded there (parity eval, parity serve and parity keys create make one)\n`);
        return;
      }
      await withStore(flags.db, true, async (target) => {
        const rows = await countRows(target);
        if (flags.json === true) printJson({ kind: target.kind, location: target.location, exists: true, rows });
        else {
          process.stdout.write(`${target.kind} store at ${target.location}\n`);
          process.stdout.write(`${renderTable(['table', 'rows'], Object.entries(rows))}\n`);
        }
      });
    });
};
