/** Plot options for the cost page: monthly cost against daily volume, each API price and self-hosting. */
import * as Plot from '@observablehq/plot';
import type { CostResponse } from '../../../src/dashboard/api/types.js';

export function costCurveOptions(curve: CostResponse['curve'], width: number): Plot.PlotOptions {
  const points = curve.points.filter((point) => point.monthlyCost > 0 && point.requestsPerDay > 0);
  const marks: Plot.Markish[] = [
    Plot.line(points, { x: 'requestsPerDay', y: 'monthlyCost', stroke: 'series', strokeWidth: 2 }),
    Plot.dot(points, {
      x: 'requestsPerDay',
      y: 'monthlyCost',
      fill: 'series',
      r: 2,
      title: (point: { series: string; requestsPerDay: number; monthlyCost: number }) => `${point.series}: $${Math.round(point.monthlyCost).toLocaleString('en-US')}/month at ${Math.round(point.requestsPerDay).toLocaleString('en-US')} requests/day`,
      tip: true,
    }),
    Plot.ruleX([curve.current], { stroke: '#555', strokeDasharray: '3 3' }),
    Plot.text([curve.current], { x: (value: number) => value, frameAnchor: 'top', text: () => 'your volume', textAnchor: 'start', dx: 4, dy: 4 }),
  ];
  if (curve.breakEven !== null && Number.isFinite(curve.breakEven) && curve.breakEven > 0) {
    marks.push(
      Plot.ruleX([curve.breakEven], { stroke: '#1b7f5f', strokeDasharray: '6 3' }),
      Plot.text([curve.breakEven], { x: (value: number) => value, frameAnchor: 'bottom', text: () => 'break-even', textAnchor: 'start', dx: 4, dy: -4, fill: '#14603f' }),
    );
  }
  return {
    height: Math.min(380, Math.max(260, width * 0.5)),
    marginLeft: 64,
    x: { type: 'log', label: 'requests per day →', grid: true, tickFormat: '~s' },
    y: { type: 'log', label: 'USD per month ↑', grid: true, tickFormat: (value: number) => `$${value >= 1000 ? `${value / 1000}k` : value}` },
    color: { legend: true },
    marks,
  };
}
