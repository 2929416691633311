/** `parity watch` — what crossed a line since the last report; exit 10 when something did (for cron and CI). */
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_PRICE_POLICY, PRICE_POLICIES } from '../../catalog/price-policy.js';
import { collect, parseFlags } from '../flags.js';
import { EXIT_WATCH_CROSSED, printJson } from '../output.js';
import type { RegisterCommand } from './index.js';

const watchFlags = z.object({
  name: z.string().trim().min(1).max(100).default('default'),
  tolerance: z.coerce.number().min(0).max(25).optional(),
  lagMonths: z.coerce.number().positive().max(120).default(1),
  model: z.array(z.string().min(1)).default([]),
  benchmark: z.string().min(1).optional(),
  minScore: z.coerce.number().optional(),
  openDefinition: z.enum(['weights', 'permissive']).default('weights'),
  pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY),
  webhook: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//i.test(value), 'expected an http:// or https:// URL')
    .optional(),
  json: z.boolean().default(false),
  db: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
});

export const register: RegisterCommand = (program: Command) => {
  program
    .command('watch')
    .description(
      'Compare the evidence with what this watch last reported and say what crossed a line: an open model reaching the ' +
        'closed frontier on a benchmark, a domain\'s lag moving by N months, a listed model getting cheaper, a new open ' +
        'model above a bar. The first run records the state. Exit 0: nothing new; 10: something crossed.',
    )
    .option('--name <name>', 'the watch whose state to compare with (keep one per set of settings)', 'default')
    .option('--tolerance <points>', 'an open best within this many points of the closed best (or whose 95% interval reaches it) has reached it; default: only by matching it (as `parity track --tolerance`)')
    .option('--lag-months <n>', "report a domain's lag moving by at least this many months", '1')
    .option('--model <id>', 'follow this model\'s price (repeatable; any name the catalog resolves)', collect, [])
    .option('--benchmark <id>', 'with --min-score: report a new open model scoring at least that on this benchmark')
    .option('--min-score <score>', 'the bar, in the benchmark\'s units (accuracy: 0.7 or 70 for 70%)')
    .option('--open-definition <def>', 'open = weights | permissive (as `parity track`)', 'weights')
    .option('--price-policy <policy>', "a --model's price: first-party | median | cheapest (as `parity track`)", 'first-party')
    .option('--webhook <url>', 'POST the report as JSON to this URL when something crossed (retried; a failed delivery exits 6 and keeps the previous state)')
    .option('--json', 'print the report as JSON (schema: schemas/watch-output.schema.json)')
    .option('--db <url>', 'store keeping the watch state (default: $PARITY_DATABASE_URL, else .parity/parity.db)')
    .option('--data-dir <dir>', 'read this catalog folder instead of the installed update or the bundled data')
    .addHelpText(
      'after',
      '\nRun it after `parity data update`, e.g. from cron: `parity data update; parity watch --webhook https://hooks.example/parity`\n' +
        '(`;`, not `&&`: the update exits 9 when a source failed, and what the others brought in is still worth a look).\n\nExamples:\n' +
        '  parity watch\n' +
        '  parity watch --tolerance 2 --lag-months 1 --model openai/gpt-4o --model meta/llama-3.3-70b-instruct\n' +
        '  parity watch --benchmark gpqa-diamond --min-score 70 --json\n' +
        '  parity watch --name nightly --webhook https://hooks.example.com/parity',
    )
    .action(async (raw: unknown) => {
      const flags = parseFlags(watchFlags, raw);
      const [{ loadCatalog }, { evaluateWatch, watchStateSchema }, { deliverWebhook }, { openStore }, { storeUrlFromEnv }] = await Promise.all([
        import('../../catalog/load.js'),
        import('../../watch/watch.js'),
        import('../../watch/webhook.js'),
        import('../../store/open-store.js'),
        import('../../store/location.js'),
      ]);
      const catalog = loadCatalog(flags.dataDir);
      const storeUrl = flags.db ?? storeUrlFromEnv();
      const store = await openStore(storeUrl === undefined ? {} : { url: storeUrl });
      try {
        const kept = await store.readWatchState(flags.name);
        const previous = kept === undefined ? null : watchStateSchema.safeParse(kept.state);
        const { report, state } = evaluateWatch(catalog, previous?.success ? previous.data : null, {
          name: flags.name,
          tolerance: flags.tolerance ?? null,
          lagMonths: flags.lagMonths,
          models: flags.model,
          benchmark: flags.benchmark ?? null,
          minScore: flags.minScore ?? null,
          openDefinition: flags.openDefinition,
          pricePolicy: flags.pricePolicy,
        });
        if (flags.webhook !== undefined && report.crossings.length > 0) {
          const status = await deliverWebhook(flags.webhook, report);
          process.stderr.write(`delivered to ${flags.webhook} (HTTP ${status})\n`);
        }
        await store.saveWatchState(
          flags.name,
          state,
          report.crossings.map((crossing) => ({ kind: crossing.kind, message: crossing.message, detail: crossing })),
        );
        if (flags.json) printJson(report);
        else {
          process.stdout.write(`watch "${report.name}", data as of ${report.asOf}${report.previousAsOf === null ? '' : ` (last report: data as of ${report.previousAsOf})`}\n`);
          if (report.note !== null) process.stdout.write(`${report.note}\n`);
          else if (report.crossings.length === 0) process.stdout.write('nothing crossed a line since the last report\n');
          for (const crossing of report.crossings) process.stdout.write(`  ${crossing.message}\n`);
        }
        if (report.crossings.length > 0) process.exitCode = EXIT_WATCH_CROSSED;
      } finally {
        await store.close();
      }
    });
};
