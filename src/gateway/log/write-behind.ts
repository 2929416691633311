/**
 * Everything the gateway persists, written behind the hot path: request-log entries are queued and stored in
 * batches, and booked spend is summed per key and day and added to the store's counters. A failed write is
 * retried on the next flush (log ids make a retried batch idempotent); `close` flushes until nothing is left.
 */
import type { GatewayStore, RequestLogInput } from '../keys/gateway-store.js';
import type { SpendDelta } from '../state/gateway-state.js';

export interface WriteBehindOptions {
  store: GatewayStore;
  /** Where booked spend comes from (GatewayState.takePendingSpend). */
  takePendingSpend: () => SpendDelta[];
  batchSize: number;
  flushIntervalMs: number;
  onError?: (error: unknown) => void;
}

export interface WriteBehind {
  append(entry: RequestLogInput): void;
  /** Writes everything queued so far; resolves when it is stored (or has failed and been re-queued). */
  flush(): Promise<void>;
  /** Stops the timer and flushes until the queue is empty (or writes keep failing three times). */
  close(): Promise<void>;
  readonly queued: number;
}

/** Writes one delta of booked spend: against its budget lease (giving the lease back when asked), or on its day. */
export function writeSpend(store: Pick<GatewayStore, 'settleBudget' | 'settleBudgetLease'>, delta: SpendDelta): Promise<void> {
  if (delta.lease !== undefined) {
    return store.settleBudgetLease({ keyId: delta.keyId, leaseId: delta.lease, day: delta.day, spentUsd: delta.usd, close: delta.close === true });
  }
  return store.settleBudget(delta.keyId, 0, delta.usd, delta.day);
}

export function createWriteBehind(options: WriteBehindOptions): WriteBehind {
  let queue: RequestLogInput[] = [];
  let spendRetry: SpendDelta[] = [];
  let running: Promise<void> | undefined;
  let closed = false;

  const writeOnce = async (): Promise<void> => {
    const spend = [...spendRetry, ...options.takePendingSpend()];
    spendRetry = [];
    for (const delta of spend) {
      try {
        await writeSpend(options.store, delta);
      } catch (error) {
        spendRetry.push(delta);
        options.onError?.(error);
      }
    }
    while (queue.length > 0) {
      const batch = queue.slice(0, options.batchSize);
      try {
        await options.store.appendRequestLogs(batch);
        queue = queue.slice(batch.length);
      } catch (error) {
        options.onError?.(error);
        return; // keep the batch queued; the next flush retries it
      }
    }
  };

  const flush = (): Promise<void> => {
    // one writer at a time; a flush asked for during a write runs after it
    const next = (running ?? Promise.resolve()).then(writeOnce);
    running = next.finally(() => {
      if (running === tracked) running = undefined;
    });
    const tracked = running;
    return next;
  };

  const timer = setInterval(() => {
    if (queue.length > 0 || !closed) void flush();
  }, options.flushIntervalMs);
  timer.unref();

  return {
    append(entry) {
      queue.push(entry);
      if (queue.length >= options.batchSize && running === undefined) void flush();
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      for (let attempt = 0; attempt < 3; attempt++) {
        await flush();
        if (queue.length === 0 && spendRetry.length === 0) return;
      }
    },
    get queued() {
      return queue.length;
    },
  };
}
