/** Gateway: requests, errors, latency and spend per key and per upstream from the request log, refreshing live. */
import * as Plot from '@observablehq/plot';
import type { ComponentChildren } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { LOG_WINDOWS, type LogWindow } from '../../../src/dashboard/api/query-schemas.js';
import type { GatewayRequestsResponse, GatewaySummaryResponse, RequestLogAggregate } from '../../../src/dashboard/api/types.js';
import { useApi } from '../api.js';
import { CheckboxField, SelectField } from '../components/fields.js';
import { timeAxis } from '../charts/time-axis.js';
import { PlotFigure } from '../components/plot-figure.js';
import { Empty, ErrorMessage, Loading } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';
import { dateTime, int, ms, percent, usd } from '../format.js';

const REFRESH_MS = 5000;

/** A virtual key as a person knows it: its name, with the id the log records beside it; the id alone when the store has no such key. */
function KeyLabel({ keyId, names }: { keyId: string | null; names: Record<string, string> }) {
  if (keyId === null) return <span class="muted">no key</span>;
  const name = names[keyId];
  return name === undefined ? (
    <code>{keyId}</code>
  ) : (
    <>
      {name} <span class="muted small">{keyId}</span>
    </>
  );
}

function AggregateRows({ rows, name }: { rows: Array<RequestLogAggregate & { name: string; label?: ComponentChildren }>; name: string }) {
  return (
    <TableWrap label={`Requests per ${name}`}>
      <table data-testid={`per-${name}`}>
        <thead>
          <tr>
            <th scope="col">{name[0]?.toUpperCase() + name.slice(1)}</th>
            <th scope="col" class="num">Requests</th>
            <th scope="col" class="num">Errors</th>
            <th scope="col" class="num">Latency p50 / p95</th>
            <th scope="col" class="num">Tokens in / out</th>
            <th scope="col" class="num">Spend</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">{row.label ?? row.name}</th>
              <td class="num">{int(row.requests)}</td>
              <td class="num">
                {int(row.errors)} <span class="muted">({percent(row.requests === 0 ? null : row.errors / row.requests, 0)})</span>
              </td>
              <td class="num">
                {ms(row.latencyMsP50)} / {ms(row.latencyMsP95)}
              </td>
              <td class="num">
                {int(row.inputTokens)} / {int(row.outputTokens)}
              </td>
              <td class="num">{usd(row.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function GatewayPage() {
  const [logWindow, setLogWindow] = useState<LogWindow>('24h');
  const [live, setLive] = useState(true);
  const refresh = live ? REFRESH_MS : undefined;
  const summary = useApi<GatewaySummaryResponse>('/api/gateway/summary', { window: logWindow }, refresh);
  const requests = useApi<GatewayRequestsResponse>('/api/gateway/requests', { window: logWindow, limit: 300 }, refresh);
  const latency = useCallback(
    (width: number): Plot.PlotOptions => {
      const data = (requests.data?.requests ?? [])
        .filter((entry) => entry.latencyMs !== null)
        .map((entry) => ({
          ts: new Date(entry.ts),
          latency: entry.latencyMs ?? 0,
          outcome: entry.status >= 400 || entry.error !== null ? 'error' : 'ok',
          label: `${entry.ts}: ${entry.model ?? '?'} via ${entry.upstream ?? '?'} → ${entry.status} in ${Math.round(entry.latencyMs ?? 0)} ms`,
        }));
      const axis = timeAxis(data.map((entry) => entry.ts), width);
      return {
        height: 270,
        width,
        marginLeft: 56,
        marginBottom: 40,
        x: axis === null ? { type: 'utc', label: null } : { type: 'utc', domain: axis.domain, ticks: axis.ticks, tickFormat: axis.tickFormat, label: axis.label, labelAnchor: 'right' },
        y: { type: 'log', label: 'latency (ms) ↑', grid: true },
        color: { domain: ['ok', 'error'], range: ['#1d3557', '#b3261e'], legend: true },
        marks: [Plot.dot(data, { x: 'ts', y: 'latency', fill: 'outcome', r: 3, fillOpacity: 0.8, title: 'label', tip: true })],
      };
    },
    [requests.data],
  );
  const data = summary.data;
  const total = data?.summary.total;
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Gateway
      </h1>
      <p class="lede">What the OpenAI-compatible gateway (<code>parity serve</code>) has handled, from its request log. Request and response bodies are never shown here.</p>
      <form class="controls" aria-label="Gateway view settings" onSubmit={(event) => event.preventDefault()}>
        <SelectField id="gateway-window" label="Window" value={logWindow} options={LOG_WINDOWS.map((value) => ({ value, label: value === 'all' ? 'all time' : `last ${value}` }))} onChange={setLogWindow} />
        <CheckboxField id="gateway-live" label={`Refresh every ${REFRESH_MS / 1000} s`} checked={live} onChange={setLive} />
      </form>
      {summary.error ? <ErrorMessage error={summary.error} /> : null}
      {data === undefined || total === undefined ? (
        summary.error ? null : <Loading what="the request log" />
      ) : (
        <>
          <dl class="tiles" data-testid="gateway-totals" aria-live="polite">
            <div>
              <dt>Requests</dt>
              <dd>{int(total.requests)}</dd>
            </div>
            <div>
              <dt>Errors</dt>
              <dd>
                {int(total.errors)} <span class="small">({percent(total.requests === 0 ? null : total.errors / total.requests, 1)})</span>
              </dd>
            </div>
            <div>
              <dt>Latency p50 / p95</dt>
              <dd>
                {ms(total.latencyMsP50)} / {ms(total.latencyMsP95)}
              </dd>
            </div>
            <div>
              <dt>Spend</dt>
              <dd>{usd(total.costUsd)}</dd>
            </div>
          </dl>
          <p class="muted small">Updated {dateTime(data.until)}{data.since === null ? '' : `, since ${dateTime(data.since)}`}.</p>
          {total.requests === 0 ? (
            <Empty>
              No requests in this window. Point an OpenAI client at this server’s <code>/v1</code> and they appear here.
            </Empty>
          ) : (
            <>
              <PlotFigure testId="latency-chart" build={latency} label="Latency of recent gateway requests over time" caption="Each dot is one request (newest 300 in the window)." />
              <h2>Per key</h2>
              <AggregateRows name="key" rows={data.summary.byKey.map((row) => ({ ...row, name: row.keyId ?? 'no key', label: <KeyLabel keyId={row.keyId} names={data.keyNames} /> }))} />
              <h2>Per upstream</h2>
              <AggregateRows name="upstream" rows={data.summary.byUpstream.map((row) => ({ ...row, name: row.upstream ?? 'none (refused before an upstream)' }))} />
            </>
          )}
        </>
      )}
      {requests.data === undefined || requests.data.requests.length === 0 ? null : (
        <>
          <h2>Recent requests</h2>
          <TableWrap label="Recent requests">
            <table data-testid="recent-requests">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Key</th>
                  <th scope="col">Upstream</th>
                  <th scope="col">Model</th>
                  <th scope="col">Route</th>
                  <th scope="col" class="num">Status</th>
                  <th scope="col" class="num">Latency</th>
                  <th scope="col" class="num">Tokens</th>
                  <th scope="col" class="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                {requests.data.requests.slice(0, 50).map((entry) => (
                  <tr key={entry.id} class={entry.status >= 400 ? 'failed' : undefined}>
                    <th scope="row">{dateTime(entry.ts)}</th>
                    <td>
                      <KeyLabel keyId={entry.keyId} names={requests.data?.keyNames ?? {}} />
                    </td>
                    <td>{entry.upstream ?? '—'}</td>
                    <td>{entry.model ?? '—'}</td>
                    <td>{entry.routeDecision ?? '—'}</td>
                    <td class="num" title={entry.error ?? undefined}>
                      {entry.status}
                    </td>
                    <td class="num">{ms(entry.latencyMs)}</td>
                    <td class="num">
                      {entry.inputTokens ?? '—'} / {entry.outputTokens ?? '—'}
                    </td>
                    <td class="num">{usd(entry.costUsd)}</td>
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
