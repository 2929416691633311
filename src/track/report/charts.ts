/**
 * The report's charts, drawn by Observable Plot on a server-side DOM (linkedom) and returned as SVG/HTML
 * markup to inline. No scripts, fonts or requests: the markup is static.
 */
import { Plot, renderPlot, type Markish, type PlotOptions } from '../../kernel/chart.js';
import type { BenchmarkTrack, DomainTrack, PriceFrontier } from '../output/track-report.js';
import type { EpochPoint } from '../output/epoch-2024-output.js';
import { escapeHtml, formatPricePoint } from './format.js';

/** Tableau 10: line colours for the benchmarks of a lag chart. */
const SERIES_COLORS = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'] as const;
const COLORS = { domain: ['open', 'closed'], range: ['#1b7f5f', '#c0501a'] };
const WIDTH = 640;

function render(options: PlotOptions): string {
  return renderPlot({ width: WIDTH, height: 260, style: { fontSize: '11px' }, ...options });
}

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

interface StepDatum {
  date: Date;
  score: number;
  group: 'open' | 'closed';
  label: string;
}

/** Frontier points plus a last point at `end`, so each step line runs to the end of the window. */
function steps(group: 'open' | 'closed', points: ReadonlyArray<{ date: string; score: number; label: string }>, end: string): StepDatum[] {
  const data = points.map((point) => ({ date: utc(point.date), score: point.score, group, label: point.label }));
  const last = data[data.length - 1];
  if (last && last.date < utc(end)) data.push({ ...last, date: utc(end), label: '' });
  return data;
}

function frontierPlot(open: StepDatum[], closed: StepDatum[], yLabel: string, percent: boolean): string {
  const data = [...closed, ...open];
  const points = data.filter((datum) => datum.label !== '');
  return render({
    x: { type: 'utc', label: null },
    y: { label: yLabel, grid: true, percent },
    color: COLORS,
    marks: [
      Plot.line(data, { x: 'date', y: 'score', z: 'group', stroke: 'group', curve: 'step-after', strokeWidth: 2 }),
      Plot.dot(points, { x: 'date', y: 'score', fill: 'group', r: 3, title: 'label' }),
    ],
  });
}

export function frontierChart(track: BenchmarkTrack, end: string): string {
  const label = (point: BenchmarkTrack['frontiers']['open'][number]) =>
    `${point.modelName}: ${point.score} (${point.date}; ${point.source})`;
  const open = steps('open', track.frontiers.open.map((point) => ({ date: point.date, score: point.score, label: label(point) })), end);
  const closed = steps('closed', track.frontiers.closed.map((point) => ({ date: point.date, score: point.score, label: label(point) })), end);
  return frontierPlot(open, closed, `${track.name} (${track.metric}) ↑`, track.metric === 'accuracy');
}

export function epochFrontierChart(benchmark: string, open: readonly EpochPoint[], closed: readonly EpochPoint[], end: string): string {
  const label = (point: EpochPoint) => `${point.system}: ${point.accuracy} (${point.date}; ${point.source})`;
  return frontierPlot(
    steps('open', open.map((point) => ({ date: point.date, score: point.accuracy, label: label(point) })), end),
    steps('closed', closed.map((point) => ({ date: point.date, score: point.accuracy, label: label(point) })), end),
    `${benchmark} accuracy ↑`,
    true,
  );
}

/** One legend for the page instead of one per chart (each Plot legend is extra DOM work). */
export function groupLegend(): string {
  return COLORS.domain
    .map((group, index) => `<span class="swatch" style="background:${COLORS.range[index] ?? '#000'}"></span>${group}`)
    .join(' ');
}

/** The daily lag of each benchmark (monthly samples), the half-year medians and the trend's fitted line. */
export function lagChart(domain: DomainTrack, tracks: readonly BenchmarkTrack[] = domain.benchmarks): string | null {
  const series = tracks.flatMap((track) =>
    (track.daily?.series ?? []).map((point) => ({ date: utc(point.date), lag: point.lagMonths, benchmark: track.name })),
  );
  const halfYears = (domain.trend?.halfYears ?? []).map((entry) => {
    const [year, half] = entry.period.split('-H');
    return { date: utc(`${year}-${half === '1' ? '04' : '10'}-01`), lag: entry.lagMonths, label: `${entry.period}: ${entry.lagMonths.toFixed(1)} months (median of ${entry.benchmarks})` };
  });
  if (series.length === 0 && halfYears.length === 0) return null;
  const marks: Markish[] = [
    Plot.ruleY([0]),
    Plot.line(series, { x: 'date', y: 'lag', stroke: 'benchmark', strokeOpacity: 0.6 }),
    Plot.dot(halfYears, { x: 'date', y: 'lag', fill: 'black', r: 4, title: 'label' }),
  ];
  const line = domain.trend?.line ?? null;
  if (line !== null) {
    const ends = [line.start, line.end].map((end) => ({ date: utc(end.date), lag: end.lagMonths }));
    marks.push(Plot.line(ends, { x: 'date', y: 'lag', stroke: 'black', strokeDasharray: '4 3' }));
  }
  const names = tracks.filter((track) => (track.daily?.series.length ?? 0) > 0).map((track) => track.name);
  const range = names.map((_, index) => SERIES_COLORS[index % SERIES_COLORS.length] as string);
  const svg = render({
    x: { type: 'utc', label: null },
    y: { label: 'lag (months) ↑ open behind', grid: true },
    color: { domain: names, range },
    marks,
  });
  const legend = names
    .map((name, index) => `<span class="swatch" style="background:${range[index] ?? '#000'}"></span>${escapeHtml(name)}`)
    .join(' ');
  return `<div class="legend">${legend}</div>${svg}`;
}

/** Price against score with the Pareto frontier; hollow dots are the middle ground (dominated models). */
export function priceChart(frontier: PriceFrontier, metricLabel: string, percent = false): string {
  const data = frontier.points.map((point) => ({
    ...point,
    group: point.open ? 'open' : 'closed',
    label: `${point.modelName}: ${point.score} at ${formatPricePoint(point)} (score: ${point.scoreSource}; price: ${point.priceSource})`,
  }));
  const pareto = data.filter((point) => point.onFrontier);
  const cheapEnd = pareto.filter((point) => point.modelId === frontier.commodityEnd);
  const topEnd = pareto.filter((point) => point.modelId === frontier.frontierEnd && point.modelId !== frontier.commodityEnd);
  return render({
    marginLeft: 48,
    marginRight: 24,
    x: { type: 'log', label: 'blended price, USD per million tokens →', grid: true, tickFormat: (value: number) => `$${value}` },
    y: { label: `${metricLabel} ↑`, grid: true, percent },
    color: COLORS,
    marks: [
      Plot.line(pareto, { x: 'pricePerMtok', y: 'score', curve: 'step-after', stroke: '#888' }),
      Plot.dot(data.filter((point) => !point.onFrontier), { x: 'pricePerMtok', y: 'score', stroke: 'group', r: 3, title: 'label' }),
      Plot.dot(pareto, { x: 'pricePerMtok', y: 'score', fill: 'group', r: 4, title: 'label' }),
      Plot.text(cheapEnd, { x: 'pricePerMtok', y: 'score', text: 'modelName', dy: -10, textAnchor: 'start', fontSize: 10 }),
      Plot.text(topEnd, { x: 'pricePerMtok', y: 'score', text: 'modelName', dy: -10, textAnchor: 'end', fontSize: 10 }),
    ],
  });
}
