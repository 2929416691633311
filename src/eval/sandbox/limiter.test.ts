import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter.js';

describe('createLimiter', () => {
  it('never runs more than `concurrency` tasks at once and runs them all', async () => {
    const limiter = createLimiter(2);
    let active = 0;
    let peak = 0;
    const task = async (value: number): Promise<number> => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return value * 2;
    };
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((value) => limiter.run(() => task(value))));
    expect(results).toEqual([2, 4, 6, 8, 10, 12]);
    expect(peak).toBe(2);
  });

  it('releases its slot when a task fails', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('rejects a non-positive concurrency', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
