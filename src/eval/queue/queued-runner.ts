/**
 * The submitting side of a distributed eval: a drop-in for `runEval` that, instead of calling models itself,
 * puts the run's spec and one job per pending work item on a BullMQ queue, then follows the shared store until
 * every item is recorded, emitting the same events as a local run (so progress, budget stop, Ctrl-C and the
 * summary behave the same). `executePlan(plan, { runner })` does the rest exactly as for a local run.
 */
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ERROR_CODES, ParityError, type ErrorCode } from '../../errors.js';
import type { Store } from '../../store/index.js';
import type { RunStatus } from '../records/run-status.js';
import { chargedAnEstimate } from '../runner/charge.js';
import { workKey } from '../runner/ports.js';
import { DEFAULT_MAX_ERROR_SHARE, finishedStatus, type RunEvalOptions, type RunnerResult } from '../runner/run-eval.js';
import { connectRedis, redactRedisUrl } from './redis-connection.js';
import {
  DEFAULT_QUEUE_NAME,
  FINISHED_RUN_KEYS_TTL_SECONDS,
  QUEUE_PREFIX,
  RUN_KEYS_TTL_SECONDS,
  checkQueueName,
  finishedKey,
  specKey,
  workJobId,
  workJobSchema,
  type WorkJob,
} from './queue-names.js';
import type { RunSpec } from './run-spec.js';

/** What the submitting CLI can show besides results: are workers there, how much is queued. */
export interface QueueStatus {
  runId: string;
  queueName: string;
  workers: number;
  waiting: number;
  active: number;
  recorded: number;
  total: number;
}

export interface QueuedRunHooks {
  /** The shared store the workers record into (the same one `executePlan` is given). */
  store: Store;
  onStatus?: (status: QueueStatus) => void;
  /** Between store polls (default: 500 ms, more for very large runs). */
  pollIntervalMs?: number;
  /** Tries per job before it counts as failed, which fails the run (default 3). */
  attempts?: number;
}

export interface EvalQueue {
  readonly queueName: string;
  /** The Redis URL with its password hidden. */
  readonly location: string;
  /** A runner for `executePlan` that runs `spec`'s work on the queue's workers. */
  runner(spec: RunSpec, hooks: QueuedRunHooks): (options: RunEvalOptions) => Promise<RunnerResult>;
  close(): Promise<void>;
}

const ENQUEUE_CHUNK = 500;
const STATUS_EVERY_MS = 2_000;

/** Connects to the queue (failing fast when Redis does not answer). */
export async function openEvalQueue(options: { redisUrl: string; queueName?: string }): Promise<EvalQueue> {
  const queueName = checkQueueName(options.queueName ?? DEFAULT_QUEUE_NAME);
  const redis = await connectRedis(options.redisUrl, 'producer');
  redis.on('error', () => undefined); // commands fail with the cause; the client reconnects by itself
  // BullMQ is loaded only by a process that queues a distributed eval
  const { Queue: BullQueue } = await import('bullmq');
  const queue = new BullQueue<WorkJob>(queueName, { connection: redis, prefix: QUEUE_PREFIX });
  queue.on('error', () => undefined);
  return {
    queueName,
    location: redactRedisUrl(options.redisUrl),
    runner: (spec, hooks) => (run) => runOnQueue({ queue, redis, queueName, spec, hooks }, run),
    async close() {
      await queue.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

interface QueueContext {
  queue: Queue<WorkJob>;
  redis: Redis;
  queueName: string;
  spec: RunSpec;
  hooks: QueuedRunHooks;
}

function* workItems(run: RunEvalOptions, repeats: number): Generator<WorkJob> {
  for (const testCase of run.cases)
    for (const target of run.targets)
      for (let repeat = 0; repeat < repeats; repeat++) yield { runId: run.runId, caseId: testCase.id, modelRef: target.ref, repeat };
}

const keyOf = (item: { caseId: string; modelRef: string; repeat: number }) => workKey(item.caseId, item.modelRef, item.repeat);

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A job failed for good: rebuild the worker's error (its code travels as a `code: ` prefix). */
function failureError(item: WorkJob, reason: string): ParityError {
  const match = /^([a-z-]+): ([\s\S]*)$/.exec(reason);
  const code = match && (ERROR_CODES as readonly string[]).includes(match[1]!) ? (match[1] as ErrorCode) : 'internal';
  const message = match && code !== 'internal' ? match[2]! : reason.replace(/^internal: /, '');
  return new ParityError(code, `a worker failed case "${item.caseId}" of ${item.modelRef} (repeat ${item.repeat}): ${message}`);
}

async function runOnQueue(context: QueueContext, run: RunEvalOptions): Promise<RunnerResult> {
  const { queue, redis, queueName, spec, hooks } = context;
  const store = hooks.store;
  const emit = run.onEvent ?? (() => undefined);
  const repeats = run.repeats ?? 1;
  const total = run.cases.length * run.targets.length * repeats;
  const completed = run.resume ? await store.completedKeys(run.runId) : new Set<string>();
  // rows already there that are not done (errors, run again on resume): a new row for the key replaces them
  const stale = new Map<string, string>();
  if (run.resume) for (const row of await store.listResults(run.runId)) if (!completed.has(keyOf(row))) stale.set(keyOf(row), row.recordedAt);

  const pending: WorkJob[] = [];
  let skipped = 0;
  for (const item of workItems(run, repeats)) {
    if (completed.has(keyOf(item))) skipped++;
    else pending.push(item);
  }
  const priorUsd = run.priorSpentUsd ?? 0;
  const maxErrorShare = run.maxErrorShare ?? DEFAULT_MAX_ERROR_SHARE;
  emit({ type: 'start', runId: run.runId, total, skipped, resumed: Boolean(run.resume), priorUsd, maxCostUsd: run.maxCostUsd ?? null });

  const finished = finishedKey(queueName, run.runId);
  await redis.set(specKey(queueName, run.runId), JSON.stringify(spec), 'EX', RUN_KEYS_TTL_SECONDS);
  if (run.resume) {
    if (stale.size > 0) await redis.srem(finished, ...stale.keys());
    await removeFailedJobs(queue, run.runId);
  }
  const jobOptions: JobsOptions = {
    attempts: hooks.attempts ?? 3,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: true,
    removeOnFail: { age: RUN_KEYS_TTL_SECONDS },
  };
  for (let start = 0; start < pending.length; start += ENQUEUE_CHUNK) {
    const chunk = pending.slice(start, start + ENQUEUE_CHUNK);
    await queue.addBulk(chunk.map((data) => ({ name: 'case', data, opts: { ...jobOptions, jobId: workJobId(data) } })));
  }

  const pollMs = hooks.pollIntervalMs ?? Math.min(5_000, Math.max(500, Math.ceil(total / 20))); // each poll reads the run's results
  const seen = new Set<string>();
  let done = skipped;
  let spentUsd = 0;
  // the models' calls charged an estimate (the workers' judge calls are in the spend, not in this count)
  let estimatedCalls = 0;
  const targets = new Map(run.targets.map((target) => [target.ref, target]));
  let failures = 0;
  let errors = 0;
  let status: RunStatus = 'completed';
  let lastFailedCount = await queue.getFailedCount();
  let lastStatusAt = 0;

  const collect = async () => {
    for (const row of await store.listResults(run.runId)) {
      const key = keyOf(row);
      if (completed.has(key) || seen.has(key) || stale.get(key) === row.recordedAt) continue;
      seen.add(key);
      const { recordedAt: _recordedAt, ...result } = row;
      done++;
      spentUsd += result.spentUsd;
      const target = targets.get(result.modelRef);
      if (target !== undefined && chargedAnEstimate(result, target)) estimatedCalls++;
      if (result.error !== null) errors++;
      else if (!result.pass) failures++;
      emit({ type: 'result', result, done, total, spentUsd: priorUsd + spentUsd, failures, errors });
    }
  };
  const unrecorded = () => pending.filter((item) => !seen.has(keyOf(item)));

  while (done < total) {
    if (run.signal?.aborted) {
      status = 'aborted';
      await withdraw(queue, unrecorded());
      break;
    }
    await collect();
    if (done >= total) break;
    if (run.maxCostUsd !== undefined && priorUsd + spentUsd >= run.maxCostUsd) {
      status = 'stopped-budget';
      emit({ type: 'budget-stop', spentUsd: priorUsd + spentUsd, maxCostUsd: run.maxCostUsd });
      const active = await withdraw(queue, unrecorded());
      await waitUntilGone(queue, active, pollMs, run.signal);
      await collect();
      break;
    }
    const failedCount = await queue.getFailedCount();
    if (failedCount !== lastFailedCount) {
      lastFailedCount = failedCount;
      const failure = await findFailedJob(queue, run.runId);
      if (failure) {
        await withdraw(queue, unrecorded());
        throw failureError(failure.item, failure.reason);
      }
    }
    if (hooks.onStatus && Date.now() - lastStatusAt >= STATUS_EVERY_MS) {
      lastStatusAt = Date.now();
      const [workers, counts] = await Promise.all([queue.getWorkersCount(), queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active')]);
      hooks.onStatus({
        runId: run.runId,
        queueName,
        workers,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
        active: counts.active ?? 0,
        recorded: done,
        total,
      });
    }
    await sleep(pollMs, run.signal);
  }
  if (status === 'completed') {
    status = finishedStatus({ total, errors, maxErrorShare });
    await redis.expire(specKey(queueName, run.runId), FINISHED_RUN_KEYS_TTL_SECONDS);
    await redis.expire(finished, FINISHED_RUN_KEYS_TTL_SECONDS);
  }
  emit({ type: 'finish', runId: run.runId, done, total, spentUsd: priorUsd + spentUsd, errors, status });
  return { runId: run.runId, status, done, total, skipped, errors, failures, maxErrorShare, spentUsd, estimatedCalls };
}

/** Takes the run's not-yet-started jobs off the queue; returns the ids of those a worker holds (still running). */
async function withdraw(queue: Queue<WorkJob>, items: readonly WorkJob[]): Promise<string[]> {
  const held: string[] = [];
  for (let start = 0; start < items.length; start += ENQUEUE_CHUNK) {
    const ids = items.slice(start, start + ENQUEUE_CHUNK).map(workJobId);
    const removed = await Promise.all(ids.map((id) => queue.remove(id)));
    removed.forEach((count, index) => {
      if (count === 0) held.push(ids[index]!);
    });
  }
  return held;
}

async function waitUntilGone(queue: Queue<WorkJob>, ids: readonly string[], pollMs: number, signal: AbortSignal | undefined): Promise<void> {
  let left = [...ids];
  while (left.length > 0 && !signal?.aborted) {
    const states = await Promise.all(left.map((id) => queue.getJobState(id)));
    left = left.filter((_, index) => states[index] === 'active' || states[index] === 'waiting' || states[index] === 'delayed');
    if (left.length > 0) await sleep(pollMs, signal);
  }
}

async function findFailedJob(queue: Queue<WorkJob>, runId: string): Promise<{ item: WorkJob; reason: string } | undefined> {
  for (const job of await queue.getFailed(0, 999)) {
    const item = workJobSchema.safeParse(job.data);
    if (item.success && item.data.runId === runId) return { item: item.data, reason: job.failedReason ?? 'unknown failure' };
  }
  return undefined;
}

/** On resume: failed jobs keep their ids and would block re-enqueueing the same work items. */
async function removeFailedJobs(queue: Queue<WorkJob>, runId: string): Promise<void> {
  const jobs = await queue.getFailed(0, -1);
  for (const job of jobs) {
    const item = workJobSchema.safeParse(job.data);
    if (item.success && item.data.runId === runId && job.id !== undefined) await queue.remove(job.id);
  }
}
