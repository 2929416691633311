/** Pieces every routing report page shares: escaping, number formats and the SVG line chart. */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`;
}

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
