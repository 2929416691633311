/**
 * A self-contained HTML page for a routing evaluation: the metrics table, quality and PGR against the share of
 * frontier calls for the router and the baselines (SVG drawn server-side by Observable Plot over linkedom), and
 * the per-fold figures. No script, no external asset.
 */
import { RESPONSIVE_CSS } from '../../report/html.js';
import type { RouteEvalReport } from '../evaluate.js';
import type { CurvePoint, MethodSummary } from '../metrics/summarize.js';
import { escapeHtml, fixed, lineChart, PAGE_STYLE, percent, type SeriesPoint } from './html-parts.js';

function chart(points: SeriesPoint[], fixedPoints: SeriesPoint[], yLabel: string): string {
  return lineChart(points, fixedPoints, {
    xLabel: 'share of requests sent to the strong model →',
    yLabel,
    methods: ['router', 'random', 'length', 'oracle', 'always weak / strong'],
    colors: ['#d62728', '#7f7f7f', '#1f77b4', '#2ca02c', '#000000'],
    dashed: 'oracle',
  });
}

function series(report: RouteEvalReport, pick: (point: CurvePoint) => number): { points: SeriesPoint[]; fixedPoints: SeriesPoint[] } {
  const curves: Array<[string, CurvePoint[]]> = [
    ['router', report.router.curve],
    ['random', report.baselines.random.curve],
    ['length', report.baselines.length.curve],
    ['oracle', report.baselines.oracle.curve],
  ];
  const points = curves.flatMap(([method, curve]) => curve.filter((point) => Number.isFinite(pick(point))).map((point) => ({ method, frontierShare: point.frontierShare, value: pick(point) })));
  const weak = report.baselines.alwaysWeak;
  const strong = report.baselines.alwaysStrong;
  const fixedPoints = [weak, strong].map((point) => ({ method: 'always weak / strong', frontierShare: point.frontierShare, value: pick({ frontierShare: point.frontierShare, quality: point.quality, pgr: point.pgr, costSavings: point.costSavings }) }));
  return { points, fixedPoints };
}

export function renderRouteEvalHtml(report: RouteEvalReport, title = 'parity route eval'): string {
  const quality = series(report, (point) => point.quality);
  const pgr = series(report, (point) => point.pgr);
  const methods: Array<[string, MethodSummary]> = [
    [`router (${report.router.model})`, report.router],
    ['random (expected)', report.baselines.random],
    ['length (longest prompts to strong)', report.baselines.length],
    ['oracle (hindsight ceiling)', report.baselines.oracle],
  ];
  const rows = methods
    .map(
      ([name, summary]) =>
        `<tr><td>${escapeHtml(name)}</td><td>${fixed(summary.apgr)} <small>[${fixed(summary.apgrInterval[0], 2)}, ${fixed(summary.apgrInterval[1], 2)}]</small></td><td>${percent(summary.cpt50)}</td><td>${percent(summary.cpt80)}</td><td>${percent(summary.savingsAtCpt50)}</td><td>${percent(summary.savingsAtCpt80)}</td></tr>`,
    )
    .join('\n');
  const fixedRows = (
    [
      ['always weak', report.baselines.alwaysWeak],
      ['always strong', report.baselines.alwaysStrong],
    ] as const
  )
    .map(([name, point]) => `<tr><td>${name}</td><td colspan="3">quality ${fixed(point.quality)}, frontier share ${percent(point.frontierShare)}</td><td colspan="2">${point.costPerRequest === null ? 'cost unknown' : `${point.costPerRequest.toPrecision(3)} USD/request, saves ${percent(point.costSavings)}`}</td></tr>`)
    .join('\n');
  const foldRows = report.folds
    .map((fold) => `<tr><td>${fold.fold}</td><td>${fold.prompts}</td><td>${fixed(fold.router.apgr)}</td><td>${percent(fold.router.cpt50)}</td><td>${percent(fold.router.cpt80)}</td><td>${fixed(fold.baselines.length.apgr)}</td><td>${fixed(fold.baselines.oracle.apgr)}</td></tr>`)
    .join('\n');
  const pair = report.pair;
  const notes = report.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}${RESPONSIVE_CSS}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>Weak <b>${escapeHtml(pair.weak)}</b> vs strong <b>${escapeHtml(pair.strong)}</b>, judge <code>${escapeHtml(pair.judge)}</code>, ${pair.prompts} prompts
(${pair.unpaired} without both judgements, ${pair.missingJudgements} missing judgements left out). ${report.settings.folds}-fold cross-validation over prompts, seed ${report.settings.seed}.
Mean quality: weak ${fixed(report.quality.weak)}, strong ${fixed(report.quality.strong)}. The quality of a routed request is the quality of the model it was sent to.</p>
<table><thead><tr><th>method</th><th>APGR [95% CI]</th><th>CPT(50%)</th><th>CPT(80%)</th><th>saved at CPT(50%)</th><th>saved at CPT(80%)</th></tr></thead>
<tbody>
${rows}
${fixedRows}
</tbody></table>
<h2>Quality against the share of frontier calls</h2>
${chart(quality.points, quality.fixedPoints, 'mean quality of the routed answers')}
<h2>PGR against the share of frontier calls</h2>
${chart(pgr.points, pgr.fixedPoints, 'performance gap recovered')}
<h2>Folds</h2>
<table><thead><tr><th>fold</th><th>test prompts</th><th>router APGR</th><th>CPT(50%)</th><th>CPT(80%)</th><th>length APGR</th><th>oracle APGR</th></tr></thead><tbody>
${foldRows}
</tbody></table>
${notes === '' ? '' : `<h2>Notes</h2><ul>${notes}</ul>`}
<p><small>PGR = (q_router − q_weak)/(q_strong − q_weak); APGR = area under PGR over the frontier share (exact, piecewise linear); CPT(x) = smallest frontier share with PGR ≥ x (RouteLLM, Ong et al. 2024). Curves are means over folds.</small></p>
</body></html>
`;
}
