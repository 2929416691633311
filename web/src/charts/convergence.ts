/** Plot options for the convergence page: frontiers, the lag over time, and price against score. */
import * as Plot from '@observablehq/plot';
import type { BenchmarkTrack, DomainTrack, PriceFrontier, TrackMethod } from '../../../src/track/output/track-report.js';
import { formatPricePoint } from '../../../src/track/report/format.js';
import { utc } from '../format.js';

export const GROUP_COLORS = { domain: ['open', 'closed'], range: ['#1b7f5f', '#b4461a'] };

interface StepDatum {
  date: Date;
  score: number;
  group: 'open' | 'closed';
  label: string;
}

function steps(group: 'open' | 'closed', track: BenchmarkTrack, end: string): StepDatum[] {
  const data = track.frontiers[group].map((point) => ({
    date: utc(point.date),
    score: point.score,
    group,
    label: `${point.modelName} (${group}): ${point.score} on ${point.date}, source ${point.source}`,
  }));
  const last = data[data.length - 1];
  if (last !== undefined && last.date < utc(end)) data.push({ ...last, date: utc(end), label: '' });
  return data;
}

export function frontierOptions(track: BenchmarkTrack, end: string, width: number): Plot.PlotOptions {
  const data = [...steps('closed', track, end), ...steps('open', track, end)];
  const points = data.filter((datum) => datum.label !== '');
  return {
    height: Math.min(360, Math.max(240, width * 0.45)),
    marginLeft: 52,
    x: { type: 'utc', label: null },
    y: { label: `${track.name} (${track.metric}) ↑`, grid: true, percent: track.metric === 'accuracy' },
    color: { ...GROUP_COLORS, legend: true },
    marks: [
      Plot.line(data, { x: 'date', y: 'score', z: 'group', stroke: 'group', curve: 'step-after', strokeWidth: 2 }),
      Plot.dot(points, { x: 'date', y: 'score', fill: 'group', r: 3.5, title: 'label', tip: true }),
    ],
  };
}

function halfYearDate(period: string): Date {
  const [year, half] = period.split('-H');
  return utc(`${year ?? '2000'}-${half === '1' ? '04' : '10'}-01`);
}

/** The lag over time as the chosen method measures it, with the half-year trend and its projection. */
export function lagOptions(domain: DomainTrack, method: TrackMethod, width: number): Plot.PlotOptions | null {
  const height = Math.min(360, Math.max(240, width * 0.45));
  const halfYears = (domain.trend?.halfYears ?? []).map((entry) => ({
    date: halfYearDate(entry.period),
    lag: entry.lagMonths,
    label: `${entry.period}: ${entry.lagMonths.toFixed(1)} months (median of ${entry.benchmarks} benchmark${entry.benchmarks === 1 ? '' : 's'})`,
  }));
  const projection = domain.trend?.projection ?? null;
  const trendMarks: Plot.Markish[] = [
    Plot.dot(halfYears, { x: 'date', y: 'lag', fill: 'currentColor', r: 4.5, symbol: 'diamond', title: 'label', tip: true }),
  ];
  // the trend's own fitted line (estimated within benchmarks), not a line refitted through the medians
  const line = domain.trend?.line ?? null;
  if (line !== null) {
    const ends = [line.start, line.end].map((end) => ({ date: utc(end.date), lag: end.lagMonths }));
    trendMarks.push(Plot.line(ends, { x: 'date', y: 'lag', stroke: 'currentColor', strokeDasharray: '5 3' }));
  }
  if (projection !== null) {
    trendMarks.push(
      Plot.rectX([projection], { x1: (value: typeof projection) => utc(value.low), x2: (value: typeof projection) => utc(value.high), fill: '#1b7f5f', fillOpacity: 0.12 }),
      Plot.ruleX([projection], { x: (value: typeof projection) => utc(value.date), stroke: '#1b7f5f', strokeDasharray: '2 2' }),
    );
  }
  if (method === 'area') {
    const bars = domain.benchmarks.flatMap((track) => (track.area?.lagMonths === null || track.area?.lagMonths === undefined ? [] : [{ benchmark: track.name, lag: track.area.lagMonths }]));
    if (bars.length === 0) return null;
    return {
      height: Math.max(160, bars.length * 22 + 50),
      marginLeft: Math.min(200, Math.max(...bars.map((bar) => bar.benchmark.length)) * 6.5 + 10),
      x: { label: 'area lag (months) → open behind', grid: true },
      y: { label: null },
      marks: [Plot.ruleX([0]), Plot.barX(bars, { y: 'benchmark', x: 'lag', fill: (bar: { lag: number }) => (bar.lag > 0 ? '#b4461a' : '#1b7f5f'), sort: { y: '-x' } }), Plot.dot(bars, { y: 'benchmark', x: 'lag', r: 0, title: (bar: { benchmark: string; lag: number }) => `${bar.benchmark}: ${bar.lag.toFixed(1)} months` })],
    };
  }
  const series =
    method === 'daily'
      ? domain.benchmarks.flatMap((track) => (track.daily?.series ?? []).map((point) => ({ date: utc(point.date), lag: point.lagMonths, benchmark: track.name, label: `${track.name}: ${point.lagMonths.toFixed(1)} months on ${point.date}` })))
      : domain.benchmarks.flatMap((track) =>
          (track.threshold?.crossings ?? []).map((crossing) => ({
            date: utc(crossing.open.date),
            lag: crossing.lagMonths,
            benchmark: track.name,
            label: `${track.name} level ${crossing.level}: closed ${crossing.closed.modelName} ${crossing.closed.date}, open ${crossing.open.modelName} ${crossing.open.date} → ${crossing.lagMonths.toFixed(1)} months`,
          })),
        );
  if (series.length === 0 && halfYears.length === 0) return null;
  const main: Plot.Markish[] =
    method === 'daily'
      ? [Plot.line(series, { x: 'date', y: 'lag', stroke: 'benchmark', strokeOpacity: 0.7 })]
      : [Plot.dot(series, { x: 'date', y: 'lag', stroke: 'benchmark', r: 3, title: 'label', tip: true })];
  return {
    height,
    marginLeft: 48,
    x: { type: 'utc', label: null },
    y: { label: 'lag (months) ↑ open behind', grid: true },
    color: { type: 'categorical', legend: series.length > 0 && width > 420 },
    marks: [Plot.ruleY([0]), ...main, ...trendMarks],
  };
}

export function priceOptions(frontier: PriceFrontier, metric: string, width: number): Plot.PlotOptions {
  const data = frontier.points.map((point) => ({
    ...point,
    group: point.open ? 'open' : 'closed',
    label: `${point.modelName} (${point.open ? 'open' : 'closed'}): ${point.score} at ${formatPricePoint(point)} (price: ${point.priceSource}; score: ${point.scoreSource})`,
  }));
  const pareto = data.filter((point) => point.onFrontier).sort((a, b) => a.pricePerMtok - b.pricePerMtok);
  const ends = pareto.filter((point) => point.modelId === frontier.commodityEnd || point.modelId === frontier.frontierEnd);
  return {
    height: Math.min(380, Math.max(260, width * 0.5)),
    marginLeft: 52,
    x: { type: 'log', label: 'blended price, USD per million tokens →', grid: true, tickFormat: (value: number) => `$${value}` },
    y: { label: `${metric} ↑`, grid: true },
    color: { ...GROUP_COLORS, legend: true },
    marks: [
      Plot.line(pareto, { x: 'pricePerMtok', y: 'score', curve: 'step-after', stroke: '#777' }),
      Plot.dot(data.filter((point) => !point.onFrontier), { x: 'pricePerMtok', y: 'score', stroke: 'group', r: 3, title: 'label', tip: true }),
      Plot.dot(pareto, { x: 'pricePerMtok', y: 'score', fill: 'group', r: 4.5, title: 'label', tip: true }),
      Plot.text(ends, { x: 'pricePerMtok', y: 'score', text: 'modelName', dy: -10, fontSize: 11 }),
    ],
  };
}
