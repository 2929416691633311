/** Distributed evaluation: `parity eval --queue redis://…` submits, `parity worker` processes. */
export { startEvalWorker, type EvalWorker, type EvalWorkerOptions, type JobOutcome, type WorkerEvent } from './eval-worker.js';
export { openEvalQueue, type EvalQueue, type QueuedRunHooks, type QueueStatus } from './queued-runner.js';
export { DEFAULT_QUEUE_NAME, checkQueueName, workJobId, type WorkJob } from './queue-names.js';
export { connectRedis, parseRedisUrl, redactRedisUrl } from './redis-connection.js';
export { benchmarkRunSpec, parseRunSpec, planFromSpec, suiteRunSpec, type RunSpec } from './run-spec.js';
export { checkSharedStore } from './shared-store.js';
export { indexPlan, runWorkItem, type IndexedPlan } from './work-item.js';
