/**
 * A per-provider limiter: at most `concurrency` calls at once, `requestsPerMinute` and `tokensPerMinute`
 * enforced by token buckets that refill continuously. Waiters are served first come, first served.
 *
 * Written here rather than taken from p-limit/bottleneck: p-limit has no rate limits, bottleneck has no
 * token-weighted reservation that is reconciled with the real usage afterwards, and this is ~150 lines.
 */
import { ConfigError } from '../../errors.js';
import { type SleepFunction, sleep as realSleep } from './sleep.js';

export interface LimiterClock {
  now(): number;
  sleep: SleepFunction;
}

export interface LimiterOptions {
  /** Calls in flight at once (default unlimited). */
  concurrency?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** For tests: a virtual clock. */
  clock?: LimiterClock;
}

export interface Permit {
  /** Returns the slot; `usedTokens` (input + output, when known) corrects the token reservation. */
  release(usedTokens?: number): void;
}

const REAL_CLOCK: LimiterClock = { now: () => performance.now(), sleep: realSleep };

class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    private readonly clock: LimiterClock,
  ) {
    this.tokens = capacity;
    this.updatedAt = clock.now();
    this.perMs = capacity / 60_000;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
  }

  /** Milliseconds until `amount` (capped at capacity, so a huge request cannot wait forever) is available. */
  waitMs(amount: number): number {
    this.refill();
    const needed = Math.min(amount, this.capacity);
    // a small epsilon keeps float drift from adding a stray millisecond
    return this.tokens >= needed - 1e-9 ? 0 : Math.ceil((needed - this.tokens) / this.perMs - 1e-9);
  }

  /** Takes tokens; a negative balance (usage above the estimate) delays later callers. */
  take(amount: number): void {
    this.refill();
    this.tokens -= amount;
  }
}

interface Waiter {
  tokens: number;
  resolve: (permit: Permit) => void;
}

function checkLimit(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new ConfigError(`limits.${name}`, `must be a positive number, got ${value}`);
  }
}

export class Limiter {
  private readonly concurrency: number;
  private readonly requests: TokenBucket | undefined;
  private readonly tokens: TokenBucket | undefined;
  private readonly clock: LimiterClock;
  private readonly queue: Waiter[] = [];
  private active = 0;
  private pumping = false;

  constructor(options: LimiterOptions = {}) {
    checkLimit('concurrency', options.concurrency);
    checkLimit('requestsPerMinute', options.requestsPerMinute);
    checkLimit('tokensPerMinute', options.tokensPerMinute);
    this.clock = options.clock ?? REAL_CLOCK;
    this.concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
    this.requests = options.requestsPerMinute === undefined ? undefined : new TokenBucket(options.requestsPerMinute, this.clock);
    this.tokens = options.tokensPerMinute === undefined ? undefined : new TokenBucket(options.tokensPerMinute, this.clock);
  }

  get tracksTokens(): boolean {
    return this.tokens !== undefined;
  }

  /** Calls running now and calls waiting. */
  get stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.queue.length };
  }

  /** Waits for a slot for a call expected to use `estimatedTokens`; rejects with the reason if `signal` aborts. */
  acquire(estimatedTokens = 0, signal?: AbortSignal): Promise<Permit> {
    signal?.throwIfAborted();
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = {
        tokens: estimatedTokens,
        resolve: (permit) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(permit);
        },
      };
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index !== -1) this.queue.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      void this.pump();
    });
  }

  private grant(waiter: Waiter): void {
    this.active++;
    this.requests?.take(1);
    this.tokens?.take(waiter.tokens);
    let released = false;
    waiter.resolve({
      release: (usedTokens) => {
        if (released) return;
        released = true;
        this.active--;
        if (usedTokens !== undefined && Number.isFinite(usedTokens)) this.tokens?.take(usedTokens - waiter.tokens);
        void this.pump();
      },
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const head = this.queue[0];
        if (head === undefined || this.active >= this.concurrency) return;
        const waitMs = Math.max(this.requests?.waitMs(1) ?? 0, this.tokens?.waitMs(head.tokens) ?? 0);
        if (waitMs > 0) {
          await this.clock.sleep(waitMs);
          continue; // the head may have aborted meanwhile
        }
        this.queue.shift();
        this.grant(head);
      }
    } finally {
      this.pumping = false;
    }
  }
}

export function createLimiter(options: LimiterOptions = {}): Limiter {
  return new Limiter(options);
}
