import { describe, expect, it } from 'vitest';
import { civilFromDay, dayFromYear, dayNumber, halfYearOf, isoFromDay, yearFromDay } from './dates.js';

describe('calendar arithmetic', () => {
  it('agrees with Date on every day from 1999 to 2031', () => {
    const start = Date.UTC(1999, 0, 1) / 86_400_000;
    const mismatches: string[] = [];
    for (let day = start; day < start + 33 * 366; day += 1) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (isoFromDay(day) !== iso || dayNumber(iso) !== day) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });

  it('knows half-years and fractional years', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(civilFromDay(dayNumber('2024-02-29'))).toEqual({ year: 2024, month: 2, day: 29 });
    expect(halfYearOf(dayNumber('2024-06-30'))).toBe('2024-H1');
    expect(halfYearOf(dayNumber('2024-07-01'))).toBe('2024-H2');
    expect(isoFromDay(dayFromYear(2025.5))).toBe('2025-07-03'); // 1 January + 182.5 days, rounded
    expect(yearFromDay(dayNumber('2025-01-01'))).toBe(2025);
    expect(() => dayNumber('2024-13-01')).toThrow(RangeError);
  });
});
