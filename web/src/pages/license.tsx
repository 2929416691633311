/** Licence: the `parity license` questions as a form; the verdicts update as the answers change. */
import { useEffect, useState } from 'preact/hooks';
import { describeQueryIssue } from '../../../src/dashboard/api/query-issue.js';
import { licenseQuerySchema } from '../../../src/dashboard/api/query-schemas.js';
import type { CatalogModelsResponse, LicenseResponse } from '../../../src/dashboard/api/types.js';
import { ApiError, useApi } from '../api.js';
import { VerdictBadge } from '../components/badges.js';
import { CheckboxField, TextField } from '../components/fields.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';

interface LicenseForm {
  model: string;
  mau: string;
  commercial: boolean;
  trainOnOutputs: boolean;
  redistribute: boolean;
  region: string;
  weightsLicense: string;
}

const INITIAL: LicenseForm = {
  model: 'meta/llama-3.1-70b-instruct, google/gemma-2-9b-it',
  mau: '50000',
  commercial: true,
  trainOnOutputs: false,
  redistribute: false,
  region: '',
  weightsLicense: '',
};

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function LicensePage() {
  const [form, setForm] = useState<LicenseForm>(INITIAL);
  const set = <K extends keyof LicenseForm>(name: K) => (value: LicenseForm[K]) => setForm((previous) => ({ ...previous, [name]: value }));
  const debounced = useDebounced(form, 300);
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(debounced)) {
    const text = typeof value === 'boolean' ? String(value) : value.trim();
    if (text !== '') query[name] = text;
  }
  const checked = licenseQuerySchema.safeParse(query);
  const fieldErrors: Record<string, string> = {};
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const { param, message } = describeQueryIssue(issue, query);
      fieldErrors[param] ??= message;
    }
  }
  const result = useApi<LicenseResponse>(checked.success ? '/api/license' : null, query);
  const serverParam = result.error instanceof ApiError ? result.error.param : null;
  const errorFor = (name: string): string | undefined => fieldErrors[name] ?? (serverParam === name ? result.error?.message : undefined);
  const models = useApi<CatalogModelsResponse>('/api/catalog/models', { open: true, sort: 'releaseDate', limit: 500 });

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Licence
      </h1>
      <p class="lede">Does a model’s licence allow what you plan to do? Each answer quotes the clause it rests on. Not legal advice.</p>
      <datalist id="licence-models">
        {(models.data?.models ?? []).map((model) => (
          <option key={model.id} value={model.id}>
            {model.name}
          </option>
        ))}
      </datalist>
      <form class="form-grid" aria-label="Intended use" onSubmit={(event) => event.preventDefault()} data-testid="license-form">
        <fieldset>
          <legend>Models and use</legend>
          <TextField id="license-model" label="Models" list="licence-models" hint="catalog ids or names, comma-separated" value={form.model} onInput={set('model')} error={errorFor('model')} />
          <TextField id="license-mau" label="Monthly active users (all your products)" type="number" inputMode="numeric" min="0" value={form.mau} onInput={set('mau')} error={errorFor('mau')} />
          <TextField id="license-region" label="Where your company is based" hint="ISO codes such as DE, US, or EU; comma-separated" value={form.region} onInput={set('region')} error={errorFor('region')} />
          <TextField id="license-weights" label="Weights licence (models not in the catalog)" hint="SPDX id or name" value={form.weightsLicense} onInput={set('weightsLicense')} error={errorFor('weightsLicense')} />
        </fieldset>
        <fieldset>
          <legend>You will</legend>
          <CheckboxField id="license-commercial" label="use it commercially" checked={form.commercial} onChange={set('commercial')} />
          <CheckboxField id="license-train" label="train another model on its outputs" checked={form.trainOnOutputs} onChange={set('trainOnOutputs')} />
          <CheckboxField id="license-redistribute" label="redistribute the weights or host them for others" checked={form.redistribute} onChange={set('redistribute')} />
        </fieldset>
      </form>
      {!checked.success ? (
        <p class="error" role="alert">
          Fix the highlighted field to see the verdict.
        </p>
      ) : result.error !== undefined && serverParam === null ? (
        <ErrorMessage error={result.error} />
      ) : result.data === undefined ? (
        result.error ? null : <Loading what="the verdicts" />
      ) : (
        <div data-testid="license-result" aria-busy={result.loading ? 'true' : undefined}>
          {result.data.verdicts.map((verdict) => (
            <section class="verdict" key={verdict.model.id} aria-label={`Verdict for ${verdict.model.id}`}>
              <h2>
                {verdict.model.name ?? verdict.model.id} <VerdictBadge verdict={verdict.verdict} />
                {verdict.governedBy === 'api-terms' ? <span class="muted small"> closed model: the provider’s API terms govern its use</span> : null}
              </h2>
              <p class="muted">
                {verdict.licenseName ?? 'licence unknown'}
                {verdict.family === null ? '' : ` · family ${verdict.family}`} · matched: {verdict.matchDetail}
              </p>
              {verdict.findings.length === 0 ? null : (
                <TableWrap label={`Findings for ${verdict.model.id}`}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Question</th>
                        <th scope="col">Outcome</th>
                        <th scope="col">What it means</th>
                      </tr>
                    </thead>
                    <tbody>
                      {verdict.findings.map((finding) => (
                        <tr key={finding.aspect}>
                          <th scope="row">{finding.aspect}</th>
                          <td>
                            <VerdictBadge verdict={finding.outcome} />
                          </td>
                          <td>{finding.summary}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
              {verdict.clause === null ? null : (
                <blockquote>
                  “{verdict.clause.text}”
                  <footer class="muted small">
                    {verdict.clause.origin === 'parity-summary' ? 'parity’s wording' : verdict.clause.origin}
                    {verdict.clause.field === null ? '' : `, ${verdict.clause.field}`}
                  </footer>
                </blockquote>
              )}
              {verdict.conditions.length === 0 ? null : (
                <>
                  <h3>Conditions</h3>
                  <ul>
                    {verdict.conditions.map((condition) => (
                      <li key={condition}>{condition}</li>
                    ))}
                  </ul>
                </>
              )}
              <p class="muted small">
                {verdict.source === null ? '' : `Source: ${verdict.source}. `}
                {verdict.verification === null ? '' : `Verification: ${verdict.verification.level}.`}
              </p>
              {verdict.notes.length === 0 ? null : (
                <ul class="notes">
                  {verdict.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              )}
            </section>
          ))}
          <p class="muted small">{result.data.disclaimer}</p>
        </div>
      )}
    </section>
  );
}
