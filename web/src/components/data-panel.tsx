/** "Data": when the evidence was last updated (per source: ok or failed, when, file digest) and the latest crossings. */
import type { DataFreshnessResponse } from '../../../src/dashboard/api/types.js';
import { useApi } from '../api.js';
import { dateTime } from '../format.js';
import { ErrorMessage, Loading } from './status.js';
import { TableWrap } from './table-wrap.js';

export function DataPanel() {
  const { data, error } = useApi<DataFreshnessResponse>('/api/data');
  if (error) return <ErrorMessage error={error} />;
  if (data === undefined) return <Loading what="the data status" />;
  const { status, crossings } = data;
  const last = status.lastUpdate;
  const failed = last?.sources.filter((source) => source.outcome === 'failed').map((source) => source.name) ?? [];
  return (
    <section aria-labelledby="data-heading" data-testid="data-panel">
      <h2 id="data-heading">Data</h2>
      <p>
        {status.reading === 'user' ? `Reading the update installed ${dateTime(status.installedAt)}.` : 'Reading the bundled snapshot (run `parity data update` to bring it forward).'}{' '}
        {last === null ? null : `Last update ${dateTime(last.finishedAt)}: ${failed.length === 0 ? 'complete' : `not updated: ${failed.join(', ')}`}.`}
      </p>
      {data.servedDir === status.dir ? null : (
        <p class="status" role="status" data-testid="data-restart">
          The figures on these pages come from {data.servedDir}, loaded when the server started; parity now reads {status.dir}. Restart the server to show it.
        </p>
      )}
      <details>
        <summary>Sources</summary>
        <TableWrap label="Data sources">
          <table>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Data as of</th>
                <th scope="col">Last check</th>
                <th scope="col">Files</th>
              </tr>
            </thead>
            <tbody>
              {status.sources.map((source) => (
                <tr key={source.name}>
                  <th scope="row">{source.name}</th>
                  <td class="date">{source.asOf ?? '—'}</td>
                  <td>{source.bundledOnly !== null ? 'bundled only' : source.lastCheck === null ? 'not checked by an update yet' : `${source.lastCheck.outcome === 'failed' ? 'failed' : 'ok'} ${dateTime(source.lastCheck.at)}${source.lastCheck.reason ? ` — ${source.lastCheck.reason}` : ''}`}</td>
                  <td>{source.files.map((file) => <div key={file.url} title={file.url}>sha256 {file.sha256.slice(0, 12)}</div>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
      <h3>Last crossings</h3>
      {crossings.length === 0 ? (
        <p class="muted">None reported (`parity watch` records them).</p>
      ) : (
        <ul data-testid="crossings">
          {crossings.map((crossing) => (
            <li key={crossing.id}>
              {crossing.reportedAt.slice(0, 10)} ({crossing.watchName}): {crossing.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
