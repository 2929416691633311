/**
 * Monthly cost against volume, as an SVG/HTML fragment for the decision memo: one line per API price and
 * one for self-hosting, on log axes, with the current volume and the break-even marked. Drawn with
 * Observable Plot on a linkedom document, so it runs in Node without a browser.
 */
import { Plot, renderPlot, type Markish } from '../../kernel/chart.js';
import { apiCostPerRequest } from './api-cost.js';
import { computeCost, type CostInput } from './compute-cost.js';
import { selfHostMonthlyCost } from './self-host.js';

export interface CostChartOptions {
  width?: number;
  height?: number;
  /** Volume range in requests per day; default: current volume ÷ 100 to × 100, widened to show the break-even. */
  minRequestsPerDay?: number;
  maxRequestsPerDay?: number;
  /** Points along the volume axis (log-spaced). */
  points?: number;
  /** How many API prices to draw (cheapest at the current volume first). */
  maxApiLines?: number;
  title?: string;
}

export interface CostChartPoint {
  series: string;
  requestsPerDay: number;
  monthlyCost: number;
}

/** The data the chart draws, for callers that want a table or their own chart. */
export function costCurve(input: CostInput, options: CostChartOptions = {}): { points: CostChartPoint[]; current: number; breakEven: number | null } {
  const report = computeCost(input);
  const { workload } = report;
  const days = report.assumptions.daysPerMonth;
  const current = workload.requestsPerDay > 0 ? workload.requestsPerDay : 1;
  const breakEven = report.comparisons[0]?.breakEven.requestsPerDay ?? null;
  let low = options.minRequestsPerDay ?? current / 100;
  let high = options.maxRequestsPerDay ?? current * 100;
  if (options.minRequestsPerDay === undefined && breakEven !== null && breakEven > 0) low = Math.min(low, breakEven / 3);
  if (options.maxRequestsPerDay === undefined && breakEven !== null) high = Math.max(high, breakEven * 3);
  low = Math.max(low, 1e-3);
  const count = Math.max(2, options.points ?? 240);
  const volumes = Array.from({ length: count }, (_, index) => low * (high / low) ** (index / (count - 1)));

  const points: CostChartPoint[] = [];
  for (const cost of report.api.slice(0, options.maxApiLines ?? 4)) {
    const perRequest = apiCostPerRequest(workload, cost.price).total;
    const series = `API ${cost.modelId} @ ${cost.provider}`;
    for (const volume of volumes) points.push({ series, requestsPerDay: volume, monthlyCost: perRequest * volume * days });
  }
  const plan = report.selfHost?.plan;
  if (plan !== undefined) {
    const gpus = plan.throughput.gpusPerReplica;
    const series = `self-host ${plan.modelId} (${gpus}×${plan.gpu.gpu}, ${plan.scaling})`;
    for (const volume of volumes) {
      const cost = selfHostMonthlyCost(plan, { ...workload, requestsPerDay: volume }, days);
      points.push({ series, requestsPerDay: volume, monthlyCost: cost.monthlyCost });
    }
  }
  return { points, current, breakEven };
}

/** Renders the chart; returns HTML (a `<figure>` with legend and `<svg>`) ready to inline in the memo. */
export function renderCostChart(input: CostInput, options: CostChartOptions = {}): string {
  const { points, current, breakEven } = costCurve(input, options);
  const positive = points.every((point) => point.monthlyCost > 0);
  const marks: Markish[] = [
    Plot.line(points, { x: 'requestsPerDay', y: 'monthlyCost', stroke: 'series', strokeWidth: 2, curve: 'step-after' }),
    Plot.ruleX([current], { stroke: 'currentColor', strokeOpacity: 0.5 }),
    Plot.text([current], { x: (value: number) => value, frameAnchor: 'top', dy: 4, text: () => 'current volume', textAnchor: 'start', dx: 3 }),
  ];
  if (breakEven !== null && breakEven > 0) {
    marks.push(Plot.ruleX([breakEven], { stroke: 'currentColor', strokeDasharray: '4,3' }));
    marks.push(Plot.text([breakEven], { x: (value: number) => value, frameAnchor: 'bottom', dy: -4, dx: 3, textAnchor: 'start', text: () => 'break-even' }));
  }
  return renderPlot({
    width: options.width ?? 720,
    height: options.height ?? 380,
    marginLeft: 64,
    title: options.title ?? 'Monthly cost vs volume',
    x: { type: 'log', label: 'requests per day →', grid: true },
    y: { type: positive ? 'log' : 'linear', label: '↑ $ per month', grid: true },
    color: { legend: true },
    marks,
  });
}
