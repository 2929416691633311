/**
 * A time axis for charts of events (requests, runs) that may span seconds or months: ticks on round UTC
 * instants at a step chosen for the span and the chart's width, labelled as a clock reads (`14:05`, `14:05:30`)
 * or as a day (`7 Dec`), with the day in the axis label when every tick falls on one. Plot's default time axis
 * writes sub-minute spans as `.000` and `:39:34`.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [SECOND, 5 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** The least span drawn, so a single request (or a burst within a second) still sits on a readable axis. */
const MIN_SPAN = MINUTE;

export interface TimeAxis {
  domain: [Date, Date];
  ticks: Date[];
  tickFormat: (date: Date) => string;
  label: string;
}

const pad = (value: number): string => String(value).padStart(2, '0');
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

function clock(date: Date, seconds: boolean): string {
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  return seconds ? `${time}:${pad(date.getUTCSeconds())}` : time;
}

/** The axis for these instants on a chart `width` pixels wide (about one tick per 90 px), or null with none. */
export function timeAxis(instants: readonly Date[], width: number): TimeAxis | null {
  const times = instants.map((date) => date.getTime()).filter((time) => Number.isFinite(time));
  if (times.length === 0) return null;
  let low = Math.min(...times);
  let high = Math.max(...times);
  if (high - low < MIN_SPAN) {
    const middle = (low + high) / 2;
    low = middle - MIN_SPAN / 2;
    high = middle + MIN_SPAN / 2;
  }
  const most = Math.max(2, Math.floor(width / 90));
  const step: number = STEPS.find((candidate) => (high - low) / candidate <= most) ?? 91 * DAY;
  const ticks: Date[] = [];
  for (let time = Math.ceil(low / step) * step; time <= high; time += step) ticks.push(new Date(time));
  const days = new Set(ticks.map(isoDay));
  const tickFormat =
    step >= DAY
      ? (date: Date) => `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}`
      : days.size <= 1
        ? (date: Date) => clock(date, step < MINUTE)
        : (date: Date) => (date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 ? `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}` : clock(date, step < MINUTE));
  const label = step < DAY && days.size === 1 ? `time (UTC), ${[...days][0] ?? ''}` : 'time (UTC)';
  return { domain: [new Date(low), new Date(high)], ticks, tickFormat, label };
}
