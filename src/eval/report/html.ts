import { escapeHtml, htmlPage } from '../../report/html.js';
import type { CaseResult } from '../records/case-result.js';
import type { EvalSummary } from '../records/run-summary.js';

const pct = (value: number | null) => (value !== null && Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '—');
const fixed = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));
const round = (value: number | null) => (value === null ? '—' : String(Math.round(value)));
/** p50 / p95, or "—" when no latency was measured (replayed answers). */
const latency = (p50: number | null, p95: number | null) => (p50 === null ? '—' : `${round(p50)} / ${round(p95)} ms`);
const usd = (value: number | null) => (value === null ? '—' : `$${value < 0.01 ? value.toFixed(5) : value.toFixed(3)}`);

function summaryTable(summary: EvalSummary): string {
  const rows = summary.models
    .map(
      (model) => `<tr><td class="${model.openWeights ? 'open' : model.openWeights === false ? 'closed' : ''}">${escapeHtml(model.label)}</td>
<td>${pct(model.passRate)} <span class="muted">(${pct(model.passRateInterval.low)}–${pct(model.passRateInterval.high)})</span></td>
<td>${fixed(model.meanScore, 3)}</td><td>${usd(model.costPerCase)}</td><td>${usd(model.costPerPassedCase)}</td>
<td>${latency(model.latencyP50Ms, model.latencyP95Ms)}</td><td>${model.errors}${model.errorCauses.length === 0 ? '' : ` <span class="muted">(${escapeHtml(model.errorCauses.map((cause) => `${cause.cause} ×${cause.count}`).join('; '))})</span>`}</td>
<td class="source">${escapeHtml(model.priceSource ?? 'no price')}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>model</th><th>pass rate (Wilson 95%)</th><th>mean score</th><th>cost / case</th><th>cost / passed case</th><th>latency p50 / p95</th><th>errors</th><th>price source</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The models whose answers came without token counts: their cost is a lower bound, or unknown, never a sum of zeros. */
function usageNotes(summary: EvalSummary): string {
  const notes = summary.models.flatMap((model) => {
    const unknown = model.usageUnknown ?? 0;
    if (unknown === 0) return [];
    const answered = model.attempts - model.errors;
    const cost =
      model.priceSource === null
        ? 'no price, so no cost either way'
        : model.costUsd === null
          ? 'its cost is unknown'
          : `its cost is at least ${usd(model.costUsd)}; cost / case is the mean of the ${answered - unknown} calls with usage`;
    return [`<li>${escapeHtml(model.label)}: ${unknown} of ${answered} answered calls reported no token counts — ${cost}.</li>`];
  });
  return notes.length === 0 ? '' : `<p class="muted">Token counts unknown (the provider sent no usage, or only part of it):</p><ul>${notes.join('')}</ul>`;
}

function comparisons(summary: EvalSummary): string {
  return summary.comparisons
    .map((comparison) => {
      const c = comparison.coverage;
      return `<p><strong>${escapeHtml(comparison.nonInferiority.verdict)}</strong>: ${escapeHtml(comparison.nonInferiority.statement)}.
McNemar p = ${comparison.mcnemar.pValue === null ? '—' : comparison.mcnemar.pValue.toPrecision(3)} (${comparison.mcnemar.onlyA} cases only ${escapeHtml(comparison.candidate)} passed, ${comparison.mcnemar.onlyB} only ${escapeHtml(comparison.reference)}; n = ${comparison.pairedCases}${comparison.unpairedCases === 0 ? '' : `; ${comparison.unpairedCases} left out, not answered by both`}).</p>
<p>Coverage: the candidate passes ${pct(c.candidatePasses)} of cases; ${pct(c.onlyReferencePasses)} need the reference; ${pct(c.bothFail)} fail on both.
Cost per case: all to the reference ${usd(c.referenceCostPerCase)}, routing only the failures (oracle) ${usd(c.oracleRoutingCostPerCase)}, cascade ${usd(c.cascadeCostPerCase)}.</p>`;
    })
    .join('\n');
}

function matrix(results: readonly CaseResult[], modelRefs: readonly string[]): string {
  const byCase = new Map<string, Map<string, CaseResult>>();
  for (const result of results) {
    if (result.repeat !== 0) continue;
    const row = byCase.get(result.caseId) ?? new Map<string, CaseResult>();
    row.set(result.modelRef, result);
    byCase.set(result.caseId, row);
  }
  const head = modelRefs.map((ref) => `<th>${escapeHtml(ref)}</th>`).join('');
  const body = [...byCase]
    .map(([caseId, row]) => {
      const anyFail = [...row.values()].some((result) => result.error !== null || !result.pass);
      const cells = modelRefs
        .map((ref) => {
          const result = row.get(ref);
          if (!result) return '<td class="muted">not run</td>';
          const kind = result.error !== null ? 'error' : result.pass ? 'pass' : 'fail';
          const grade = result.error !== null ? 'error' : `${kind} · ${result.score.toFixed(2)}`;
          const why = result.error !== null ? `${result.error.cause}: ${result.error.message}` : result.reason;
          return `<td class="${kind}"><details><summary>${grade}</summary><p class="muted">${escapeHtml(why)}</p><pre>${escapeHtml(result.output)}</pre></details></td>`;
        })
        .join('');
      return `<tr data-fail="${anyFail}"><th scope="row">${escapeHtml(caseId)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<label><input type="checkbox" id="failures-only"> show only cases with a failure</label>
<table id="matrix"><thead><tr><th>case</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const FILTER_SCRIPT = `document.getElementById('failures-only').addEventListener('change', (event) => {
  for (const row of document.querySelectorAll('#matrix tbody tr')) row.hidden = event.target.checked && row.dataset.fail !== 'true';
});`;

/** The single-file HTML report of an eval run: summary, comparisons and the case × model matrix. */
export function renderEvalHtml(title: string, summary: EvalSummary, results: readonly CaseResult[]): string {
  const body = `<h1>${escapeHtml(title)}</h1>
<h2>Models</h2>${summaryTable(summary)}${usageNotes(summary)}
<h2>Open vs proprietary</h2>${comparisons(summary) || '<p class="muted">No open/proprietary pair to compare.</p>'}
<h2>Cases</h2>${matrix(results, summary.models.map((model) => model.ref))}`;
  return htmlPage(title, body, { script: FILTER_SCRIPT });
}
