import { describe, expect, it } from 'vitest';
import { microsToUsd, usdToMicros, utcDay } from './money.js';

describe('money', () => {
  it('counts a hundred cents as exactly one dollar, which floating point does not', () => {
    let floating = 0;
    let micros = 0;
    for (let i = 0; i < 100; i += 1) {
      floating += 0.01;
      micros += usdToMicros(0.01);
    }
    expect(floating).not.toBe(1);
    expect(micros).toBe(usdToMicros(1));
    expect(microsToUsd(micros)).toBe(1);
  });

  it('reads micro-dollars from the driver as numbers, strings or bigints', () => {
    expect(microsToUsd('2500000')).toBe(2.5);
    expect(microsToUsd(2_500_000n)).toBe(2.5);
  });

  it('names the UTC day', () => {
    expect(utcDay(new Date('2025-03-01T23:59:59-05:00'))).toBe('2025-03-02');
  });
});
