/**
 * One case of a run in a modal dialog: the input, then every model's output side by side with its grade.
 * Native <dialog>: focus moves in, Escape closes it, and closing goes back to the matrix address.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { CaseResponse } from '../../../src/dashboard/api/types.js';
import { useApi } from '../api.js';
import { PassBadge } from '../components/badges.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { ms, num, usd } from '../format.js';
import { href, navigate } from '../router.js';

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export function CaseDialog({ runId, caseId }: { runId: string; caseId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const detail = useApi<CaseResponse>(`/api/runs/${encodeURIComponent(runId)}/case`, { case: caseId });

  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
  }, []);

  const close = (): void => navigate(href(['evals', runId]));
  const input = detail.data?.input as { prompt?: unknown; vars?: unknown; expected?: unknown; description?: unknown } | null | undefined;

  return (
    <dialog ref={dialog} class="case-dialog" aria-labelledby="case-heading" data-testid="case-dialog" onClose={close} onCancel={(event) => {
      event.preventDefault();
      close();
    }}>
      <div class="dialog-head">
        <h2 id="case-heading">Case {caseId}</h2>
        <button type="button" onClick={close} autofocus>
          Close
        </button>
      </div>
      {detail.error ? <ErrorMessage error={detail.error} /> : null}
      {detail.data === undefined ? (
        detail.error ? null : <Loading what="the case" />
      ) : (
        <>
          {detail.data.messages === null ? null : (
            <section aria-label="Messages sent" class="case-input" data-testid="case-messages">
              <h3>Messages sent</h3>
              {detail.data.messages.map((message, index) => (
                <div key={index}>
                  <p class="muted small">{message.role}</p>
                  <pre>{message.content}</pre>
                </div>
              ))}
            </section>
          )}
          {input === null || input === undefined ? (
            detail.data.messages === null ? (
              <p class="muted">The stored run does not include this case’s input (cases from a file or a benchmark, in a run made before parity kept each case’s messages).</p>
            ) : null
          ) : (
            <section aria-label="Input" class="case-input">
              {input.description ? <p>{text(input.description)}</p> : null}
              <h3>Prompt</h3>
              <pre>{text(input.prompt)}</pre>
              <h3>Variables</h3>
              <pre>{text(input.vars)}</pre>
              {input.expected === null || input.expected === undefined ? null : (
                <>
                  <h3>Expected</h3>
                  <pre>{text(input.expected)}</pre>
                </>
              )}
            </section>
          )}
          <div class="outputs" data-testid="case-outputs">
            {detail.data.models.map((model) => {
              const results = detail.data!.results.filter((result) => result.modelRef === model.ref);
              const passes = results.filter((result) => result.pass).length;
              const errors = results.filter((result) => result.error !== null).length;
              return (
                <section class="output" key={model.ref} aria-label={`Output of ${model.label}`}>
                  <h3>
                    {model.label} <PassBadge passes={passes} attempts={results.length} errors={errors} />
                  </h3>
                  {results.map((result) => (
                    <div key={result.repeat} class="attempt">
                      {results.length > 1 ? <p class="muted">Attempt {result.repeat + 1}</p> : null}
                      {result.error === null ? <pre>{result.output ?? ''}</pre> : <p class="error">Error: {result.error}</p>}
                      <p class="muted small">
                        score {num(result.score, 2)}
                        {result.reason ? ` — ${result.reason}` : ''} · {ms(result.latencyMs)} · {result.inputTokens ?? '—'} in / {result.outputTokens ?? '—'} out tokens · {usd(result.costUsd)}
                        {result.cached ? ' · cached' : ''}
                      </p>
                    </div>
                  ))}
                </section>
              );
            })}
          </div>
        </>
      )}
    </dialog>
  );
}
