/** How every routing report formats its figures, for the terminal and the HTML pages alike ('—' for no figure). */

export function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function usd(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : value.toPrecision(3);
}

/** A table as the library hands it over: the CLI renders it, the HTML pages too. */
export interface TableRows {
  head: string[];
  rows: string[][];
}
