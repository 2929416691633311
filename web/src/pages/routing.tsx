/**
 * Routing: a route evaluation's quality-vs-frontier-share curve against the baselines, with the operating
 * point a trained policy chose, and the live split of gateway traffic by routing decision.
 */
import { useCallback, useState } from 'preact/hooks';
import { LOG_WINDOWS, type LogWindow } from '../../../src/dashboard/api/query-schemas.js';
import type { RouteEvalEntry, RouteEvalsResponse, RouteSplitResponse } from '../../../src/dashboard/api/types.js';
import { useApi } from '../api.js';
import { routingCurveOptions, splitOptions, type CurveMeasure } from '../charts/routing.js';
import { SelectField } from '../components/fields.js';
import { PlotFigure } from '../components/plot-figure.js';
import { Empty, ErrorMessage, Loading } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';
import { num, percent } from '../format.js';

function interval(values: readonly [number | null, number | null], format: (value: number | null) => string): string {
  return `${format(values[0])} – ${format(values[1])}`;
}

function EvalView({ entry }: { entry: RouteEvalEntry }) {
  const [measure, setMeasure] = useState<CurveMeasure>('quality');
  const curve = useCallback((width: number) => routingCurveOptions(entry, measure, width), [entry, measure]);
  const report = entry.report;
  const rows = [
    { name: `router (${report.router.model})`, summary: report.router },
    { name: 'random', summary: report.baselines.random },
    { name: 'length', summary: report.baselines.length },
    { name: 'oracle (ceiling)', summary: report.baselines.oracle },
  ];
  return (
    <section aria-labelledby="eval-heading">
      <h2 id="eval-heading">
        {report.pair.weak} → {report.pair.strong}
      </h2>
      <p class="muted">
        {report.pair.prompts} prompts judged by {report.pair.judge}; {report.settings.folds}-fold cross-validation (seed {report.settings.seed}). Mean quality: weak {num(report.quality.weak, 3)},
        strong {num(report.quality.strong, 3)}.
      </p>
      <SelectField
        id="curve-measure"
        label="Vertical axis"
        value={measure}
        options={[
          { value: 'quality', label: 'mean quality' },
          { value: 'pgr', label: 'performance gap recovered (PGR)' },
        ]}
        onChange={setMeasure}
      />
      <PlotFigure
        testId="routing-curve"
        build={curve}
        label={`Routing curve of ${report.pair.weak} and ${report.pair.strong}: ${measure} against the share sent to the frontier model`}
        caption="Out-of-fold curves averaged over folds. The star is the operating point a trained policy in the folder chose."
      />
      <TableWrap label="Routing metrics">
        <table data-testid="routing-metrics">
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col" class="num">APGR</th>
              <th scope="col" class="num">CPT(50%)</th>
              <th scope="col" class="num">CPT(80%)</th>
              <th scope="col" class="num">Savings at CPT(80%)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row">{row.name}</th>
                <td class="num">
                  {num(row.summary.apgr, 3)} <span class="muted">({interval(row.summary.apgrInterval, (value) => num(value, 3))})</span>
                </td>
                <td class="num">
                  {percent(row.summary.cpt50)} <span class="muted">({interval(row.summary.cpt50Interval, (value) => percent(value))})</span>
                </td>
                <td class="num">
                  {percent(row.summary.cpt80)} <span class="muted">({interval(row.summary.cpt80Interval, (value) => percent(value))})</span>
                </td>
                <td class="num">{percent(row.summary.savingsAtCpt80)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {entry.operatingPoints.length === 0 ? (
        <p class="muted">
          No trained policy for this pair in the folder; <code>parity route train … --out {'<folder>'}/{entry.file.replace(/\.json$/, '')}.policy.json</code> adds its operating point.
        </p>
      ) : (
        <ul>
          {entry.operatingPoints.map((point) => (
            <li key={point.file}>
              <code>{point.file}</code>: threshold {num(point.threshold, 4)} for {point.target.kind} {point.target.value} → {percent(point.frontierShare)} of requests to {report.pair.strong}, PGR{' '}
              {num(point.pgr, 3)}
              {point.costSavings === null ? '' : `, ${percent(point.costSavings)} cheaper than always-strong`}
            </li>
          ))}
        </ul>
      )}
      {report.notes.length === 0 ? null : (
        <ul class="notes">
          {report.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LiveSplit() {
  const [logWindow, setLogWindow] = useState<LogWindow>('24h');
  const split = useApi<RouteSplitResponse>('/api/route/split', { window: logWindow }, 5000);
  const chart = useCallback((width: number) => splitOptions(split.data!, width), [split.data]);
  return (
    <section aria-labelledby="split-heading">
      <h2 id="split-heading">Live route split</h2>
      <SelectField id="split-window" label="Window" value={logWindow} options={LOG_WINDOWS.map((value) => ({ value, label: value === 'all' ? 'all time' : `last ${value}` }))} onChange={setLogWindow} />
      {split.error ? <ErrorMessage error={split.error} /> : null}
      {split.data === undefined ? (
        split.error ? null : <Loading what="the route split" />
      ) : split.data.sampled === 0 ? (
        <Empty>No gateway requests in this window. Requests through <code>parity serve</code> appear here within seconds.</Empty>
      ) : (
        <>
          <PlotFigure testId="split-chart" build={chart} label="Share of gateway requests per routing decision" caption={`The newest ${split.data.sampled} requests in the window (refreshes every 5 s).`} />
          <TableWrap label="Requests per model and route">
            <table>
              <thead>
                <tr>
                  <th scope="col">Route</th>
                  <th scope="col">Model</th>
                  <th scope="col" class="num">Requests</th>
                </tr>
              </thead>
              <tbody>
                {split.data.byModel.map((row) => (
                  <tr key={`${row.route}-${row.model}`}>
                    <th scope="row">{row.route}</th>
                    <td>{row.model}</td>
                    <td class="num">{row.requests}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

export function RoutingPage() {
  const evals = useApi<RouteEvalsResponse>('/api/route/evals');
  const [chosen, setChosen] = useState('');
  const list = evals.data?.evals ?? [];
  const entry = list.find((item) => item.file === chosen) ?? list[0];
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Routing
      </h1>
      <p class="lede">How much quality a learned router keeps for each share of traffic it sends to the frontier model, and how the gateway is splitting traffic now.</p>
      {evals.error ? <ErrorMessage error={evals.error} /> : null}
      {evals.data === undefined ? (
        evals.error ? null : <Loading what="route evaluations" />
      ) : list.length === 0 ? (
        <Empty>
          No route evaluation in <code>{evals.data.dir}</code>. Save one with <code>parity route eval … --json &gt; {evals.data.dir}/NAME.json</code> (and a policy with{' '}
          <code>parity route train … --out {evals.data.dir}/NAME.policy.json</code>), from a judgement file or from one of your eval runs (
          <code>--run RUN_ID --weak LABEL --strong LABEL</code>).
        </Empty>
      ) : (
        <>
          {list.length > 1 ? (
            <SelectField id="route-eval" label="Evaluation" value={entry?.file ?? ''} options={list.map((item) => ({ value: item.file, label: `${item.report.pair.weak} → ${item.report.pair.strong} (${item.file})` }))} onChange={setChosen} />
          ) : null}
          {entry === undefined ? null : <EvalView key={entry.file} entry={entry} />}
        </>
      )}
      {evals.data !== undefined && evals.data.problems.length > 0 ? (
        <details>
          <summary>Files not shown ({evals.data.problems.length})</summary>
          <ul>
            {evals.data.problems.map((problem) => (
              <li key={problem.file}>
                <code>{problem.file}</code>: {problem.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <LiveSplit />
    </section>
  );
}
