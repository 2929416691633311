/**
 * The names a distributed eval uses in Redis: the BullMQ queue, one job per work item with an id derived from
 * (run, case, model, repeat) so enqueueing the same item twice is a no-op, and two keys per run of our own: the
 * run's spec (what a worker plans from) and the set of work keys workers have finished.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { workKey } from '../runner/ports.js';

/** BullMQ's key prefix for every parity queue. */
export const QUEUE_PREFIX = 'parity';
export const DEFAULT_QUEUE_NAME = 'eval';
/** How long a run's spec and finished-set stay in Redis after the last (re)submission. */
export const RUN_KEYS_TTL_SECONDS = 7 * 24 * 3600;
/** …and after the submitting CLI saw the run complete (late redeliveries still find them). */
export const FINISHED_RUN_KEYS_TTL_SECONDS = 3600;

const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** Queue names become part of Redis keys: letters, digits, `_`, `.` and `-` only. */
export function checkQueueName(name: string, flag = '--queue-name'): string {
  if (!QUEUE_NAME.test(name)) throw new ValidationError(`${flag} must be 1–100 letters, digits, "_", "." or "-", got "${name}"`, flag);
  return name;
}

export const workJobSchema = z.object({
  runId: z.string().min(1),
  caseId: z.string(),
  modelRef: z.string().min(1),
  repeat: z.number().int().min(0),
});
/** The payload of one job: which work item of which run. The plan itself is in the run's spec. */
export type WorkJob = z.infer<typeof workJobSchema>;

/** The deterministic BullMQ job id of a work item (a hash: job ids may not contain `:`). */
export function workJobId(job: WorkJob): string {
  const digest = createHash('sha256').update(JSON.stringify([job.runId, workKey(job.caseId, job.modelRef, job.repeat)])).digest('hex');
  return `w${digest.slice(0, 40)}`;
}

export function specKey(queueName: string, runId: string): string {
  return `${QUEUE_PREFIX}:${queueName}:parity-spec:${runId}`;
}

/** A Redis set of `workKey`s a worker has recorded (or found recorded) for the run. */
export function finishedKey(queueName: string, runId: string): string {
  return `${QUEUE_PREFIX}:${queueName}:parity-finished:${runId}`;
}
