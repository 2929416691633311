/** Pieces every routing report page shares: escaping, number formats and the SVG line chart. */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { TableRows } from './format.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export { fixed, percent } from './format.js';

export interface SeriesPoint {
  method: string;
  frontierShare: number;
  value: number;
}

export interface ChartOptions {
  xLabel: string;
  yLabel: string;
  /** Series names, in legend order, and their colours; the one named `dashed` is drawn dashed. */
  methods: readonly string[];
  colors: readonly string[];
  dashed?: string;
}

/** Lines per method over x ∈ [0, 1], dots for fixed points; SVG drawn server-side (no script). */
export function lineChart(points: readonly SeriesPoint[], fixedPoints: readonly SeriesPoint[], options: ChartOptions): string {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const figure = Plot.plot({
    document: document as unknown as NonNullable<Plot.PlotOptions['document']>,
    width: 720,
    height: 380,
    marginLeft: 56,
    style: { fontFamily: 'system-ui, sans-serif', fontSize: '12px', background: 'white' },
    x: { label: options.xLabel, domain: [0, 1], tickFormat: '.0%', grid: true },
    y: { label: `↑ ${options.yLabel}`, grid: true },
    color: { legend: true, domain: [...options.methods], range: [...options.colors] },
    marks: [
      Plot.line(points.filter((point) => point.method !== options.dashed), { x: 'frontierShare', y: 'value', stroke: 'method', strokeWidth: 2 }),
      Plot.line(points.filter((point) => point.method === options.dashed), { x: 'frontierShare', y: 'value', stroke: 'method', strokeWidth: 1.5, strokeDasharray: '4,3' }),
      Plot.dot(fixedPoints, { x: 'frontierShare', y: 'value', fill: 'method', r: 5 }),
    ],
  }) as unknown as { outerHTML: string };
  return figure.outerHTML;
}

export const PAGE_STYLE = 'body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;color:#222;padding:0 1em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}small{color:#666}figure{margin:1em 0}';

/** A table of rows, escaped. */
export function htmlTable(rows: TableRows): string {
  const head = rows.head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = rows.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A self-contained page: no script, no external asset. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

/** Notes as a list under their heading, or nothing. */
export function htmlNotes(notes: readonly string[]): string {
  return notes.length === 0 ? '' : `<h2>Notes</h2><ul>${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
}
