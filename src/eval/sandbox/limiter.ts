import { availableParallelism } from 'node:os';
import type { TaskLimiter } from '../graders/types.js';

/** A counting semaphore: at most `concurrency` tasks run at once, the rest wait in order. */
export function createLimiter(concurrency: number): TaskLimiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    active -= 1;
    const next = waiting.shift();
    if (next) next();
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
      active += 1;
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** The limiter code execution uses unless the context brings its own: one sandbox per core, at most 2. */
export const sharedSandboxLimiter: TaskLimiter = createLimiter(Math.max(1, Math.min(2, availableParallelism())));
