/** Evaluations: the runs in the store, newest first. */
import type { RunsResponse } from '../../../src/dashboard/api/types.js';
import { useApi } from '../api.js';
import { VerdictBadge } from '../components/badges.js';
import { Empty, ErrorMessage, Loading } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';
import { dateTime, percent } from '../format.js';
import { href } from '../router.js';

export function RunsPage() {
  const runs = useApi<RunsResponse>('/api/runs', { limit: 100 });
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Evaluations
      </h1>
      <p class="lede">Runs of <code>parity eval</code> in the store: which share of your cases each model passes, and whether the open model is non-inferior.</p>
      {runs.error ? <ErrorMessage error={runs.error} /> : null}
      {runs.data === undefined ? (
        runs.error ? null : <Loading what="runs" />
      ) : runs.data.runs.length === 0 ? (
        <Empty>
          No runs in <code>{runs.data.store}</code> yet. Start one with <code>parity eval init</code> then <code>parity eval suite.yaml</code>; it shows up here when it
          finishes.
        </Empty>
      ) : (
        <TableWrap label="Evaluation runs">
          <table data-testid="runs-table">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Suite</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Pass rate per model</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((run) => (
                <tr key={run.id}>
                  <th scope="row">
                    <a href={href(['evals', run.id])}>{run.id}</a>
                  </th>
                  <td>{run.suiteName}</td>
                  <td>{run.status}</td>
                  <td>{dateTime(run.createdAt)}</td>
                  <td>
                    {run.models.length === 0
                      ? '—'
                      : run.models.map((model) => (
                          <span class="chip" key={model.ref}>
                            {model.label} {percent(model.passRate, 0)}
                          </span>
                        ))}
                  </td>
                  <td>{run.verdict === null ? '—' : <VerdictBadge verdict={run.verdict} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
