/**
 * WriteBehind over a worker thread (log-worker.ts): the main thread only queues entries and hands a batch over
 * every `flushIntervalMs` (or when `batchSize` is reached); validation and the database insert run in the
 * worker, on its own store connection. Used when the gateway opens the store itself from a URL (a file or
 * Postgres — a second connection to `sqlite::memory:` would be another database).
 *
 * The worker starts in the background: entries queue until it is ready. If it cannot start, everything goes to
 * the in-process writer over `fallbackStore` instead, so nothing is lost either way.
 */
import { Worker } from 'node:worker_threads';
import type { GatewayStore, RequestLogInput } from '../keys/gateway-store.js';
import type { SpendDelta } from '../state/gateway-state.js';
import { createWriteBehind, type WriteBehind } from './write-behind.js';

export interface WorkerWriterOptions {
  storeUrl: string | undefined;
  cwd: string;
  fallbackStore: GatewayStore;
  takePendingSpend: () => SpendDelta[];
  batchSize: number;
  flushIntervalMs: number;
  onError?: (error: unknown) => void;
}

type WorkerMessage = { type: 'ready' } | { type: 'flushed'; id: number } | { type: 'closed' } | { type: 'error'; message: string };

const fromSource = import.meta.url.endsWith('.ts');
const entryFile = new URL(`./log-worker${fromSource ? '.ts' : '.js'}`, import.meta.url);

/**
 * The worker's young generation. V8 sizes it for throughput (up to 3 × 16 MB here), and a thread that only
 * turns batches of log entries into INSERTs keeps it all resident; its live data is small and short-lived.
 */
const WORKER_YOUNG_GENERATION_MB = 6;

/** Running from TypeScript sources (tsx: the bench, development), the worker needs tsx's loader too. */
function spawnWorker(workerData: unknown): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  if (!fromSource) return new Worker(entryFile, { workerData, resourceLimits });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const source = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entryFile.href)}); })`;
  return new Worker(source, { eval: true, workerData, resourceLimits });
}

export function createWorkerWriter(options: WorkerWriterOptions): WriteBehind {
  const worker = spawnWorker({ url: options.storeUrl, cwd: options.cwd });
  worker.unref();
  const waiting = new Map<number, () => void>();
  let nextId = 0;
  let onClosed: (() => void) | undefined;
  let ready = false;
  let fallback: WriteBehind | undefined;
  let queue: RequestLogInput[] = [];
  let settleStartup: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (settleStartup = resolve));

  const switchToFallback = (error: unknown): void => {
    if (fallback !== undefined) return;
    options.onError?.(error);
    fallback = createWriteBehind({ ...options, store: options.fallbackStore });
    for (const entry of queue) fallback.append(entry);
    queue = [];
    for (const release of waiting.values()) release();
    waiting.clear();
    onClosed?.();
    settleStartup();
    void worker.terminate();
  };

  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'ready') {
      ready = true;
      settleStartup();
    } else if (message.type === 'flushed') {
      waiting.get(message.id)?.();
      waiting.delete(message.id);
    } else if (message.type === 'closed') onClosed?.();
    else if (message.type === 'error') {
      if (ready) options.onError?.(new Error(message.message));
      else switchToFallback(new Error(`request-log worker: ${message.message}`));
    }
  });
  worker.on('error', (error) => switchToFallback(error));

  const handOver = (): void => {
    if (fallback !== undefined || !ready) return;
    if (queue.length > 0) {
      worker.postMessage({ type: 'logs', entries: queue });
      queue = [];
    }
    const deltas = options.takePendingSpend();
    if (deltas.length > 0) worker.postMessage({ type: 'spend', deltas });
  };
  const timer = setInterval(handOver, options.flushIntervalMs);
  timer.unref();

  const flush = async (): Promise<void> => {
    await started;
    if (fallback !== undefined) return fallback.flush();
    handOver();
    const id = nextId++;
    await new Promise<void>((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ type: 'flush', id });
    });
  };

  return {
    append(entry) {
      if (fallback !== undefined) return fallback.append(entry);
      queue.push(entry);
      if (queue.length >= options.batchSize) handOver();
    },
    flush,
    async close() {
      clearInterval(timer);
      worker.ref(); // keep the process alive until the worker has written everything
      await flush();
      if (fallback !== undefined) return fallback.close();
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        worker.postMessage({ type: 'close' });
      });
      await worker.terminate();
    },
    get queued() {
      return fallback?.queued ?? queue.length;
    },
  };
}
