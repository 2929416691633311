/** Number formatting shared by the memo's Markdown and HTML, so both print the same figures. */

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${(value * 100).toFixed(digits)}%`;
}

/** A difference of two shares, in percentage points, with its sign. */
export function points(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const text = (value * 100).toFixed(digits);
  return `${value > 0 && Number(text) !== 0 ? '+' : ''}${text} pt`;
}

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value === 0) return '$0';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 1 ? 2 : 4;
  const text = magnitude.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${value < 0 ? '-' : ''}$${text}`;
}

/** A signed dollar change: +$1,234 or -$1,234. */
export function usdChange(value: number): string {
  return `${value > 0 ? '+' : ''}${usd(value)}`;
}

export function months(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(1)} months`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function interval(low: number | null, high: number | null, format: (value: number | null) => string = percent): string {
  return `${format(low)} to ${format(high)}`;
}

/** `[E]`, `[W][P1]`: the source tags after a figure. */
export function tags(keys: readonly string[]): string {
  return [...new Set(keys)].map((key) => `[${key}]`).join('');
}

/** A share with its sign: +12.5% or -12.5%. */
export function signedPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const text = (Math.abs(value) * 100).toFixed(digits);
  return `${value > 0 && Number(text) !== 0 ? '+' : value < 0 && Number(text) !== 0 ? '-' : ''}${text}%`;
}

/** A margin in percentage points, without sign. */
export function marginPoints(value: number): string {
  return `${(value * 100).toFixed(1)} pt`;
}
