/**
 * The worker side of a distributed eval: takes work items from the queue, plans each run once (cached), runs the
 * item through the local runner and records the result in the shared store.
 *
 * Delivery is at least once: BullMQ hands a killed worker's jobs to another worker once their lock expires. The
 * recording is exactly once: before running a job, a worker skips it when the run's finished-set in Redis holds
 * its key (recorded by anyone in this submission), and a redelivered job is also checked against the store itself
 * (the worker before may have died between recording and marking). So the only work ever repeated is work that
 * was in flight in a worker that died — its model call may be made twice, its result is stored once.
 */
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { ConfigError, ParityError } from '../../errors.js';
import type { Store } from '../../store/index.js';
import { workKey } from '../runner/ports.js';
import type { TargetOptions } from '../targets.js';
import { connectRedis } from './redis-connection.js';
import { DEFAULT_QUEUE_NAME, QUEUE_PREFIX, RUN_KEYS_TTL_SECONDS, checkQueueName, finishedKey, specKey, workJobSchema, type WorkJob } from './queue-names.js';
import { parseRunSpec, planFromSpec } from './run-spec.js';
import { indexPlan, runWorkItem, type IndexedPlan } from './work-item.js';

export interface EvalWorkerOptions {
  /** `redis://…` of the queue. */
  redisUrl: string;
  queueName?: string;
  /** The shared store every worker and the submitting CLI use. */
  store: Store;
  /** Jobs this worker runs at once (default 4). */
  concurrency?: number;
  /**
   * How long a job stays claimed by a worker that stopped renewing its lock (it died) before another worker
   * takes it (default 30 000 ms; the lock is renewed every half of this while the job runs).
   */
  lockDurationMs?: number;
  /** The worker's own provider settings: keys from its environment, the catalog's prices. */
  targetOptions?: TargetOptions;
  onEvent?: (event: WorkerEvent) => void;
}

interface ItemFields {
  runId: string;
  caseId: string;
  modelRef: string;
  repeat: number;
}

export type WorkerEvent =
  | { type: 'ready'; queueName: string; concurrency: number }
  | { type: 'planned'; runId: string; name: string; cases: number; targets: number }
  | ({ type: 'done'; pass: boolean; error: string | null } & ItemFields)
  | ({ type: 'skipped'; reason: string } & ItemFields)
  | ({ type: 'failed'; reason: string; attempt: number; final: boolean } & ItemFields)
  | { type: 'connection-error'; message: string };

export interface JobOutcome {
  skipped: boolean;
  pass: boolean | null;
}

export interface EvalWorker {
  readonly queueName: string;
  /** Jobs finished by this worker (run or skipped). */
  readonly processed: number;
  /** Stops taking jobs and waits for the ones in flight (`force`: abandons them to another worker). */
  close(options?: { force?: boolean }): Promise<void>;
}

const PLAN_CACHE_SIZE = 8;

/**
 * Prefixes a failure with its error code, so the submitting CLI can report it like a local error. BullMQ's own
 * `UnrecoverableError` (`unrecoverable`) passes as it is.
 */
function jobError(error: unknown, unrecoverable: new (message: string) => Error): Error {
  if (error instanceof unrecoverable) return error;
  const code = error instanceof ParityError ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${code}: ${message}`, { cause: error });
}

export async function startEvalWorker(options: EvalWorkerOptions): Promise<EvalWorker> {
  const queueName = checkQueueName(options.queueName ?? DEFAULT_QUEUE_NAME);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const lockDuration = Math.max(1_000, Math.floor(options.lockDurationMs ?? 30_000));
  const emit = options.onEvent ?? (() => undefined);
  const store = options.store;
  const redis: Redis = await connectRedis(options.redisUrl, 'worker');
  // BullMQ is loaded only by a process that runs or queues a distributed eval
  const { UnrecoverableError, Worker } = await import('bullmq');
  redis.on('error', (error: Error) => emit({ type: 'connection-error', message: error.message }));

  const plans = new Map<string, Promise<IndexedPlan & { useCache: boolean }>>();
  const planFor = (runId: string): Promise<(IndexedPlan & { useCache: boolean }) | undefined> => {
    let entry = plans.get(runId);
    if (!entry) {
      entry = (async () => {
        const text = await redis.get(specKey(queueName, runId));
        if (text === null) throw new NotPlannedError();
        const spec = parseRunSpec(text, runId);
        if (!(await store.getRun(runId))) {
          throw new ConfigError(`run ${runId}`, `is not in this worker's store (${store.location}); give the worker the submitting CLI's --db`);
        }
        const plan = await planFromSpec(spec, runId, options.targetOptions ?? {});
        emit({ type: 'planned', runId, name: plan.name, cases: plan.cases.length, targets: plan.targets.length });
        return { ...indexPlan(plan), useCache: spec.useCache };
      })();
      plans.set(runId, entry);
      if (plans.size > PLAN_CACHE_SIZE) plans.delete(plans.keys().next().value!);
      entry.catch(() => plans.delete(runId)); // plan again next time: the cause may be fixed by then
    }
    return entry.catch((error: unknown) => {
      if (error instanceof NotPlannedError) return undefined;
      throw error;
    });
  };

  const markFinished = async (finished: string, key: string) => {
    await redis.multi().sadd(finished, key).expire(finished, RUN_KEYS_TTL_SECONDS).exec();
  };

  const processJob = async (job: Job<WorkJob, JobOutcome>): Promise<JobOutcome> => {
    const parsed = workJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`validation: job ${job.id} is not a parity work item`);
    const item = parsed.data;
    const key = workKey(item.caseId, item.modelRef, item.repeat);
    const finished = finishedKey(queueName, item.runId);
    const skip = (reason: string): JobOutcome => {
      emit({ type: 'skipped', reason, ...item });
      return { skipped: true, pass: null };
    };
    try {
      if ((await redis.sismember(finished, key)) === 1) return skip('already recorded in this run');
      const redelivered = job.attemptsStarted > 1 || job.stalledCounter > 0 || job.attemptsMade > 0;
      if (redelivered && (await store.completedKeys(item.runId)).has(key)) {
        await markFinished(finished, key);
        return skip('already recorded (by a worker that stopped before finishing the job)');
      }
      const indexed = await planFor(item.runId);
      if (!indexed) {
        if ((await store.completedKeys(item.runId)).has(key)) return skip('already recorded; the run is finished');
        throw new UnrecoverableError(`config: run ${item.runId} has no spec in Redis (it expired or was never queued); resume the run to queue it again`);
      }
      const result = await runWorkItem(indexed, item, store, indexed.useCache);
      await markFinished(finished, key);
      emit({ type: 'done', pass: result.pass, error: result.error?.message ?? null, ...item });
      return { skipped: false, pass: result.pass };
    } catch (error) {
      throw jobError(error, UnrecoverableError);
    }
  };

  let processed = 0;
  const worker = new Worker<WorkJob, JobOutcome>(queueName, processJob, {
    connection: redis,
    prefix: QUEUE_PREFIX,
    concurrency,
    lockDuration,
    stalledInterval: lockDuration,
    // a job whose worker died is handed on; only one that kills worker after worker is given up on
    maxStalledCount: 5,
    autorun: false,
  });
  worker.on('completed', () => {
    processed++;
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const data = workJobSchema.safeParse(job.data);
    if (!data.success) return;
    emit({ type: 'failed', reason: error.message, attempt: job.attemptsMade, final: job.attemptsMade >= attempts, ...data.data });
  });
  worker.on('error', (error) => emit({ type: 'connection-error', message: error.message }));
  void worker.run().catch((error: unknown) => emit({ type: 'connection-error', message: error instanceof Error ? error.message : String(error) }));
  await worker.waitUntilReady();
  emit({ type: 'ready', queueName, concurrency });

  return {
    queueName,
    get processed() {
      return processed;
    },
    async close(closeOptions = {}) {
      await worker.close(closeOptions.force ?? false);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The run's spec is not in Redis. */
class NotPlannedError extends Error {}
