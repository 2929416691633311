/**
 * One evaluation run: per-model pass rates with intervals, the non-inferiority verdict, and the case × model
 * matrix; selecting a case opens its outputs side by side (`?case=` in the address, so Back closes it).
 */
import { useCallback, useState } from 'preact/hooks';
import type { MatrixResponse, RunDetailResponse } from '../../../src/dashboard/api/types.js';
import type { RunSummary } from '../../../src/eval/records/run-summary.js';
import { useApi } from '../api.js';
import { differenceOptions, passRateOptions } from '../charts/evals.js';
import { PassBadge, VerdictBadge, WeightsBadge } from '../components/badges.js';
import { CheckboxField } from '../components/fields.js';
import { PlotFigure } from '../components/plot-figure.js';
import { Empty, ErrorMessage, Loading } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';
import { dateTime, ms, num, percent, usd } from '../format.js';
import { href } from '../router.js';
import { CaseDialog } from './case-dialog.js';

/** A word as a POSIX shell reads it, so the command shown can be pasted as it is. */
const shellWord = (word: string): string => (/^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

/** The errors of each model by cause, with the first message and what to check. */
function ErrorCauses({ models }: { models: RunSummary['summary']['models'] }) {
  const rows = models.flatMap((model) => model.errorCauses.map((cause) => ({ model, cause })));
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="errors-heading">
      <h3 id="errors-heading">Errors</h3>
      <p class="muted">Calls that failed after their retries: left out of every pass rate and comparison.</p>
      <ul data-testid="error-causes">
        {rows.map(({ model, cause }) => (
          <li key={`${model.ref}-${cause.kind}-${cause.cause}`}>
            <strong>{model.label}</strong>: {cause.cause} ×{cause.count}
            {cause.hint === null ? null : <> — {cause.hint}</>}
            <div class="muted small">first: {cause.firstMessage}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Consistency({ models }: { models: RunSummary['summary']['models'] }) {
  const rows = models.flatMap((model) => (model.consistency === null ? [] : [{ model, consistency: model.consistency }]));
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="consistency-heading">
      <h3 id="consistency-heading">Consistency over repeats</h3>
      <ul data-testid="consistency">
        {rows.map(({ model, consistency }) => (
          <li key={model.ref}>
            <strong>{model.label}</strong>: pass^{consistency.repeats} {percent(consistency.passAll)}, pass@{consistency.repeats} {percent(consistency.passAny)}, mean{' '}
            {percent(model.passRate)} over {consistency.cases} cases; {consistency.flipping === 0 ? 'no case flips' : `${consistency.flipping} flip between repeats: ${consistency.flippingCases.join(', ')}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Summary({ detail }: { detail: RunDetailResponse }) {
  const summary = detail.summary;
  const models = summary?.summary.models ?? [];
  const passRates = useCallback((width: number) => passRateOptions(models, width), [models]);
  if (summary === null) return <Empty>No summary: {detail.summaryProblem ?? 'unknown reason'}.</Empty>;
  const labelOf = (ref: string) => models.find((model) => model.ref === ref)?.label ?? ref;
  return (
    <>
      <h2>Models</h2>
      {summary.spend === null ? null : (
        <p data-testid="run-spend">
          Spent {usd(summary.spend.runUsd)} on this run{summary.spend.capUsd === null ? '' : ` of its --max-cost ${usd(summary.spend.capUsd)}`}
          {summary.spend.estimatedCalls === undefined ? '' : `, counting an estimate for ${summary.spend.estimatedCalls} calls that reported no token counts`}.
        </p>
      )}
      <PlotFigure testId="pass-rate-chart" build={passRates} label="Pass rate of each model with its 95% interval" caption="Dots: pass rate; bars: 95% Wilson interval over the answered calls (errors left out)." />
      <TableWrap label="Model summaries">
        <table data-testid="model-summary">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Weights</th>
              <th scope="col" class="num">Passed / answered</th>
              <th scope="col" class="num">Pass rate</th>
              <th scope="col" class="num">95% interval</th>
              <th scope="col" class="num">Mean score</th>
              <th scope="col" class="num">Errors</th>
              <th scope="col" class="num">Cost</th>
              <th scope="col" class="num">$ / passed case</th>
              <th scope="col" class="num">Latency p50 / p95</th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => (
              <tr key={model.ref}>
                <th scope="row">
                  {model.label}
                  {model.label === model.ref ? null : <div class="muted">{model.ref}</div>}
                </th>
                <td>
                  <WeightsBadge open={model.openWeights} />
                </td>
                <td class="num">
                  {model.passes} / {model.attempts - model.errors}
                </td>
                <td class="num">{percent(model.passRate)}</td>
                <td class="num">{model.passRateInterval.low === null ? '—' : `${percent(model.passRateInterval.low)} – ${percent(model.passRateInterval.high)}`}</td>
                <td class="num">{num(model.meanScore, 3)}</td>
                <td class="num">{model.errors}</td>
                <td class="num" title={model.usageUnknown === undefined ? undefined : `${model.usageUnknown} answered calls reported no token counts: their cost is unknown`}>
                  {model.usageUnknown !== undefined && model.costUsd !== null ? `≥ ${usd(model.costUsd)}` : usd(model.costUsd)}
                </td>
                <td class="num">{usd(model.costPerPassedCase)}</td>
                <td class="num">
                  {ms(model.latencyP50Ms)} / {ms(model.latencyP95Ms)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <ErrorCauses models={models} />
      <Consistency models={models} />
      {summary.summary.comparisons.map((comparison) => (
        <section key={`${comparison.candidate}-${comparison.reference}`} class="comparison" aria-label={`${comparison.candidate} against ${comparison.reference}`}>
          <h2>
            {labelOf(comparison.candidate)} vs {labelOf(comparison.reference)}: <VerdictBadge verdict={comparison.nonInferiority.verdict} />
          </h2>
          <p data-testid="verdict-statement">{comparison.nonInferiority.statement}</p>
          {comparison.nonInferiority.interval.low === null ? null : (
            <PlotFigure
              build={(width: number) => differenceOptions(comparison, width)}
              label={`Difference in pass rate between ${labelOf(comparison.candidate)} and ${labelOf(comparison.reference)} with its interval and the non-inferiority margin`}
              caption={`Tango score interval over ${comparison.pairedCases} cases both answered${comparison.unpairedCases === 0 ? '' : ` (${comparison.unpairedCases} left out: not answered by both)`}; non-inferior when the whole interval lies right of −margin (${percent(comparison.nonInferiority.margin, 0)}). McNemar p = ${num(comparison.mcnemar.pValue, 3)}.`}
            />
          )}
          <dl class="facts">
            <div>
              <dt>Candidate passes</dt>
              <dd>{percent(comparison.coverage.candidatePasses)}</dd>
            </div>
            <div>
              <dt>Only the reference passes</dt>
              <dd>{percent(comparison.coverage.onlyReferencePasses)}</dd>
            </div>
            <div>
              <dt>Both fail</dt>
              <dd>{percent(comparison.coverage.bothFail)}</dd>
            </div>
            <div>
              <dt>Cost per case: reference / cascade</dt>
              <dd>
                {usd(comparison.coverage.referenceCostPerCase)} / {usd(comparison.coverage.cascadeCostPerCase)}
              </dd>
            </div>
          </dl>
          {comparison.nonInferiority.verdict !== 'no-verdict' && (comparison.coverage.onlyReferencePasses ?? 0) > 0 && (comparison.coverage.candidatePasses ?? 0) > 0 ? (
            <p class="note" data-testid="route-hint">
              Some cases need the reference: learn a router that sends it only those, from this run:{' '}
              <code>
                parity route eval --run {shellWord(detail.run.id)} --weak {shellWord(labelOf(comparison.candidate))} --strong {shellWord(labelOf(comparison.reference))}
              </code>
            </p>
          ) : null}
        </section>
      ))}
      {summary.thresholds === undefined ? null : (
        <p>
          Suite thresholds: {summary.thresholds.passed ? 'met' : 'not met'}
          {summary.thresholds.failures.length === 0 ? '' : ` — ${summary.thresholds.failures.join('; ')}`}
        </p>
      )}
    </>
  );
}

function Matrix({ runId }: { runId: string }) {
  const [failuresOnly, setFailuresOnly] = useState(false);
  const matrix = useApi<MatrixResponse>(`/api/runs/${encodeURIComponent(runId)}/matrix`, { failures: failuresOnly ? true : undefined });
  return (
    <section aria-labelledby="matrix-heading">
      <h2 id="matrix-heading">Cases × models</h2>
      <CheckboxField id="failures-only" label="Only cases with a failure" checked={failuresOnly} onChange={setFailuresOnly} />
      {matrix.error ? <ErrorMessage error={matrix.error} /> : null}
      {matrix.data === undefined ? (
        matrix.error ? null : <Loading what="the case matrix" />
      ) : (
        <>
          <p role="status" class="muted" data-testid="matrix-count">
            Showing {matrix.data.cases.length} of {matrix.data.totalCases} cases ({matrix.data.failingCases} with a failure). Select a cell to see the outputs side by side.
          </p>
          <TableWrap label="Case matrix">
            <table class="matrix" data-testid="matrix">
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  {matrix.data.models.map((model) => (
                    <th scope="col" key={model.ref}>
                      {model.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {matrix.data.cases.map((entry) => (
                  <tr key={entry.caseId}>
                    <th scope="row">
                      <a href={href(['evals', runId], { case: entry.caseId })}>{entry.caseId}</a>
                    </th>
                    {entry.cells.map((cell, index) => (
                      <td key={matrix.data!.models[index]?.ref ?? index}>
                        {cell === null ? (
                          <span class="muted">not run</span>
                        ) : (
                          <a class="cell" href={href(['evals', runId], { case: entry.caseId })} title={cell.preview}>
                            <span class="visually-hidden">
                              {entry.caseId}, {matrix.data!.models[index]?.label ?? ''}:{' '}
                            </span>
                            <PassBadge passes={cell.passes} attempts={cell.attempts} errors={cell.errors} />
                            <span class="muted"> {num(cell.meanScore, 2)}</span>
                          </a>
                        )}
                      </td>
                    ))}
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

export function RunPage({ runId, caseId }: { runId: string; caseId: string | null }) {
  const detail = useApi<RunDetailResponse>(`/api/runs/${encodeURIComponent(runId)}`);
  return (
    <article aria-labelledby="page-heading">
      <p class="crumbs">
        <a href="#/evals">Evaluations</a>
      </p>
      <h1 id="page-heading" tabIndex={-1}>
        {detail.data?.run.suiteName ?? 'Run'} <span class="muted small">{runId}</span>
      </h1>
      {detail.error ? <ErrorMessage error={detail.error} /> : null}
      {detail.data === undefined ? (
        detail.error ? null : <Loading what="the run" />
      ) : (
        <>
          <p class="muted">
            {detail.data.run.status} · started {dateTime(detail.data.run.createdAt)}
            {detail.data.run.finishedAt === null ? '' : ` · finished ${dateTime(detail.data.run.finishedAt)}`}
            {detail.data.run.kind === null ? '' : ` · ${detail.data.run.kind}`}
          </p>
          <Summary detail={detail.data} />
          <Matrix runId={runId} />
        </>
      )}
      {caseId === null ? null : <CaseDialog runId={runId} caseId={caseId} />}
    </article>
  );
}
