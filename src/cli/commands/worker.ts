import type { Command } from 'commander';
import { ValidationError } from '../../errors.js';
// BullMQ + ioredis, the eval library, the store and the catalog load only when a worker actually starts, not with every CLI command
import type { WorkerEvent } from '../../eval/queue/index.js';
import type { RegisterCommand } from './index.js';

interface WorkerFlags {
  queue?: string;
  queueName?: string;
  db?: string;
  concurrency: string;
  lockDuration: string;
  json?: boolean;
  quiet?: boolean;
}

function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new ValidationError(`${flag} must be a positive integer, got "${value}"`, flag);
  return number;
}

function describe(event: WorkerEvent): string | undefined {
  switch (event.type) {
    case 'ready':
      return `worker ready: queue "${event.queueName}", ${event.concurrency} job(s) at a time`;
    case 'planned':
      return `run ${event.runId}: ${event.name}, ${event.cases} case(s) × ${event.targets} model(s)`;
    case 'failed':
      return `${event.final ? 'FAILED' : 'will retry'}: run ${event.runId} case "${event.caseId}" of ${event.modelRef} (attempt ${event.attempt}): ${event.reason}`;
    case 'connection-error':
      return `connection problem: ${event.message}`;
    case 'done':
    case 'skipped':
      return undefined;
  }
}

async function run(flags: WorkerFlags): Promise<void> {
  const redisUrl = flags.queue ?? process.env.PARITY_QUEUE_URL;
  if (!redisUrl) throw new ValidationError('give --queue redis://HOST[:PORT] (or set PARITY_QUEUE_URL)', '--queue');
  const concurrency = positiveInteger(flags.concurrency, '--concurrency');
  const lockDurationMs = positiveInteger(flags.lockDuration, '--lock-duration');
  const [{ bundledCatalogFacts }, { openStore }, { storeUrlFromEnv }] = await Promise.all([
    import('../../eval/catalog-facts.js'),
    import('../../store/index.js'),
    import('../../store/index.js'),
  ]);
  const dbUrl = flags.db ?? storeUrlFromEnv();
  const { checkSharedStore, redactRedisUrl, startEvalWorker } = await import('../../eval/queue/index.js');
  checkSharedStore(dbUrl);
  const store = await openStore({ url: dbUrl! });
  const log = (line: string) => {
    if (!flags.quiet) process.stderr.write(`${line}\n`);
  };
  let jobs = 0;
  const onEvent = (event: WorkerEvent) => {
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...event, at: new Date().toISOString() })}\n`);
    if (event.type === 'done' || event.type === 'skipped') {
      jobs++;
      if (jobs % 100 === 0) log(`  ${jobs} jobs done`);
      return;
    }
    const line = describe(event);
    if (line === undefined) return;
    if (event.type === 'failed' && event.final) process.stderr.write(`${line}\n`);
    else log(line);
  };
  const worker = await startEvalWorker({
    redisUrl,
    ...(flags.queueName ? { queueName: flags.queueName } : {}),
    store,
    concurrency,
    lockDurationMs,
    targetOptions: { facts: bundledCatalogFacts(), onRetry: () => {} },
    onEvent,
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  log(`  on ${redactRedisUrl(redisUrl)}, recording into ${store.location}; stop with Ctrl-C or SIGTERM`);

  let stopping = false;
  let stopped: () => void = () => undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: abandoning the jobs in flight (another worker will take them)`);
      void worker.close({ force: true });
      return;
    }
    stopping = true;
    log(`${signal}: finishing the jobs in flight (${signal} again to abandon them to other workers)`);
    void worker.close().finally(() => stopped());
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await new Promise<void>((resolve) => {
    stopped = resolve;
  });
  process.removeListener('SIGTERM', stop);
  process.removeListener('SIGINT', stop);
  await store.close();
  log(`worker stopped after ${jobs} job(s)`);
}

export const register: RegisterCommand = (program: Command) => {
  program
    .command('worker')
    .description('Run the cases of distributed evals (`parity eval --queue`) from a Redis queue, recording results in a shared store')
    .option('--queue <redis-url>', 'the Redis the evals are queued on, e.g. redis://10.0.0.5:6379 (default $PARITY_QUEUE_URL)')
    .option('--queue-name <name>', 'the queue to take jobs from (default eval; the same as the submitting `parity eval --queue-name`)')
    .option('--db <url>', 'the shared store: postgres://USER@HOST/DB (default $PARITY_DATABASE_URL); a SQLite file only if every worker runs on this machine')
    .option('--concurrency <n>', 'jobs (model calls) this worker runs at once', '4')
    .option('--lock-duration <ms>', "how long a job stays claimed by a worker that died before another worker takes it over", '30000')
    .option('--json', 'print every job event as a JSON line on stdout')
    .option('--quiet', 'print only failures')
    .addHelpText(
      'after',
      `
Each worker takes one work item (case × model × repeat) at a time per --concurrency slot, plans the run from the
spec the submitting CLI put on the queue (the suite and its cases travel with it; API keys do NOT: set them in
the worker's environment, e.g. OPENAI_API_KEY or the suite's apiKeyEnv), calls the model, grades the answer and
records it in the store. Files the suite refers to (replay responses, benchmark --data) must exist at the same
path on every worker. Rate limits in the suite apply per worker.

A worker that dies (killed, machine lost) leaves its jobs claimed for --lock-duration; then another worker runs
them again. A result is recorded once: a job whose result is already stored is skipped. SIGTERM or Ctrl-C stops
taking jobs and waits for those in flight; a second signal abandons them to other workers.

Examples:
  parity worker --queue redis://10.0.0.5:6379 --db postgres://parity:secret@10.0.0.5/parity
  PARITY_QUEUE_URL=redis://10.0.0.5 PARITY_DATABASE_URL=postgres://parity@10.0.0.5/parity parity worker --concurrency 8
  parity eval suite.yaml --queue redis://10.0.0.5:6379 --db postgres://parity@10.0.0.5/parity   # submit, watch, summarise`,
    )
    .action(async (flags: WorkerFlags) => run(flags));
};
