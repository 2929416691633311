/**
 * Cost: the `parity cost` questions as a form. Values are checked in the browser with the API's own zod
 * schema, and the result updates as you type (the server answers in milliseconds).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { DEFAULT_PRICE_POLICY, PRICE_POLICIES, PRICE_POLICY_LABELS, type PricePolicy } from '../../../src/catalog/price-policy.js';
import { describeQueryIssue } from '../../../src/dashboard/api/query-issue.js';
import { costQuerySchema, GPU_PRICINGS } from '../../../src/dashboard/api/query-schemas.js';
import type { CatalogModelsResponse, CostResponse } from '../../../src/dashboard/api/types.js';
import { ApiError, getJson, useApi } from '../api.js';
import { costCurveOptions } from '../charts/cost.js';
import { CheckboxField, SelectField, TextField } from '../components/fields.js';
import { PlotFigure } from '../components/plot-figure.js';
import { ErrorMessage } from '../components/status.js';
import { TableWrap } from '../components/table-wrap.js';
import { int, percent, usd } from '../format.js';

const GPUS = ['h100', 'h100-pcie', 'h200', 'a100', 'b200', 'gh200', 'l40s', 'a10', 'a6000', 'v100'] as const;

interface CostForm {
  model: string;
  api: string;
  pricePolicy: PricePolicy;
  requestsPerDay: string;
  inputTokens: string;
  outputTokens: string;
  peakToAverage: string;
  cacheHitRate: string;
  selfHost: boolean;
  gpu: string;
  gpus: string;
  pricing: (typeof GPU_PRICINGS)[number];
  utilization: string;
  scaleToZero: boolean;
  opsPerMonth: string;
  throughput: string;
  throughputUnit: 'output-tokens/s' | 'requests/s';
  precision: string;
  estimate: boolean;
}

const INITIAL: CostForm = {
  model: 'meta/llama-3.1-8b-instruct',
  api: 'openai/gpt-4o-mini',
  pricePolicy: DEFAULT_PRICE_POLICY,
  requestsPerDay: '200000',
  inputTokens: '800',
  outputTokens: '300',
  peakToAverage: '3',
  cacheHitRate: '0',
  selfHost: true,
  gpu: 'h200',
  gpus: '',
  pricing: 'on-demand',
  utilization: '0.6',
  scaleToZero: false,
  opsPerMonth: '1500',
  throughput: '',
  throughputUnit: 'output-tokens/s',
  precision: '',
  estimate: false,
};

/** The form as query parameters: every value a string, empty ones left out (the schema's defaults apply). */
function toQuery(form: CostForm): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) {
    const text = typeof value === 'boolean' ? String(value) : value.trim();
    if (text !== '') query[name] = text;
  }
  return query;
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

function Result({ result }: { result: CostResponse }) {
  const { report } = result;
  const chart = useCallback((width: number) => costCurveOptions(result.curve, width), [result.curve]);
  const cheapest = report.api[0];
  const self = report.selfHost;
  const comparison = report.comparisons[0];
  return (
    <div class="result" data-testid="cost-result">
      <p class="headline" data-testid="cost-headline" aria-live="polite">
        {self === null ? '' : `Self-hosting ${self.plan.modelId}: ${usd(self.monthlyCost)} a month. `}
        {cheapest === undefined ? 'No API price to compare with.' : `Cheapest API: ${cheapest.modelId} via ${cheapest.provider}, ${usd(cheapest.monthlyCost)} a month. `}
        {comparison === undefined ? '' : comparison.breakEven.kind === 'never' ? 'Self-hosting never becomes cheaper at these prices.' : `Self-hosting is cheaper from ${int(comparison.breakEven.requestsPerDay)} requests a day.`}
      </p>
      <PlotFigure testId="cost-chart" build={chart} label="Monthly cost against requests per day for each API price and for self-hosting" caption="Log scales. Dashed lines: your volume and the break-even volume." />
      <h2>API prices (cheapest {report.api.length} of {result.apiPriceCount})</h2>
      <TableWrap label="API prices">
        <table data-testid="cost-api">
          <thead>
            <tr>
              <th scope="col">Model @ provider</th>
              <th scope="col" class="num">$/month</th>
              <th scope="col" class="num">Effective $/Mtok</th>
              <th scope="col">Price as of</th>
            </tr>
          </thead>
          <tbody>
            {report.api.map((cost) => (
              <tr key={`${cost.modelId}@${cost.provider}`}>
                <th scope="row">
                  {cost.modelId} @ {cost.provider}
                </th>
                <td class="num">{usd(cost.monthlyCost)}</td>
                <td class="num">{usd(cost.effectivePerMtok)}</td>
                <td>
                  <span class="nowrap">{cost.price.asOf}</span> ({cost.price.source})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {self === null ? null : (
        <>
          <h2>Self-hosting</h2>
          <ul>
            <li>
              GPU: {self.plan.throughput.gpusPerReplica} × {self.plan.gpu.gpu} per replica at {usd(self.plan.gpu.usdPerGpuHour)} per GPU-hour — {self.plan.gpu.basis}
            </li>
            <li>
              Throughput ({self.plan.throughput.basis}): {self.plan.throughput.perReplica.toPrecision(4)} {self.plan.throughput.unit} per replica — {self.plan.throughput.detail}
            </li>
            <li>
              {self.peakReplicas} replica(s) at peak, {self.billedReplicas.toFixed(2)} billed; {int(self.gpuHoursPerMonth)} GPU-hours: GPU {usd(self.gpuCost)} + operations {usd(self.opsCost)} ={' '}
              <strong>{usd(self.monthlyCost)}</strong> a month{self.effectivePerMtok === null ? '' : `, ${usd(self.effectivePerMtok)} per Mtok`}
            </li>
          </ul>
        </>
      )}
      {report.sensitivity === null ? null : (
        <>
          <h2>
            Sensitivity against {report.sensitivity.against.modelId} @ {report.sensitivity.against.provider}
          </h2>
          <TableWrap label="Sensitivity of self-hosting cost">
            <table>
              <caption>Self-hosting $/month (break-even requests/day) when the GPU price and the utilization change</caption>
              <thead>
                <tr>
                  <th scope="col">GPU price \ utilization</th>
                  {[0.5, 1, 1.5].map((factor) => (
                    <th scope="col" class="num" key={factor}>
                      ×{factor}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[0.5, 1, 1.5].map((price) => (
                  <tr key={price}>
                    <th scope="row">×{price}</th>
                    {[0.5, 1, 1.5].map((utilization) => {
                      const row = report.sensitivity!.selfHost.find((entry) => entry.gpuPriceFactor === price && entry.utilizationFactor === utilization);
                      return (
                        <td class="num" key={utilization}>
                          {row === undefined ? '—' : `${usd(row.selfHostMonthlyCost)} (${row.breakEven.kind === 'never' ? 'never' : int(row.breakEven.requestsPerDay)})`}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      {report.assumptions.notes.length === 0 ? null : (
        <ul class="notes">
          {report.assumptions.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <p class="muted small">
        Month = {report.assumptions.daysPerMonth} days: {int(report.assumptions.monthlyRequests)} requests. Cache hits {percent(report.workload.cacheHitRate, 0)}.
        {result.skipped.length === 0 ? '' : ` ${result.skipped.length} catalog listings set aside (free tiers, duplicates, outliers).`}
      </p>
    </div>
  );
}

export function CostPage() {
  const [form, setForm] = useState<CostForm>(INITIAL);
  const set = <K extends keyof CostForm>(name: K) => (value: CostForm[K]) => setForm((previous) => ({ ...previous, [name]: value }));
  const query = toQuery(useDebounced(form, 300));
  const checked = costQuerySchema.safeParse(query);
  const fieldErrors: Record<string, string> = {};
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const { param, message } = describeQueryIssue(issue, query);
      fieldErrors[param] ??= message;
    }
  }
  const [result, setResult] = useState<{ data?: CostResponse; error?: ApiError | Error; loading: boolean }>({ loading: false });
  const key = JSON.stringify(query);
  useEffect(() => {
    if (!checked.success) return;
    const controller = new AbortController();
    setResult((previous) => ({ ...previous, loading: true }));
    getJson<CostResponse>('/api/cost', query, controller.signal).then(
      (data) => setResult({ data, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ error: error instanceof Error ? error : new Error(String(error)), loading: false });
      },
    );
    return () => controller.abort();
    // `key` stands for the query
  }, [key]);
  const serverParam = result.error instanceof ApiError ? result.error.param : null;
  const errorFor = (name: string): string | undefined => fieldErrors[name] ?? (serverParam === name ? result.error?.message : undefined);
  const openModels = useApi<CatalogModelsResponse>('/api/catalog/models', { open: true, sort: 'releaseDate', limit: 500 });
  const pricedModels = useApi<CatalogModelsResponse>('/api/catalog/models', { priced: true, sort: 'releaseDate', limit: 500 });

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Cost
      </h1>
      <p class="lede">What a workload costs a month through API providers and when self-hosting an open model pays off. Same model as <code>parity cost</code>.</p>
      <datalist id="open-models">
        {(openModels.data?.models ?? []).map((model) => (
          <option key={model.id} value={model.id}>
            {model.name}
          </option>
        ))}
      </datalist>
      <datalist id="priced-models">
        {(pricedModels.data?.models ?? []).map((model) => (
          <option key={model.id} value={model.id}>
            {model.name}
          </option>
        ))}
      </datalist>
      <form class="form-grid" aria-label="Workload and hosting" onSubmit={(event) => event.preventDefault()} data-testid="cost-form">
        <fieldset>
          <legend>Workload</legend>
          <TextField id="requestsPerDay" label="Requests per day" type="number" inputMode="numeric" min="0" value={form.requestsPerDay} onInput={set('requestsPerDay')} error={errorFor('requestsPerDay')} />
          <TextField id="inputTokens" label="Input tokens per request" type="number" inputMode="numeric" min="0" value={form.inputTokens} onInput={set('inputTokens')} error={errorFor('inputTokens')} />
          <TextField id="outputTokens" label="Output tokens per request" type="number" inputMode="numeric" min="0" value={form.outputTokens} onInput={set('outputTokens')} error={errorFor('outputTokens')} />
          <TextField id="peakToAverage" label="Peak ÷ average load" type="number" inputMode="decimal" step="0.1" min="1" value={form.peakToAverage} onInput={set('peakToAverage')} error={errorFor('peakToAverage')} />
          <TextField id="cacheHitRate" label="Prompt-cache hit rate (0–1)" type="number" inputMode="decimal" step="0.05" min="0" max="1" value={form.cacheHitRate} onInput={set('cacheHitRate')} error={errorFor('cacheHitRate')} />
        </fieldset>
        <fieldset>
          <legend>Models</legend>
          <TextField id="model" label="Open model to self-host" list="open-models" hint="catalog id or name" value={form.model} onInput={set('model')} error={errorFor('model')} />
          <TextField id="api" label="API models to compare" list="priced-models" hint="comma-separated; empty: the self-hosted model’s own API prices" value={form.api} onInput={set('api')} error={errorFor('api')} />
          <SelectField
            id="pricePolicy"
            label="API price"
            hint="which provider's listing prices each model"
            value={form.pricePolicy}
            options={PRICE_POLICIES.map((value) => ({ value, label: PRICE_POLICY_LABELS[value] }))}
            onChange={set('pricePolicy')}
            error={errorFor('pricePolicy')}
          />
          <CheckboxField id="selfHost" label="Price self-hosting" checked={form.selfHost} onChange={set('selfHost')} error={errorFor('selfHost')} />
        </fieldset>
        <fieldset disabled={!form.selfHost}>
          <legend>Self-hosting</legend>
          <SelectField id="gpu" label="GPU" value={form.gpu} options={GPUS.map((gpu) => ({ value: gpu, label: gpu.toUpperCase() }))} onChange={set('gpu')} error={errorFor('gpu')} />
          <TextField id="gpus" label="GPUs per replica" type="number" inputMode="numeric" min="1" hint="empty: as in the reference row" value={form.gpus} onInput={set('gpus')} error={errorFor('gpus')} />
          <SelectField id="pricing" label="GPU pricing" value={form.pricing} options={GPU_PRICINGS.map((value) => ({ value, label: value }))} onChange={set('pricing')} error={errorFor('pricing')} />
          <TextField id="utilization" label="Target utilization (0–1]" type="number" inputMode="decimal" step="0.05" min="0" max="1" value={form.utilization} onInput={set('utilization')} error={errorFor('utilization')} />
          <TextField id="opsPerMonth" label="Operations, USD per month" type="number" inputMode="decimal" min="0" value={form.opsPerMonth} onInput={set('opsPerMonth')} error={errorFor('opsPerMonth')} />
          <TextField id="throughput" label="Measured throughput per replica" type="number" inputMode="decimal" min="0" hint="empty: the reference tables" value={form.throughput} onInput={set('throughput')} error={errorFor('throughput')} />
          <SelectField
            id="throughputUnit"
            label="Throughput unit"
            value={form.throughputUnit}
            options={[
              { value: 'output-tokens/s', label: 'output tokens / s' },
              { value: 'requests/s', label: 'requests / s' },
            ]}
            onChange={set('throughputUnit')}
          />
          <TextField id="precision" label="Weights precision" hint="e.g. bf16, fp8; empty: any" value={form.precision} onInput={set('precision')} error={errorFor('precision')} />
          <CheckboxField id="scaleToZero" label="Scale to zero (bill the average load only)" checked={form.scaleToZero} onChange={set('scaleToZero')} />
          <CheckboxField id="estimate" label="Estimate from the nearest reference row when none matches" checked={form.estimate} onChange={set('estimate')} />
        </fieldset>
      </form>
      <div aria-busy={result.loading ? 'true' : undefined}>
        {!checked.success ? (
          <p class="error" role="alert">
            Fix the highlighted field{Object.keys(fieldErrors).length === 1 ? '' : 's'} to see the cost.
          </p>
        ) : result.error !== undefined ? (
          <ErrorMessage error={result.error} />
        ) : result.data === undefined ? (
          <p role="status">Computing…</p>
        ) : (
          <Result result={result.data} />
        )}
      </div>
    </section>
  );
}
