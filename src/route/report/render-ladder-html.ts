/**
 * A self-contained HTML page for a ladder (k-model) routing evaluation: the metrics, PGR against the cost axis
 * for the router and the baselines, where the router sends requests along its frontier, and the folds.
 */
import type { LadderEvalReport } from '../ladder/evaluate-ladder.js';
import { axisLabel, ladderFoldRows, ladderFrontierRows, ladderModelRows, ladderSummaryRows } from '../ladder/ladder-report-rows.js';
import { escapeHtml, htmlNotes, htmlPage, htmlTable, lineChart, type SeriesPoint } from './html-parts.js';


export function renderLadderEvalHtml(report: LadderEvalReport, title = 'parity route eval (k models)'): string {
  const curves: Array<[string, LadderEvalReport['router']['curve']]> = [
    ['router', report.router.curve],
    ['random', report.baselines.random.curve],
    ['best fixed mix', report.baselines.fixedMix.curve],
    ['oracle', report.baselines.oracle.curve],
  ];
  const points: SeriesPoint[] = curves.flatMap(([method, curve]) => curve.filter((point) => Number.isFinite(point.pgr)).map((point) => ({ method, frontierShare: point.x, value: point.pgr })));
  const fixedPoints: SeriesPoint[] = report.models.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.pgr)).map((point) => ({ method: 'always one model', frontierShare: point.x, value: point.pgr }));
  const ladder = report.ladder;
  return htmlPage(
    title,
    `<p>Models, cheapest first: ${ladder.models.map((model) => `<b>${escapeHtml(model)}</b>`).join(' → ')}; judge <code>${escapeHtml(ladder.judge)}</code>; ${ladder.prompts} prompts judged for every model
(${ladder.incomplete} judged for only some, ${ladder.missingJudgements} missing judgements left out). ${report.settings.folds}-fold cross-validation over prompts, seed ${report.settings.seed}.
The router predicts each model's quality from the prompt and sends it to the cheapest model whose prediction clears a target; moving the target traces its frontier.
x: ${escapeHtml(axisLabel(report))}.</p>
${htmlTable(ladderSummaryRows(report))}
${htmlTable(ladderModelRows(report))}
<h2>PGR against cost</h2>
${lineChart(points, fixedPoints, {
  xLabel: `${report.settings.axis === 'cost' ? 'share of the extra cost of always using the last model' : 'mean ladder step'} →`,
  yLabel: 'performance gap recovered (first → last model)',
  methods: ['router', 'random', 'best fixed mix', 'oracle', 'always one model'],
  colors: ['#d62728', '#7f7f7f', '#ff7f0e', '#2ca02c', '#000000'],
  dashed: 'oracle',
})}
<h2>Where the router sends requests</h2>
<p><small>On all prompts' out-of-fold predictions: the share of requests each model gets at each point of the frontier.</small></p>
${htmlTable(ladderFrontierRows(report))}
<h2>Folds</h2>
${htmlTable(ladderFoldRows(report))}
${htmlNotes(report.notes)}
<p><small>PGR = (q − q_first)/(q_last − q_first); APGR = area under PGR over x from (0, 0) to (1, 1), exact for the piecewise-linear path; best fixed mix = the upper hull of the always-one-model points; oracle = per prompt, with hindsight, the best mix for every budget (a ceiling). Curves are means over folds.</small></p>`,
  );
}
