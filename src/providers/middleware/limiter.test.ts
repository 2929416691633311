import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { type LimiterClock, createLimiter } from './limiter.js';

/** Virtual time: sleeping advances the clock at once (after pending callbacks have run). */
function virtualClock(): LimiterClock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      clock.time += ms;
    },
  };
  return clock;
}

describe('Limiter', () => {
  it('spaces requests to the requests-per-minute rate after the initial burst', async () => {
    const clock = virtualClock();
    const limiter = createLimiter({ requestsPerMinute: 2, clock });
    const grantedAt: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map(async () => {
        const permit = await limiter.acquire();
        grantedAt.push(clock.now());
        permit.release();
      }),
    );
    expect(grantedAt).toEqual([0, 0, 30_000, 60_000]);
  });

  it('reserves estimated tokens and corrects them with the real usage', async () => {
    const clock = virtualClock();
    const limiter = createLimiter({ tokensPerMinute: 1000, clock });
    const first = await limiter.acquire(600);
    first.release(800); // used 200 more than reserved: 1000 - 800 = 200 left
    await limiter.acquire(600);
    // 400 missing at 1000/min = 24 s
    expect(clock.now()).toBe(24_000);
  });

  it('never lets more than `concurrency` calls run, serving waiters in order', async () => {
    const limiter = createLimiter({ concurrency: 1 });
    const order: string[] = [];
    const a = await limiter.acquire();
    const b = limiter.acquire().then((permit) => {
      order.push('b');
      return permit;
    });
    const c = limiter.acquire().then((permit) => {
      order.push('c');
      permit.release();
    });
    await Promise.resolve();
    expect(limiter.stats).toEqual({ active: 1, waiting: 2 });
    order.push('a done');
    a.release();
    (await b).release();
    await c;
    expect(order).toEqual(['a done', 'b', 'c']);
    expect(limiter.stats).toEqual({ active: 0, waiting: 0 });
  });

  it('drops an aborted waiter from the queue', async () => {
    const limiter = createLimiter({ concurrency: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(0, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.stats).toEqual({ active: 1, waiting: 0 });
    held.release();
  });

  it('rejects nonsense limits', () => {
    expect(() => createLimiter({ concurrency: 0 })).toThrow(ConfigError);
    expect(() => createLimiter({ requestsPerMinute: Number.NaN })).toThrow(ConfigError);
  });
});
