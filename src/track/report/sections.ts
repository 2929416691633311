/** HTML sections of the report: the summary table, one section per domain, and the reproductions. */
import { describePricePolicy } from '../../catalog/index.js';
import type { Epoch2024Output } from '../output/epoch-2024-output.js';
import type { BenchmarkTrack, DomainTrack, TrackReport } from '../output/track-report.js';
import { epochFrontierChart, frontierChart, groupLegend, lagChart, priceChart } from './charts.js';
import { escapeHtml as e, formatGap, formatModelScore, formatMonths, formatPricePoint, formatScore, sourceLabel } from './format.js';

function table(head: string[], rows: string[][]): string {
  const th = head.map((cell) => `<th>${e(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${e(caption)}</figcaption></figure>`;
}

/** Charts for at most this many benchmarks per domain (the headline first, then those with most results). */
export const MAX_CHARTS_PER_DOMAIN = 4;

function charted(domain: DomainTrack): BenchmarkTrack[] {
  const ok = domain.benchmarks.filter((track) => track.status === 'ok');
  const headline = ok.filter((track) => track.benchmark === domain.headlineBenchmark);
  const rest = ok
    .filter((track) => track.benchmark !== domain.headlineBenchmark)
    .sort((a, b) => b.counts.open + b.counts.closed - (a.counts.open + a.counts.closed));
  return [...headline, ...rest].slice(0, MAX_CHARTS_PER_DOMAIN);
}

function endOf(track: BenchmarkTrack, asOf: string): string {
  const { open, closed } = track.lastResult;
  if (open === null || closed === null) return asOf;
  return open > closed ? open : closed;
}

function lagOf(domain: DomainTrack, method: string): number | null {
  return domain.lags.find((lag) => lag.method === method)?.lagMonths ?? null;
}

export function summarySection(report: TrackReport): string {
  const methods = report.options.methods;
  const rows = report.domains.map((domain) => {
    const metric = domain.benchmarks.find((track) => track.benchmark === domain.headlineBenchmark)?.metric ?? 'score';
    if (domain.status === 'no-data') {
      return [`<a href="#d-${domain.domain}">${e(domain.name)}</a>`, `<em>${e(domain.note ?? 'no data')}</em>`, '', '', '', ...methods.map(() => ''), '', ''];
    }
    return [
      `<a href="#d-${domain.domain}">${e(domain.name)}</a>`,
      e(domain.headlineBenchmark ?? '—'),
      e(formatModelScore(domain.bestClosed, metric)),
      e(formatModelScore(domain.bestOpen, metric)),
      domain.scoreGap ? e(formatGap(domain.scoreGap.value, domain.scoreGap.metric)) : '—',
      ...methods.map((method) => e(formatMonths(lagOf(domain, method)))),
      e(domain.trend?.statement ?? '—'),
      e(domain.sources.join(', ')),
    ];
  });
  return `<section><h2>Summary per domain</h2>
<p>Best models and score gap on each domain's headline benchmark; lags are the median across the domain's benchmarks (months, positive = open behind). Sources are listed at the end.</p>
${table(['Domain', 'Headline benchmark', 'Best closed', 'Best open', 'Gap (closed − open)', ...methods.map((method) => `Lag: ${method}`), 'Trend', 'Sources'], rows)}
</section>`;
}

function benchmarkRows(tracks: readonly BenchmarkTrack[]): string[][] {
  return tracks.map((track) => [
    e(track.name),
    e(`${formatModelScore(track.bestClosed, track.metric)} — ${sourceLabel(track.bestClosed)}`),
    e(`${formatModelScore(track.bestOpen, track.metric)} — ${sourceLabel(track.bestOpen)}`),
    track.scoreGap === null ? '—' : e(formatGap(track.scoreGap, track.metric)),
    track.threshold?.summary
      ? e(`${formatMonths(track.threshold.summary.median)} (IQR ${track.threshold.summary.q1.toFixed(1)}–${track.threshold.summary.q3.toFixed(1)}, ${track.threshold.summary.n} levels)`)
      : '—',
    e(formatMonths(track.area?.lagMonths)),
    e(formatMonths(track.daily?.latest)),
    e(`${track.counts.open} open / ${track.counts.closed} closed`),
    e(track.sources.join(', ')),
  ]);
}

function priceBlock(domain: DomainTrack): string {
  const prices = domain.priceFrontier;
  if (!prices) return '<p><em>No prices for the headline benchmark’s models.</em></p>';
  const byId = new Map(prices.points.map((point) => [point.modelId, point]));
  const metric = domain.benchmarks.find((track) => track.benchmark === prices.benchmark)?.metric ?? 'score';
  const rows = prices.middleGround.map((entry) => {
    const point = byId.get(entry.modelId);
    const cheaper = byId.get(entry.dominatedBy);
    return [
      e(point?.modelName ?? entry.modelId),
      e(point ? formatPricePoint(point) : '—'),
      e(point ? formatScore(point.score, metric) : '—'),
      e(cheaper ? `${cheaper.modelName}: ${formatScore(cheaper.score, metric)} at ${formatPricePoint(cheaper)}` : entry.dominatedBy),
      e(`${entry.priceRatio.toFixed(1)}×`),
      e([point?.scoreSource, point?.priceSource, cheaper?.priceSource].filter(Boolean).join(', ')),
    ];
  });
  const ends = `Commodity end: ${byId.get(prices.commodityEnd ?? '')?.modelName ?? '—'}; frontier end: ${byId.get(prices.frontierEnd ?? '')?.modelName ?? '—'}.`;
  return `${figure(priceChart(prices, prices.benchmark, metric === 'accuracy'), `Price vs ${prices.benchmark}: filled dots on the Pareto frontier, hollow dots are the middle ground. ${ends} Scores: ${[...new Set(prices.points.map((point) => point.scoreSource))].join(', ')}; prices: ${[...new Set(prices.points.map((point) => point.priceSource))].join(', ')}, each model's price being ${describePricePolicy(prices.policy)} (--price-policy ${prices.policy}); hover a dot for its provider and date.`)}
<h4>Middle ground: priced above a cheaper model that scores at least as well</h4>
${rows.length === 0 ? '<p><em>None.</em></p>' : table(['Model', 'Price /Mtok (blended) — provider, date', 'Score', 'Cheaper model scoring ≥', 'Price ratio', 'Sources'], rows)}`;
}

export function domainSection(domain: DomainTrack, asOf: string): string {
  const heading = `<h2 id="d-${domain.domain}">${e(domain.name)}</h2>`;
  if (domain.status === 'no-data') return `<section>${heading}<p><em>${e(domain.note ?? 'No data.')}</em></p></section>`;
  const shown = charted(domain);
  const charts = shown
    .map((track) => figure(frontierChart(track, endOf(track, asOf)), `${track.name}: running-best open and closed models over time. Source: ${track.sources.join(', ')}.`))
    .join('\n');
  const more = domain.benchmarks.length - shown.length;
  const lag = lagChart(domain, shown);
  return `<section>${heading}
${domain.note ? `<p><em>${e(domain.note)}</em></p>` : ''}
<p>Trend: ${e(domain.trend?.statement ?? 'not enough data')}.</p>
${table(['Benchmark', 'Best closed — source', 'Best open — source', 'Gap', 'Threshold lag (median)', 'Area lag', 'Daily lag (latest)', 'Results', 'Sources'], benchmarkRows(domain.benchmarks))}
<p class="legend">${groupLegend()}${more > 0 ? ` · frontier charts for ${shown.length} of ${domain.benchmarks.length} benchmarks (all are in the table)` : ''}</p>
<div class="charts">${charts}</div>
${lag ? figure(lag, `Lag over time: daily lag of the charted benchmarks (lines), half-year medians over all benchmarks (dots) and the trend’s fitted line (one slope estimated within benchmarks). Sources: ${domain.sources.join(', ')}.`) : ''}
${priceBlock(domain)}
</section>`;
}

export function epochSection(output: Epoch2024Output): string {
  const end = '2024-11-01';
  const charts = output.frontiers
    .map((frontier) => figure(epochFrontierChart(frontier.benchmark, frontier.open, frontier.closed, end), `${frontier.benchmark}: frontiers after the report’s filters (${frontier.rowsUsed.open} open, ${frontier.rowsUsed.closed} closed rows). Source: ${output.source.origin}.`))
    .join('\n');
  const threshold = output.threshold;
  const thresholdRows = (threshold?.entries ?? []).map((entry) => [
    e(entry.benchmark),
    `${entry.level}%`,
    e(entry.lagMonths.toFixed(1)),
    e(`${entry.closed.system} (${entry.closed.date}) — ${entry.closed.source}`),
    e(`${entry.open.system} (${entry.open.date}) — ${entry.open.source}`),
  ]);
  const pooled = threshold?.pooled;
  const areaRows = (output.area?.benchmarks ?? []).map((entry) => [
    e(entry.benchmark),
    e(entry.lagMonths === null ? '—' : entry.lagMonths.toFixed(1)),
    e(entry.leading),
    e(entry.note ?? ''),
  ]);
  return `<section><h2 id="epoch-2024">Reproduction: ${e(output.title)}</h2>
<p>From ${e(output.source.origin)} (${e(output.source.licence)}), bundled as ${e(output.source.file)}. Method, as the report states it:</p>
<ol>${output.method.map((step) => `<li>${e(step)}</li>`).join('')}</ol>
${pooled ? `<p><strong>Threshold lags, pooled over ${pooled.n} (benchmark, level) pairs:</strong> mean ${pooled.mean.toFixed(1)}, median ${pooled.median.toFixed(1)}, quartiles ${pooled.q1.toFixed(1)}–${pooled.q3.toFixed(1)} (IQR ${pooled.iqr.toFixed(1)}) months. Quartiles: ${e(pooled.quantiles)}.</p>` : ''}
${areaRows.length > 0 ? `<h3>Area lag per benchmark (months)</h3>${table(['Benchmark', 'Lag', 'Leading group', 'Note'], areaRows)}` : ''}
<p class="legend">${groupLegend()}</p>
<div class="charts">${charts}</div>
${thresholdRows.length > 0 ? `<h3>Threshold lags per benchmark and level</h3>${table(['Benchmark', 'Level', 'Lag (months)', 'First closed — source row', 'First open — source row'], thresholdRows)}` : ''}
</section>`;
}

export function eciSection(report: TrackReport): string {
  const domain = report.domains[0];
  const track = domain?.benchmarks[0];
  if (!domain || !track) return '';
  const lags = domain.lags.map((lag) => `${lag.method}: ${formatMonths(lag.lagMonths)}`).join('; ');
  const threshold = track.threshold?.summary;
  const lag = lagChart(domain);
  return `<section><h2 id="eci">Reproduction: Epoch Capabilities Index, open vs closed (${e(report.options.since ?? '')} – ${e(report.options.until ?? '')})</h2>
<p>Lag by method — ${e(lags)}.${threshold ? ` Threshold lags over ${threshold.n} ECI levels: mean ${threshold.mean.toFixed(1)}, median ${threshold.median.toFixed(1)}, IQR ${threshold.q1.toFixed(1)}–${threshold.q3.toFixed(1)} months.` : ''} Trend: ${e(domain.trend?.statement ?? '—')}. Source: ${e(report.sources.map((source) => `${source.name} — ${source.origin} (${source.licence})`).join('; '))}.</p>
${figure(frontierChart(track, report.asOf), `ECI frontiers of open-weight and closed models. Source: ${track.sources.join(', ')}.`)}
${lag ? figure(lag, 'ECI lag over time (daily, half-year medians).') : ''}
</section>`;
}
