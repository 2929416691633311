/**
 * `parity keys create|list|revoke` — virtual keys for the gateway. With `--url` it talks to a running gateway's
 * admin API (admin token from --admin-token or $PARITY_ADMIN_TOKEN); without, it writes the store directly
 * (whoever can open the store's database is its admin). Secrets are printed once, at creation.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { AuthError } from '../../errors.js';
// the admin client and the store load when a subcommand runs, not with every command
import type { KeyView } from '../../gateway/keys/manage.js';
import type { Store } from '../../store/index.js';
import { parseFlags } from '../flags.js';
import { formatNumber, printJson, renderTable } from '../output.js';
import type { RegisterCommand } from './index.js';

const targetSchema = z.object({
  url: z.string().url().optional(),
  adminToken: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
  json: z.boolean().optional(),
});
type TargetFlags = z.output<typeof targetSchema>;

const createSchema = targetSchema.extend({
  name: z.string().min(1).max(200).optional(),
  budgetUsd: z.coerce.number().positive().optional(),
  dailyBudgetUsd: z.coerce.number().positive().optional(),
  rpm: z.coerce.number().int().positive().optional(),
  tpm: z.coerce.number().int().positive().optional(),
});


interface KeyBackend {
  create(input: unknown): Promise<{ secret: string; key: KeyView }>;
  list(includeRevoked: boolean): Promise<KeyView[]>;
  revoke(id: string): Promise<KeyView>;
}

/** `reads`: the command only reads the local store (list, revoke): a store that is not there is an error, not a new one. */
async function withBackend<T>(flags: TargetFlags, work: (backend: KeyBackend) => Promise<T>, reads = false): Promise<T> {
  const url = flags.url ?? process.env.PARITY_GATEWAY_URL;
  if (url !== undefined && url !== '') {
    const token = flags.adminToken ?? process.env.PARITY_ADMIN_TOKEN;
    if (token === undefined || token === '') {
      throw new AuthError('an admin token is needed to manage keys on a gateway: --admin-token or $PARITY_ADMIN_TOKEN');
    }
    const { createAdminClient } = await import('../../gateway/keys/admin-client.js');
    const client = createAdminClient(url, token);
    return work({ create: client.createKey, list: client.listKeys, revoke: client.revokeKey });
  }
  const [{ createVirtualKey, keyView }, { openStore }, { storeUrlFromEnv }] = await Promise.all([
    import('../../gateway/keys/manage.js'),
    import('../../store/index.js'),
    import('../../store/index.js'),
  ]);
  const storeUrl = flags.db ?? storeUrlFromEnv();
  const store: Store = await openStore({ ...(storeUrl === undefined ? {} : { url: storeUrl }), mustExist: reads });
  try {
    return await work({
      create: (input) => createVirtualKey(store, input),
      list: async (includeRevoked) => (await store.listKeys({ includeRevoked })).map(keyView),
      revoke: async (id) => keyView(await store.revokeKey(id)),
    });
  } finally {
    await store.close();
  }
}

const money = (value: number | null): string => (value === null ? '—' : `$${formatNumber(value, 4)}`);

function addTargetOptions(command: Command): Command {
  return command
    .option('--url <url>', 'a running gateway (default $PARITY_GATEWAY_URL); without it the store is used directly')
    .option('--admin-token <token>', 'admin token for --url (default $PARITY_ADMIN_TOKEN)')
    .option('--db <url>', 'store URL when not using --url (default: $PARITY_DATABASE_URL, else .parity/parity.db)')
    .option('--json', 'print JSON');
}

export const register: RegisterCommand = (program: Command) => {
  const keys = program
    .command('keys')
    .description('Manage virtual keys for `parity serve`: budgets (total and per day) and rate limits per key.')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity keys create --name team-a --budget-usd 10 --rpm 60 --tpm 100000\n' +
        '  parity keys list\n' +
        '  parity keys revoke key_0123456789abcdef',
    );

  addTargetOptions(
    keys
      .command('create')
      .description('Create a virtual key. Its secret is printed once and stored only as a hash.')
      .option('--name <name>', 'who or what the key is for (default: key-<date>)')
      .option('--budget-usd <usd>', 'total budget in US dollars')
      .option('--daily-budget-usd <usd>', 'budget per UTC day in US dollars')
      .option('--rpm <n>', 'requests per minute')
      .option('--tpm <n>', 'tokens per minute'),
  )
    .addHelpText('after', '\nExamples:\n  parity keys create --budget-usd 10 --rpm 60 --tpm 100000\n  parity keys create --name app --budget-usd 10 --rpm 60 --tpm 100000\n  parity keys create --name ci --daily-budget-usd 1 --url http://127.0.0.1:8787')
    .action(async (raw: unknown) => {
      const flags = parseFlags(createSchema, raw);
      const created = await withBackend(flags, (backend) =>
        backend.create({
          name: flags.name ?? `key-${new Date().toISOString().slice(0, 10)}`,
          budgetUsdTotal: flags.budgetUsd ?? null,
          budgetUsdDaily: flags.dailyBudgetUsd ?? null,
          rpm: flags.rpm ?? null,
          tpm: flags.tpm ?? null,
        }),
      );
      if (flags.json === true) printJson(created);
      else {
        process.stdout.write(`created ${created.key.id} (${created.key.name})\n`);
        process.stdout.write(`secret (shown once; store it now): ${created.secret}\n`);
      }
    });

  addTargetOptions(
    keys.command('list').description('List virtual keys with their limits and spend.').option('--all', 'include revoked keys'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity keys list\n' +
        '  parity keys list --all --json                       # revoked keys too\n' +
        '  parity keys list --url http://127.0.0.1:8787        # a running gateway; admin token from $PARITY_ADMIN_TOKEN',
    )
    .action(async (raw: unknown) => {
      const flags = parseFlags(targetSchema.extend({ all: z.boolean().optional() }), raw);
      const list = await withBackend(flags, (backend) => backend.list(flags.all === true), true);
      if (flags.json === true) printJson(list);
      else {
        process.stdout.write(
          `${renderTable(
            ['id', 'name', 'budget', 'daily', 'rpm', 'tpm', 'spent', 'spent today', 'revoked'],
            list.map((key) => [
              key.id,
              key.name,
              money(key.budgetUsdTotal),
              money(key.budgetUsdDaily),
              key.rpm,
              key.tpm,
              money(key.spentUsdTotal),
              money(key.spentUsdDay),
              key.revokedAt ?? '',
            ]),
          )}\n`,
        );
      }
    });

  addTargetOptions(keys.command('revoke').description('Revoke a virtual key (idempotent).').argument('<id>', 'key id (key_…)'))
    .addHelpText(
      'after',
      '\nThe id is the first column of `parity keys list`.\n\nExamples:\n' +
        '  parity keys revoke key_0123456789abcdef\n' +
        '  parity keys revoke key_0123456789abcdef --url http://127.0.0.1:8787 --admin-token "$PARITY_ADMIN_TOKEN"',
    )
    .action(async (id: string, raw: unknown) => {
      const flags = parseFlags(targetSchema, raw);
      const revoked = await withBackend(flags, (backend) => backend.revoke(id), true);
      if (flags.json === true) printJson(revoked);
      else process.stdout.write(`revoked ${revoked.id} (${revoked.name}) at ${revoked.revokedAt ?? 'now'}\n`);
    });
};
