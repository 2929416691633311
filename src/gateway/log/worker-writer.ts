/**
 * WriteBehind over a worker thread (log-worker.ts): the main thread only queues entries and hands a batch over
 * every `flushIntervalMs` (or when `batchSize` is reached); validation and the database insert run in the
 * worker, on its own store connection. Used when the gateway opens the store itself from a URL (a file or
 * Postgres — a second connection to `sqlite::memory:` would be another database).
 */
import { Worker } from 'node:worker_threads';
import type { RequestLogInput } from '../keys/gateway-store.js';
import type { SpendDelta } from '../state/gateway-state.js';
import type { WriteBehind } from './write-behind.js';

export interface WorkerWriterOptions {
  storeUrl: string | undefined;
  cwd: string;
  takePendingSpend: () => SpendDelta[];
  batchSize: number;
  flushIntervalMs: number;
  onError?: (error: unknown) => void;
}

type WorkerMessage = { type: 'ready' } | { type: 'flushed'; id: number } | { type: 'closed' } | { type: 'error'; message: string };

const fromSource = import.meta.url.endsWith('.ts');
const entryFile = new URL(`./log-worker${fromSource ? '.ts' : '.js'}`, import.meta.url);

/** Running from TypeScript sources (tsx: the bench, development), the worker needs tsx's loader too. */
function spawnWorker(workerData: unknown): Worker {
  if (!fromSource) return new Worker(entryFile, { workerData });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const source = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entryFile.href)}); })`;
  return new Worker(source, { eval: true, workerData });
}

export async function createWorkerWriter(options: WorkerWriterOptions): Promise<WriteBehind> {
  const worker = spawnWorker({ url: options.storeUrl, cwd: options.cwd });
  worker.unref();
  const waiting = new Map<number, () => void>();
  let nextId = 0;
  let onClosed: (() => void) | undefined;
  let failed: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      if (message.type === 'ready') {
        cleanup();
        resolve();
      } else if (message.type === 'error') {
        cleanup();
        reject(new Error(message.message));
      }
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
  });

  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'flushed') {
      waiting.get(message.id)?.();
      waiting.delete(message.id);
    } else if (message.type === 'closed') onClosed?.();
    else if (message.type === 'error') options.onError?.(new Error(message.message));
  });
  worker.on('error', (error) => {
    failed = error;
    options.onError?.(error);
    for (const release of waiting.values()) release();
    waiting.clear();
    onClosed?.();
  });

  let queue: RequestLogInput[] = [];
  const handOver = (): void => {
    if (failed !== undefined) return;
    if (queue.length > 0) {
      worker.postMessage({ type: 'logs', entries: queue });
      queue = [];
    }
    const deltas = options.takePendingSpend();
    if (deltas.length > 0) worker.postMessage({ type: 'spend', deltas });
  };
  const timer = setInterval(handOver, options.flushIntervalMs);
  timer.unref();

  const flush = (): Promise<void> => {
    handOver();
    if (failed !== undefined) return Promise.resolve();
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ type: 'flush', id });
    });
  };

  return {
    append(entry) {
      queue.push(entry);
      if (queue.length >= options.batchSize) handOver();
    },
    flush,
    async close() {
      clearInterval(timer);
      worker.ref(); // keep the process alive until the worker has written everything
      await flush();
      if (failed === undefined) {
        await new Promise<void>((resolve) => {
          onClosed = resolve;
          worker.postMessage({ type: 'close' });
        });
      }
      await worker.terminate();
    },
    get queued() {
      return queue.length;
    },
  };
}
