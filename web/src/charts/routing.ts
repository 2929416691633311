/** Plot options for routing: quality (or PGR) against the share of requests sent to the frontier model. */
import * as Plot from '@observablehq/plot';
import type { RouteEvalEntry, RouteSplitResponse } from '../../../src/dashboard/api/types.js';

export type CurveMeasure = 'quality' | 'pgr';

const METHOD_COLORS = { domain: ['router', 'random', 'length', 'oracle'], range: ['#1d3557', '#777777', '#b4461a', '#1b7f5f'] };

export function routingCurveOptions(entry: RouteEvalEntry, measure: CurveMeasure, width: number): Plot.PlotOptions {
  const report = entry.report;
  const curves = (
    [
      ['router', report.router.curve],
      ['random', report.baselines.random.curve],
      ['length', report.baselines.length.curve],
      ['oracle', report.baselines.oracle.curve],
    ] as const
  ).flatMap(([method, curve]) =>
    curve.flatMap((point) => {
      const value = measure === 'quality' ? point.quality : point.pgr;
      return value === null ? [] : [{ method, share: point.frontierShare, value, label: `${method}: ${(point.frontierShare * 100).toFixed(0)}% to the frontier model → ${measure} ${value.toFixed(3)}` }];
    }),
  );
  const chosen = entry.operatingPoints.flatMap((point) => {
    const value = measure === 'quality' ? point.quality : point.pgr;
    return value === null ? [] : [{ share: point.frontierShare, value, label: `${point.file}: threshold ${point.threshold.toFixed(3)} (${point.target.kind} ${point.target.value}) → ${(point.frontierShare * 100).toFixed(1)}% frontier, ${measure} ${value.toFixed(3)}` }];
  });
  return {
    height: Math.min(380, Math.max(260, width * 0.5)),
    marginLeft: 52,
    x: { domain: [0, 100], percent: true, label: 'requests sent to the frontier (strong) model, % →', grid: true },
    y: { label: measure === 'quality' ? 'mean quality ↑' : 'performance gap recovered ↑', grid: true },
    color: { ...METHOD_COLORS, legend: true },
    marks: [
      Plot.line(curves, { x: 'share', y: 'value', stroke: 'method', strokeWidth: (datum: { method: string }) => (datum.method === 'router' ? 2.5 : 1.5) }),
      Plot.dot(curves.filter((datum) => datum.method === 'router'), { x: 'share', y: 'value', fill: 'method', r: 2.5, title: 'label', tip: true }),
      Plot.dot(chosen, { x: 'share', y: 'value', r: 7, stroke: '#000', strokeWidth: 2, fill: '#ffd166', symbol: 'star', title: 'label' }),
      Plot.text(chosen, { x: 'share', y: 'value', text: () => 'operating point', dy: -14, fontSize: 11 }),
    ],
  };
}

export function splitOptions(split: RouteSplitResponse, width: number): Plot.PlotOptions {
  const data = split.byRoute.map((entry) => ({ route: entry.route, share: entry.share, label: `${entry.route}: ${entry.requests} requests (${(entry.share * 100).toFixed(1)}%)` }));
  return {
    height: Math.max(100, data.length * 32 + 50),
    width,
    marginLeft: 90,
    x: { domain: [0, 100], percent: true, label: 'share of requests (%) →', grid: true },
    y: { label: null },
    marks: [Plot.barX(data, { y: 'route', x: 'share', fill: '#1d3557', title: 'label', tip: true }), Plot.ruleX([0])],
  };
}
