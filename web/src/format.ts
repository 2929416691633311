/** How figures are written on the page. `—` stands for a figure that is not known. */
export const DASH = '—';

export function num(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : value.toFixed(digits);
}

export function int(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : Math.round(value).toLocaleString('en-US');
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : `${(value * 100).toFixed(digits)}%`;
}

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : Math.abs(value) >= 0.01 ? 3 : 5;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits })}`;
}

export function months(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : `${value.toFixed(1)} mo`;
}

/** A score as its metric writes it: accuracy as a percentage, Elo and index points as they are. */
export function score(value: number | null | undefined, metric: string | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (metric === 'accuracy') return `${(value * 100).toFixed(1)}%`;
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function tokens(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(value % 1_000_000 === 0 ? 0 : 1)}M`;
  if (value >= 1000) return `${(value / 1000).toFixed(value % 1000 === 0 ? 0 : 1)}k`;
  return String(value);
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

export function dateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return DASH;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
