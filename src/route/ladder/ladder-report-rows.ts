/** Table rows for a ladder evaluation (the CLI renders them; the library never prints). */
import type { LadderEvalReport, LadderMethodSummary } from './evaluate-ladder.js';
import { fixed, percent, usd, type TableRows } from '../report/format.js';
export type { TableRows } from '../report/format.js';

/** What x means on this report's axis, for headings. */
export function axisLabel(report: LadderEvalReport): string {
  const models = report.ladder.models;
  return report.settings.axis === 'cost'
    ? `share of the extra cost of always using ${models[models.length - 1]} (0 = always ${models[0]})`
    : `mean ladder step (0 = always ${models[0]}, 1 = always ${models[models.length - 1]}; costs unknown)`;
}

export function ladderSummaryRows(report: LadderEvalReport): TableRows {
  const methods: Array<[string, LadderMethodSummary]> = [
    [`router (${report.router.model})`, report.router],
    [`random (${report.ladder.models[0]} ↔ ${report.ladder.models[report.ladder.models.length - 1]})`, report.baselines.random],
    ['best fixed mix (prompt-blind)', report.baselines.fixedMix],
    ['oracle (ceiling)', report.baselines.oracle],
  ];
  const x = report.settings.axis === 'cost' ? 'cost share' : 'step';
  return {
    head: ['method', 'APGR [95% CI]', `${x} @PGR 50%`, `${x} @PGR 80%`],
    rows: methods.map(([name, summary]) => [
      name,
      `${fixed(summary.apgr)}${Number.isNaN(summary.apgrInterval[0]) ? '' : ` [${fixed(summary.apgrInterval[0], 2)}, ${fixed(summary.apgrInterval[1], 2)}]`}`,
      percent(summary.xAtPgr50),
      percent(summary.xAtPgr80),
    ]),
  };
}

/** Each model always. */
export function ladderModelRows(report: LadderEvalReport): TableRows {
  const last = report.models[report.models.length - 1]?.costPerRequest ?? null;
  return {
    head: ['always', 'quality', 'PGR', 'cost $/request', 'saved vs the last', 'price'],
    rows: report.models.map((point) => [
      point.model,
      fixed(point.quality),
      fixed(point.pgr, 2),
      usd(point.costPerRequest),
      point.costPerRequest === null || last === null || last <= 0 ? '—' : percent(1 - point.costPerRequest / last),
      point.price === null ? (point.costPerRequest === null ? '—' : 'measured') : `${point.price.inputPerMtok}/${point.price.outputPerMtok} (${point.price.source})`,
    ]),
  };
}

/** The router's frontier: where each share of the budget sends requests. */
export function ladderFrontierRows(report: LadderEvalReport): TableRows {
  return {
    head: [report.settings.axis === 'cost' ? 'cost share' : 'step', 'PGR', 'quality', 'cost $/request', ...report.ladder.models.map((model) => `→ ${model}`)],
    rows: report.frontier.map((point) => [percent(point.x), fixed(point.pgr, 2), fixed(point.quality), usd(point.costPerRequest), ...point.shares.map(percent)]),
  };
}

export function ladderFoldRows(report: LadderEvalReport): TableRows {
  return {
    head: ['fold', 'prompts', 'router APGR', '@PGR 50%', '@PGR 80%', 'fixed-mix APGR', 'oracle APGR'],
    rows: report.folds.map((fold) => [String(fold.fold), String(fold.prompts), fixed(fold.router.apgr), percent(fold.router.xAtPgr50), percent(fold.router.xAtPgr80), fixed(fold.fixedMix.apgr), fixed(fold.oracle.apgr)]),
  };
}
