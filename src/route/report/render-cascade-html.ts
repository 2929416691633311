/**
 * A self-contained HTML page for a cascade replay: which verifier stood in and with what assumed error rates,
 * the cascade against each model always, every strategy at the target pass rate, and pass rate against cost for
 * the router and the router-gated cascade.
 */
import { cascadeResultRows, cascadeVerdict, targetRows } from '../cascade/replay/cascade-report-rows.js';
import type { CascadeEvalReport } from '../cascade/replay/evaluate-cascade.js';
import { escapeHtml, htmlNotes, htmlPage, htmlTable, lineChart, type SeriesPoint } from './html-parts.js';


function chart(report: CascadeEvalReport): string {
  const lastCost = report.models[report.models.length - 1]?.costPerRequest ?? null;
  if (report.curves === null || lastCost === null || !(lastCost > 0)) return '<p><small>No chart: it needs a router and known costs.</small></p>';
  const toPoint = (method: string) => (point: { passRate: number; costPerRequest: number | null }): SeriesPoint | undefined =>
    point.costPerRequest === null ? undefined : { method, frontierShare: point.costPerRequest / lastCost, value: point.passRate };
  const points = [...report.curves.router.map(toPoint('router')), ...report.curves.gated.map(toPoint('router-gated cascade'))].filter((point) => point !== undefined);
  const fixedPoints = [
    ...(report.result.costPerRequest === null ? [] : [{ method: 'cascade', frontierShare: report.result.costPerRequest / lastCost, value: report.result.passRate }]),
    ...report.models.filter((point) => point.costPerRequest !== null).map((point) => ({ method: 'always one model', frontierShare: (point.costPerRequest as number) / lastCost, value: point.passRate })),
  ];
  return lineChart(points, fixedPoints, {
    xLabel: `cost per request, as a share of always ${report.cascade.models[report.cascade.models.length - 1]} →`,
    yLabel: 'pass rate',
    methods: ['router', 'router-gated cascade', 'cascade', 'always one model'],
    colors: ['#d62728', '#9467bd', '#ff7f0e', '#000000'],
  });
}

export function renderCascadeHtml(report: CascadeEvalReport, title = 'parity route eval --cascade'): string {
  const cascade = report.cascade;
  const verifier = report.verifier;
  return htmlPage(
    title,
    `<p>Cascade ${cascade.models.map((model) => `<b>${escapeHtml(model)}</b>`).join(' → ')} replayed on ${cascade.prompts} prompts of ${escapeHtml(cascade.source)}
(judge <code>${escapeHtml(cascade.judge)}</code>; ${cascade.incomplete} prompts without every model's answer left out).</p>
<p><b>Verifier stand-in:</b> ${escapeHtml(verifier.description)}.
Assumed false-accept rate <b>${verifier.falseAccept}</b>, false-reject rate <b>${verifier.falseReject}</b>. Figures are exact expectations under these assumptions, not measurements of a real verifier.</p>
${htmlTable(cascadeResultRows(report))}
<h2>At the target pass rate</h2>
<p>${escapeHtml(cascadeVerdict(report))}.</p>
${htmlTable(targetRows(report))}
<h2>Pass rate against cost</h2>
${chart(report)}
${htmlNotes(report.notes)}
<p><small>The router is cross-validated between the first and the last model (${report.router.folds} folds over prompts, seed ${report.router.seed}); the router-gated cascade sends the requests it scores lowest straight to the last model and the rest through the cascade.</small></p>`,
  );
}
