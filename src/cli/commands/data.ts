/** `parity data update | status | reset` — keep the catalog current from the public sources. */
import type { Command } from 'commander';
import { z } from 'zod';
import type { UpdateEvent } from '../../catalog/update/events.js';
import type { DataUpdateOutput } from '../../watch/output-schemas.js';
import { ValidationError } from '../../errors.js';
import { collect, parseFlags } from '../flags.js';
import { EXIT_UPDATE_INCOMPLETE, printJson } from '../output.js';
import type { RegisterCommand } from './index.js';
import { renderChanges, renderDataStatus, renderSources } from './data-render.js';

const updateFlags = z.object({
  source: z.array(z.string().min(1)).default([]),
  dryRun: z.boolean().default(false),
  mirror: z.string().url().optional(),
  json: z.boolean().default(false),
  timeout: z.coerce.number().positive().max(3600).default(60),
  retries: z.coerce.number().int().min(0).max(10).default(2),
});

const jsonFlag = z.object({ json: z.boolean().default(false) });

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * The default track report of a version just installed, memoized in it (track/report-memo.ts) so `parity track`
 * answers from it. The version is installed whatever happens here: a memo not written only means the report is
 * computed when asked for.
 */
async function memoizeTrack(versionDir: string): Promise<void> {
  const { runningBuild } = await import('../../track/report-memo.js');
  const build = runningBuild();
  if (build === null) return; // not the built CLI: nothing would read the memo
  const { writeTrackMemo } = await import('../../track/write-report-memo.js');
  try {
    const outcome = writeTrackMemo(versionDir, {}, build);
    if (!outcome.written) process.stderr.write(`the track report was not memoized: ${outcome.reason}\n`);
  } catch (error) {
    process.stderr.write(`the track report was not memoized (${error instanceof Error ? error.message : String(error)}); \`parity track\` computes it\n`);
  }
}

/** Progress lines on stderr, so `--json` on stdout stays clean. */
function renderEvent(event: UpdateEvent): void {
  switch (event.type) {
    case 'fetched':
      process.stderr.write(
        `  ${event.source.padEnd(22)} ${event.status === 304 ? 'not modified' : `${event.status} ${kib(event.bytes)}`} in ${(event.ms / 1000).toFixed(1)} s  ${event.url}\n`,
      );
      break;
    case 'retry':
      process.stderr.write(`  ${event.source.padEnd(22)} attempt ${event.attempt}/${event.maxAttempts} failed (${event.reason}); retrying in ${(event.delayMs / 1000).toFixed(1)} s\n`);
      break;
    case 'source-done':
      if (event.status === 'failed') process.stderr.write(`  ${event.source.padEnd(22)} FAILED: ${event.detail}\n`);
      break;
    case 'installed':
      process.stderr.write(`installed ${event.dir}\n`);
      break;
    case 'fetch-start':
      break;
  }
}

export const register: RegisterCommand = (program: Command) => {
  const data = program
    .command('data')
    .description(
      'Keep the catalog current: fetch the public sources it is built from into the user data directory ' +
        '($PARITY_DATA_DIR, default ~/.parity/data), which parity reads instead of the bundled snapshot.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity data update                         # every source with a public URL\n' +
        '  parity data update --source litellm --source lmarena\n' +
        '  parity data update --mirror http://mirror.internal/parity --dry-run\n' +
        '  parity data status\n' +
        '  parity data reset                          # back to the bundled snapshot',
    );

  data
    .command('update')
    .description(
      'Fetch the public sources (models.dev, LiteLLM prices, Epoch AI, LMArena, BFCL, EvalPlus, Arena-Hard), run them ' +
        'through the importers and install the result atomically; prints what changed. A source that fails keeps its ' +
        'previous data and is named with its reason; the exit code is 9 when any did.',
    )
    .option('--source <name>', 'only this source (repeatable; `parity data status` lists them)', collect, [])
    .option('--dry-run', 'fetch and validate, and say what would change; install nothing')
    .option('--mirror <url>', 'fetch every file from URL/<source>/<file> instead of its public URL (also $PARITY_DATA_MIRROR)')
    .option('--timeout <seconds>', 'give up on a download that makes no progress for this long', '60')
    .option('--retries <n>', 'retries of a failed download, with backoff (Retry-After honoured)', '2')
    .option('--json', 'print the outcome and the changes as JSON (schema: schemas/data-update.schema.json)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity data update\n' +
        '  parity data update --source models-dev --source litellm --json > update.json\n' +
        '  PARITY_DATA_MIRROR=http://10.0.0.5:8080/parity parity data update     # an air-gapped mirror, laid out by source\n' +
        '  parity data update --dry-run',
    )
    .action(async (raw: unknown) => {
      const flags = parseFlags(updateFlags, raw);
      const fromEnv = process.env.PARITY_DATA_MIRROR?.trim() || null;
      if (flags.mirror === undefined && fromEnv !== null && !z.string().url().safeParse(fromEnv).success) {
        throw new ValidationError(`$PARITY_DATA_MIRROR: not a URL ("${fromEnv}")`, 'PARITY_DATA_MIRROR');
      }
      const mirror = flags.mirror ?? fromEnv;
      const [{ updateData, selectSources }, { userDataDir }, { describeChanges }] = await Promise.all([
        import('../../catalog/update/update-data.js'),
        import('../../catalog/data-location.js'),
        import('../../watch/changes.js'),
      ]);
      selectSources(flags.source); // an unknown or bundled-only --source is an error before anything starts
      const userDir = userDataDir();
      process.stderr.write(`updating ${userDir}${flags.dryRun ? ' (dry run: nothing is installed)' : ''} from ${mirror ?? 'the public URLs'}\n`);
      const outcome = await updateData({
        userDir,
        mirror,
        sources: flags.source,
        dryRun: flags.dryRun,
        timeoutMs: flags.timeout * 1000,
        maxAttempts: flags.retries + 1,
        onEvent: renderEvent,
      });
      const changes = describeChanges(outcome.before, outcome.after);
      if (outcome.result.installed !== null) await memoizeTrack(outcome.result.installed.dir);
      if (flags.json) printJson({ kind: 'data-update', ...outcome.result, changes } satisfies DataUpdateOutput);
      else {
        process.stdout.write(renderSources(outcome.result));
        process.stdout.write(renderChanges(changes));
        if (outcome.result.installed !== null) process.stdout.write(`\nparity now reads ${outcome.result.installed.dir} (\`parity data status\`).\n`);
        else if (!outcome.result.dryRun) process.stdout.write('\nNothing new was installed; parity reads the data it read before.\n');
      }
      if (!outcome.result.complete) process.exitCode = EXIT_UPDATE_INCOMPLETE;
    });

  data
    .command('status')
    .description('which data parity reads (an update, or the bundled snapshot), and each source\'s date and last check')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  parity data status\n  parity data status --json')
    .action(async (raw: unknown) => {
      const flags = parseFlags(jsonFlag, raw);
      const { dataStatus } = await import('../../catalog/update/status.js');
      const status = dataStatus();
      if (flags.json) printJson(status);
      else process.stdout.write(renderDataStatus(status));
    });

  data
    .command('reset')
    .description('remove the updates from the user data directory: parity reads the bundled snapshot again')
    .addHelpText('after', '\nExamples:\n  parity data reset\n  PARITY_DATA_DIR=/srv/parity-data parity data reset')
    .action(async () => {
      const { resetUserData } = await import('../../catalog/update/status.js');
      const removed = resetUserData();
      process.stdout.write(removed ? `removed the updates in ${removed}; parity reads the bundled snapshot\n` : 'no update installed; parity reads the bundled snapshot\n');
    });
};
