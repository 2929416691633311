/**
 * Plot options for a run: pass rates with their intervals, and the paired difference against the margin.
 * (With `percent: true` a scale multiplies values by 100, so its domain is given in percent.)
 */
import * as Plot from '@observablehq/plot';
import type { Comparison, ModelSummary } from '../../../src/eval/records/run-summary.js';
import { GROUP_COLORS } from './convergence.js';

const COLOR_OF: Record<string, string> = { open: GROUP_COLORS.range[0] ?? '#1b7f5f', closed: GROUP_COLORS.range[1] ?? '#b4461a', unknown: '#555' };

/** Models that answered nothing have no pass rate: they are left off the chart (the table says so). */
export function passRateOptions(models: readonly ModelSummary[], width: number): Plot.PlotOptions {
  const data = models.flatMap((model) => {
    const { passRate } = model;
    const { low, high } = model.passRateInterval;
    if (passRate === null || low === null || high === null) return [];
    const answered = model.attempts - model.errors;
    return [
      {
        label: model.label,
        group: model.openWeights === null ? 'unknown' : model.openWeights ? 'open' : 'closed',
        passRate,
        low,
        high,
        title: `${model.label}: ${(passRate * 100).toFixed(1)}% of ${answered} answered calls passed (95% Wilson interval ${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%)`,
      },
    ];
  });
  const longest = Math.max(...data.map((datum) => datum.label.length), 4);
  const groups = ['open', 'closed', 'unknown'].filter((group) => data.some((datum) => datum.group === group));
  return {
    height: Math.max(120, data.length * 34 + 50),
    marginLeft: Math.min(width * 0.4, longest * 7 + 12),
    x: { domain: [0, 100], percent: true, label: 'pass rate (%) →', grid: true },
    y: { label: null, domain: data.map((datum) => datum.label) },
    color: { domain: groups, range: groups.map((group) => COLOR_OF[group] ?? '#555'), legend: true },
    marks: [
      Plot.ruleY(data, { y: 'label', x1: 'low', x2: 'high', stroke: 'group', strokeWidth: 2 }),
      Plot.tickX(data, { y: 'label', x: 'low', stroke: 'group' }),
      Plot.tickX(data, { y: 'label', x: 'high', stroke: 'group' }),
      Plot.dot(data, { y: 'label', x: 'passRate', fill: 'group', r: 5, title: 'title', tip: true }),
    ],
  };
}

export function differenceOptions(comparison: Comparison, width: number): Plot.PlotOptions {
  const { interval, difference, margin } = comparison.nonInferiority;
  const low = interval.low ?? 0;
  const high = interval.high ?? 0;
  const value = difference ?? 0;
  const extent = Math.max(Math.abs(low), Math.abs(high), margin) * 1.3 + 0.01;
  const datum = [{ y: 'candidate − reference', low, high, value }];
  return {
    height: 130,
    width,
    marginLeft: 10,
    marginBottom: 40,
    x: { domain: [-extent * 100, extent * 100], percent: true, label: 'difference in pass rate (percentage points) →', grid: true },
    y: { axis: null },
    marks: [
      Plot.ruleX([0], { stroke: '#555' }),
      Plot.ruleX([-margin], { stroke: '#b4461a', strokeDasharray: '4 3' }),
      Plot.text([-margin], { x: (x: number) => x, frameAnchor: 'top', text: () => `−margin`, dy: 6, textAnchor: 'end', dx: -3, fill: '#8a3412' }),
      Plot.ruleY(datum, { y: 'y', x1: 'low', x2: 'high', strokeWidth: 3, stroke: '#1d3557' }),
      Plot.dot(datum, { y: 'y', x: 'value', r: 6, fill: '#1d3557', title: (d: { value: number; low: number; high: number }) => `${(d.value * 100).toFixed(1)} points (95% interval ${(d.low * 100).toFixed(1)} to ${(d.high * 100).toFixed(1)})` }),
    ],
  };
}
