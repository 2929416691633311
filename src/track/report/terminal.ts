/**
 * Rows for the terminal tables (the CLI draws them). Strings only: no colours, no printing.
 */
import type { Epoch2024Output } from '../output/epoch-2024-output.js';
import type { DomainTrack, ModelScore, TrackReport } from '../output/track-report.js';
import { formatGap, formatMonths, formatScore } from './format.js';

export interface TextTable {
  head: string[];
  rows: string[][];
}

/** A short trend for a narrow column. */
export function shortTrend(domain: DomainTrack): string {
  const trend = domain.trend;
  if (!trend) return '—';
  if (trend.projection) return `closing: 0 by ~${trend.projection.date.slice(0, 7)} (${trend.projection.low.slice(0, 7)}–${trend.projection.high.slice(0, 7)})`;
  switch (trend.direction) {
    case 'too-few-points':
      return 'too little data';
    case 'growing':
      return `growing ${(trend.slopeMonthsPerYear ?? 0).toFixed(1)} mo/yr`;
    case 'shrinking':
      return (trend.line?.end.lagMonths ?? 1) <= 0 ? 'open level or ahead' : `shrinking ${(trend.slopeMonthsPerYear ?? 0).toFixed(1)} mo/yr`;
    case 'steady':
      return 'steady';
    case 'no-trend':
      return 'no trend';
  }
}

/** Two lines: the model, then its score and date — keeps the terminal table narrow. */
function modelCell(model: ModelScore | null, metric: Parameters<typeof formatScore>[1]): string {
  return model === null ? '—' : `${model.modelName}\n${formatScore(model.score, metric)} (${model.date})`;
}

/**
 * One line per domain without a headline lag: why, and — given `measuring`, which names the standard benchmark
 * that measures a domain (the eval layer's `benchmarkMeasuring`) — how to measure it on your own models.
 */
export function missingDomainNotes(report: TrackReport, measuring: (domain: string) => string | undefined = () => undefined): string[] {
  return report.domains
    .filter((domain) => domain.status !== 'ok')
    .map((domain) => {
      const benchmark = measuring(domain.domain);
      const how = benchmark === undefined ? '' : `; measure it on your models with \`parity eval --benchmark ${benchmark} --data <file> --model <ref>\``;
      return `${domain.name}: ${domain.note ?? 'no lag'}${how}`;
    });
}

export function domainTable(report: TrackReport): TextTable {
  const methods = report.options.methods;
  return {
    head: ['Domain', 'Benchmark', 'Best closed', 'Best open', 'Gap', ...methods.map((method) => `Lag ${method}`), 'Trend', 'Sources'],
    rows: report.domains.map((domain) => {
      if (domain.status === 'no-data') return [domain.name, 'no data', '', '', '', ...methods.map(() => ''), '', ''];
      const metric = domain.benchmarks.find((track) => track.benchmark === domain.headlineBenchmark)?.metric ?? 'score';
      return [
        domain.name,
        domain.headlineBenchmark ?? 'one group only',
        modelCell(domain.bestClosed, metric),
        modelCell(domain.bestOpen, metric),
        domain.scoreGap ? formatGap(domain.scoreGap.value, domain.scoreGap.metric) : '—',
        ...methods.map((method) => formatMonths(domain.lags.find((lag) => lag.method === method)?.lagMonths)),
        shortTrend(domain).replace(' (', '\n('),
        domain.sources.join('\n'),
      ];
    }),
  };
}

export function epochThresholdTable(output: Epoch2024Output): TextTable {
  return {
    head: ['Benchmark', 'Level', 'Lag (months)', 'First closed', 'First open'],
    rows: (output.threshold?.entries ?? []).map((entry) => [
      entry.benchmark,
      `${entry.level}%`,
      entry.lagMonths.toFixed(1),
      `${entry.closed.system} (${entry.closed.date})`,
      `${entry.open.system} (${entry.open.date})`,
    ]),
  };
}

export function epochAreaTable(output: Epoch2024Output): TextTable {
  return {
    head: ['Benchmark', 'Area lag (months)', 'Leading', 'Note'],
    rows: (output.area?.benchmarks ?? []).map((entry) => [
      entry.benchmark,
      entry.lagMonths === null ? '—' : entry.lagMonths.toFixed(1),
      entry.leading,
      entry.note ?? '',
    ]),
  };
}

export function epochPooledLine(output: Epoch2024Output): string | null {
  const pooled = output.threshold?.pooled;
  if (!pooled) return null;
  return `Threshold lags pooled over ${pooled.n} (benchmark, level) pairs: mean ${pooled.mean.toFixed(2)}, median ${pooled.median.toFixed(2)}, Q1 ${pooled.q1.toFixed(2)}, Q3 ${pooled.q3.toFixed(2)}, IQR ${pooled.iqr.toFixed(2)} months (quartiles: type 7).`;
}

export function eciLine(report: TrackReport): string {
  const domain = report.domains[0];
  const lags = domain?.lags.map((lag) => `${lag.method} ${formatMonths(lag.lagMonths)}`).join(', ') ?? '—';
  return `ECI open-vs-closed lag ${report.options.since ?? ''} – ${report.options.until ?? ''}: ${lags}; trend: ${domain?.trend?.statement ?? '—'} (source: ${report.sources.map((source) => source.id).join(', ')})`;
}
