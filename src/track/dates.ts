/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) as whole UTC days. Everything in track works in days since
 * 1970-01-01 so that results never depend on the machine's time zone or clock.
 */
const MS_PER_DAY = 86_400_000;

/** Days in an average Gregorian month (365.25 / 12); the unit of every lag parity prints. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; no Date objects). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The calendar date of a day number (inverse of `daysFromCivil`). */
export function civilFromDay(day: number): { year: number; month: number; day: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthPrime = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthPrime + 2) / 5) + 1;
  const month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfMonth };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumber(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > 31) throw new RangeError(`not a date: ${isoDate}`);
  return daysFromCivil(Number(match[1]), month, day);
}

export function isoFromDay(day: number): string {
  const date = civilFromDay(day);
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function daysToMonths(days: number): number {
  return days / DAYS_PER_MONTH;
}

/** `2024-H1` for January–June, `2024-H2` for July–December. */
export function halfYearOf(day: number): string {
  const date = civilFromDay(day);
  return `${date.year}-H${date.month <= 6 ? 1 : 2}`;
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

/** A day number as a fractional year (calendar arithmetic, no Date objects: it runs for every day of a lag series). */
export function yearFromDay(day: number): number {
  const whole = civilFromDay(day).year;
  const start = daysFromCivil(whole, 1, 1);
  const end = daysFromCivil(whole + 1, 1, 1);
  return whole + (day - start) / (end - start);
}
