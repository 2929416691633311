/**
 * Convergence: per-domain open vs closed frontiers over time, the lag over time by the chosen method and
 * tolerance, its trend and projection, and the price/score scatter with its Pareto frontier.
 */
import { useCallback, useMemo, useState } from 'preact/hooks';
import { DEFAULT_PRICE_POLICY, describePricePolicy, PRICE_POLICIES, PRICE_POLICY_LABELS, type PricePolicy } from '../../../src/catalog/price-policy.js';
import type { DomainId } from '../../../src/catalog/schema.js';
import type { MetaResponse, TrackDomainResponse, TrackSummaryResponse } from '../../../src/dashboard/api/types.js';
import { TRACK_METHODS, type OpenDefinition, type ScoreTransform, type TrackMethod } from '../../../src/track/output/track-report.js';
import { useApi } from '../api.js';
import { frontierOptions, lagOptions, priceOptions } from '../charts/convergence.js';
import { DataPanel } from '../components/data-panel.js';
import { PlotFigure } from '../components/plot-figure.js';
import { SelectField } from '../components/fields.js';
import { Empty, ErrorMessage, Loading } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';
import { months, num, score } from '../format.js';

const METHOD_LABELS: Record<TrackMethod, string> = {
  threshold: 'threshold (time to reach the same level)',
  area: 'area (mean distance between frontiers)',
  daily: 'daily (how long ago closed stood here)',
};
const TOLERANCES = ['none', '1', '2', '5', '10'] as const;
type Tolerance = (typeof TOLERANCES)[number];

function ModelCell({ entry, metric }: { entry: { modelId: string; modelName: string; score: number; date: string } | null; metric: string | undefined }) {
  if (entry === null) return <>—</>;
  return (
    <>
      <a href={`#/catalog/${encodeURIComponent(entry.modelId)}`}>{entry.modelName}</a> <span class="muted">{score(entry.score, metric)}</span>
    </>
  );
}

function DomainDetail({ detail, method }: { detail: TrackDomainResponse; method: TrackMethod }) {
  const domain = detail.domain;
  const withData = domain.benchmarks.filter((track) => track.frontiers.open.length + track.frontiers.closed.length > 0);
  const [chosen, setChosen] = useState<string | null>(null);
  const benchmarkId = chosen !== null && withData.some((track) => track.benchmark === chosen) ? chosen : (domain.headlineBenchmark ?? withData[0]?.benchmark ?? '');
  const track = withData.find((entry) => entry.benchmark === benchmarkId);
  const frontier = useCallback((width: number) => frontierOptions(track!, detail.asOf, width), [track, detail.asOf]);
  const lag = useMemo(() => {
    const probe = lagOptions(domain, method, 640);
    return probe === null ? null : (width: number) => lagOptions(domain, method, width) ?? probe;
  }, [domain, method]);
  const priceFrontier = domain.priceFrontier;
  const priceMetric = priceFrontier === null ? '' : (domain.benchmarks.find((entry) => entry.benchmark === priceFrontier.benchmark)?.name ?? priceFrontier.benchmark);
  const price = useCallback((width: number) => priceOptions(priceFrontier!, priceMetric, width), [priceFrontier, priceMetric]);
  const trend = domain.trend;

  return (
    <section aria-labelledby="domain-heading" class="domain-detail">
      <h2 id="domain-heading">{domain.name}</h2>
      {domain.note === null ? null : <p class="note">{domain.note}</p>}
      <dl class="facts">
        <div>
          <dt>Lag ({domain.headlineMethod})</dt>
          <dd data-testid="domain-lag">{months(domain.lagMonths)}</dd>
        </div>
        <div>
          <dt>Trend</dt>
          <dd>{trend?.slopeMonthsPerYear === null || trend === null ? '—' : `${num(trend.slopeMonthsPerYear)} months per year`}</dd>
        </div>
        <div>
          <dt>Projection (lag reaches zero)</dt>
          <dd>{trend?.projection ? `${trend.projection.date} (95%: ${trend.projection.low} to ${trend.projection.high})` : 'none'}</dd>
        </div>
        <div>
          <dt>Gap on the headline benchmark</dt>
          <dd>{domain.scoreGap === null ? '—' : `${score(domain.scoreGap.value, domain.scoreGap.metric)} on ${domain.scoreGap.benchmark}`}</dd>
        </div>
      </dl>
      {trend === null ? null : <p>Trend: {trend.statement}.</p>}

      {withData.length === 0 || track === undefined ? (
        <Empty>No benchmark of this domain has results from both groups.</Empty>
      ) : (
        <>
          <h3>Frontiers over time</h3>
          <SelectField
            id="frontier-benchmark"
            label="Benchmark"
            value={benchmarkId}
            options={withData.map((entry) => ({ value: entry.benchmark, label: `${entry.name} (${entry.counts.open} open, ${entry.counts.closed} closed results)` }))}
            onChange={setChosen}
          />
          <PlotFigure
            testId="frontier-chart"
            build={frontier}
            label={`Best open and closed scores on ${track.name} over time`}
            caption={<>Each step is a new best score in its group; hover a dot for the model, date and source.</>}
          />
        </>
      )}

      <h3>Lag over time</h3>
      {lag === null ? (
        <Empty>No lag could be measured for this domain with these settings.</Empty>
      ) : (
        <PlotFigure
          testId="lag-chart"
          build={lag}
          label={`Open-model lag in ${domain.name}, ${method} method`}
          caption={
            <>
              {method === 'daily' ? 'Lines: the daily lag of each benchmark. ' : method === 'threshold' ? 'Dots: each score level, at the date open models reached it, with how long after closed models. ' : 'Bars: the area lag of each benchmark. '}
              {method === 'area' ? '' : 'Diamonds: half-year medians (daily lag); dashed: the trend’s fitted line (estimated within benchmarks). '}
              {trend?.projection ? 'Shaded: the 95% interval of the projected zero crossing.' : ''}
            </>
          }
        />
      )}

      <h3>Price against score</h3>
      {priceFrontier === null || priceFrontier.points.length === 0 ? (
        <Empty>No models of this domain have both a score and an API price.</Empty>
      ) : (
        <PlotFigure
          testId="price-chart"
          build={price}
          label={`Price against ${priceMetric} score with the Pareto frontier`}
          caption={
            <>
              Filled dots are on the Pareto frontier (no cheaper model scores as well); hollow dots are dominated. Prices are blended (3 × input + output) / 4; a
              model's price is {describePricePolicy(priceFrontier.policy)}. Hover a dot for its provider and price date.
            </>
          }
        />
      )}

      <h3>Benchmarks</h3>
      <TableWrap label={`Benchmarks of ${domain.name}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Benchmark</th>
              <th scope="col" class="num">Results open / closed</th>
              <th scope="col">Best open</th>
              <th scope="col">Best closed</th>
              {TRACK_METHODS.map((name) => (
                <th scope="col" class="num" key={name}>
                  {name} lag
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {domain.benchmarks.map((entry) => (
              <tr key={entry.benchmark}>
                <th scope="row">{entry.name}</th>
                <td class="num">
                  {entry.counts.open} / {entry.counts.closed}
                </td>
                <td>
                  <ModelCell entry={entry.bestOpen} metric={entry.metric} />
                </td>
                <td>
                  <ModelCell entry={entry.bestClosed} metric={entry.metric} />
                </td>
                <td class="num">{months(entry.threshold?.lagMonths)}</td>
                <td class="num">{months(entry.area?.lagMonths)}</td>
                <td class="num">{months(entry.daily?.lagMonths)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <details>
        <summary>Sources ({detail.sources.length})</summary>
        <ul>
          {detail.sources.map((source) => (
            <li key={source.id}>
              <strong>{source.name}</strong> ({source.id}) — {source.origin}; licence {source.licence}; snapshot {source.snapshotDate ?? '—'}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

export function ConvergencePage({ meta }: { meta: MetaResponse | undefined }) {
  const [domain, setDomain] = useState<DomainId>('reasoning-knowledge');
  const [method, setMethod] = useState<TrackMethod>('threshold');
  const [tolerance, setTolerance] = useState<Tolerance>('none');
  const [openDefinition, setOpenDefinition] = useState<OpenDefinition>('weights');
  const [transform, setTransform] = useState<ScoreTransform>('none');
  const [pricePolicy, setPricePolicy] = useState<PricePolicy>(DEFAULT_PRICE_POLICY);
  const params = {
    methods: [method, ...TRACK_METHODS.filter((name) => name !== method)],
    tolerance: tolerance === 'none' ? undefined : tolerance,
    openDefinition,
    transform,
    pricePolicy,
  };
  const summary = useApi<TrackSummaryResponse>('/api/track', params);
  const detail = useApi<TrackDomainResponse>('/api/track/domain', { ...params, domain });
  const domains = meta?.domains ?? summary.data?.domains.map((entry) => ({ id: entry.domain, name: entry.name, description: '' })) ?? [];

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Convergence
      </h1>
      <p class="lede">How far open-weight models trail proprietary ones in each capability domain, how that lag moves, and what the best score costs.</p>
      <form class="controls" onSubmit={(event) => event.preventDefault()} aria-label="Convergence settings">
        <SelectField id="domain" label="Domain" value={domain} options={domains.map((entry) => ({ value: entry.id, label: entry.name }))} onChange={setDomain} />
        <SelectField id="method" label="Lag method" value={method} options={TRACK_METHODS.map((name) => ({ value: name, label: METHOD_LABELS[name] }))} onChange={setMethod} />
        <SelectField
          id="tolerance"
          label="Tolerance"
          hint="points an open model may trail and still count"
          value={tolerance}
          options={TOLERANCES.map((value) => ({ value, label: value === 'none' ? 'none (must match)' : `${value} points` }))}
          onChange={setTolerance}
        />
        <SelectField
          id="open-definition"
          label="Open means"
          value={openDefinition}
          options={[
            { value: 'weights', label: 'downloadable weights' },
            { value: 'permissive', label: 'weights without usage caps' },
          ]}
          onChange={setOpenDefinition}
        />
        <SelectField
          id="transform"
          label="Score scale"
          value={transform}
          options={[
            { value: 'none', label: 'as reported' },
            { value: 'neg-log-error', label: '−ln(1 − accuracy)' },
          ]}
          onChange={setTransform}
        />
        <SelectField
          id="price-policy"
          label="Price"
          hint="which listing is a model's price"
          value={pricePolicy}
          options={PRICE_POLICIES.map((value) => ({ value, label: PRICE_POLICY_LABELS[value] }))}
          onChange={setPricePolicy}
        />
      </form>

      <h2>All domains</h2>
      {summary.error ? <ErrorMessage error={summary.error} /> : null}
      {summary.data === undefined ? (
        summary.error ? null : <Loading what="the convergence report (about a second the first time)" />
      ) : (
        <TableWrap label="Lag per domain">
          <table data-testid="domain-table" aria-busy={summary.loading ? 'true' : undefined}>
            <caption class="visually-hidden">Lag per domain, as of {summary.data.asOf}</caption>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col" class="num">Lag</th>
                <th scope="col" class="num">Trend (mo/yr)</th>
                <th scope="col">Best open</th>
                <th scope="col">Best closed</th>
              </tr>
            </thead>
            <tbody>
              {summary.data.domains.map((entry) => (
                <tr key={entry.domain} class={entry.domain === domain ? 'selected' : undefined}>
                  <th scope="row">
                    <button type="button" class="link" onClick={() => setDomain(entry.domain)} aria-pressed={entry.domain === domain}>
                      {entry.name}
                    </button>
                  </th>
                  <td class="num">{entry.status === 'no-data' ? 'no data' : months(entry.lagMonths)}</td>
                  <td class="num">{num(entry.trend?.slopeMonthsPerYear)}</td>
                  <td>
                    <ModelCell entry={entry.bestOpen} metric={entry.scoreGap?.metric} />
                  </td>
                  <td>
                    <ModelCell entry={entry.bestClosed} metric={entry.scoreGap?.metric} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {summary.data === undefined ? null : <p class="muted">As of {summary.data.asOf}. Lags in months; positive means open models are behind.</p>}

      {detail.error ? <ErrorMessage error={detail.error} /> : null}
      {detail.data === undefined ? detail.error ? null : <Loading what="the domain" /> : <DomainDetail key={`${detail.data.domain.domain}`} detail={detail.data} method={method} />}

      <DataPanel />

      {summary.data === undefined ? null : (
        <details>
          <summary>How these figures are computed</summary>
          <ul>
            {summary.data.method.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
