/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) as whole UTC days. Everything in track works in days since
 * 1970-01-01 so that results never depend on the machine's time zone or clock.
 */
const MS_PER_DAY = 86_400_000;

/** Days in an average Gregorian month (365.25 / 12); the unit of every lag parity prints. */
export const DAYS_PER_MONTH = 365.25 / 12;

export function dayNumber(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${isoDate}`);
  return Math.round(ms / MS_PER_DAY);
}

export function isoFromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function daysToMonths(days: number): number {
  return days / DAYS_PER_MONTH;
}

/** `2024-H1` for January–June, `2024-H2` for July–December. */
export function halfYearOf(day: number): string {
  const date = new Date(day * MS_PER_DAY);
  return `${date.getUTCFullYear()}-H${date.getUTCMonth() < 6 ? 1 : 2}`;
}

/** The middle of a half-year label, as a fractional year (2024-H1 → 2024.25). */
export function halfYearMidpoint(label: string): number {
  const match = /^(\d{4})-H([12])$/.exec(label);
  if (!match) throw new RangeError(`not a half-year: ${label}`);
  return Number(match[1]) + (match[2] === '1' ? 0.25 : 0.75);
}

/** A fractional year (2024.5) as a day number. */
export function dayFromYear(year: number): number {
  const whole = Math.floor(year);
  const start = Date.UTC(whole, 0, 1) / MS_PER_DAY;
  const end = Date.UTC(whole + 1, 0, 1) / MS_PER_DAY;
  return Math.round(start + (year - whole) * (end - start));
}

/** A day number as a fractional year. */
export function yearFromDay(day: number): number {
  const whole = new Date(day * MS_PER_DAY).getUTCFullYear();
  const start = Date.UTC(whole, 0, 1) / MS_PER_DAY;
  const end = Date.UTC(whole + 1, 0, 1) / MS_PER_DAY;
  return whole + (day - start) / (end - start);
}
