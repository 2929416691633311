/** Table rows for a cascade replay (the CLI renders them; the library never prints). */
import type { CascadeEvalReport, CascadeStrategy, OperatingPoint } from './evaluate-cascade.js';
import { percent, usd, type TableRows } from '../../report/format.js';
export type { TableRows } from '../../report/format.js';

/** How each strategy is named in tables. */
export function strategyName(report: CascadeEvalReport, strategy: CascadeStrategy): string {
  const last = report.cascade.models[report.cascade.models.length - 1];
  switch (strategy) {
    case 'cascade':
      return `cascade ${report.cascade.models.join(' → ')}`;
    case 'router':
      return `router ${report.router.weak} / ${report.router.strong} (${report.router.model}, cross-validated)`;
    case 'gated-cascade':
      return 'router-gated cascade (lowest-scored straight to the last model)';
    case 'always-last':
      return `always ${last}`;
  }
}

/** The cascade against each model always. */
export function cascadeResultRows(report: CascadeEvalReport): TableRows {
  const result = report.result;
  const lastCost = report.models[report.models.length - 1]?.costPerRequest ?? null;
  return {
    head: ['', 'pass rate', 'cost $/request', 'saved vs the last', 'answered by (chain order)', 'calls / request'],
    rows: [
      [`cascade ${report.cascade.models.join(' → ')}`, percent(result.passRate), usd(result.costPerRequest), percent(result.savings), result.answeredBy.map(percent).join(' / '), result.callsPerRequest.toFixed(2)],
      ...report.models.map((point) => [
        `always ${point.model}`,
        percent(point.passRate),
        usd(point.costPerRequest),
        point.costPerRequest === null || lastCost === null || lastCost <= 0 ? '—' : percent(1 - point.costPerRequest / lastCost),
        '',
        '1.00',
      ]),
    ],
  };
}

function pointRow(report: CascadeEvalReport, point: OperatingPoint): string[] {
  return [
    strategyName(report, point.strategy),
    point.reached ? 'yes' : 'no',
    point.straightToLast === null ? '' : percent(point.straightToLast),
    percent(point.passRate),
    usd(point.costPerRequest),
    percent(point.savings),
  ];
}

/** Each strategy at the target pass rate (its best point when it does not reach it). */
export function targetRows(report: CascadeEvalReport): TableRows {
  return {
    head: ['strategy', 'reaches target', 'straight to last', 'pass rate', 'cost $/request', 'saved vs the last'],
    rows: report.target.points.map((point) => pointRow(report, point)),
  };
}

/** One-line verdict for the terminal and the page. */
export function cascadeVerdict(report: CascadeEvalReport): string {
  const target = `target pass rate ${percent(report.target.passRate)} (${report.target.source === 'flag' ? '--target-pass-rate' : `that of always ${report.cascade.models[report.cascade.models.length - 1]}`})`;
  if (report.target.cheapest === null) return `${target}: no cheapest strategy can be named (see the notes)`;
  const best = report.target.points.find((point) => point.strategy === report.target.cheapest);
  return `${target}: cheapest is the ${strategyName(report, report.target.cheapest)} at ${usd(best?.costPerRequest)} USD/request${best?.savings === null || best?.savings === undefined ? '' : ` (${percent(best.savings)} below always the last model)`}`;
}
