/** Table rows for a routing evaluation (the CLI renders them; the library never prints). */
import type { RouteEvalReport } from '../evaluate.js';
import type { MethodSummary } from '../metrics/summarize.js';
import { fixed, percent, type TableRows } from './format.js';
export type { TableRows } from './format.js';

function interval(values: [number, number]): string {
  return Number.isNaN(values[0]) ? '' : ` [${fixed(values[0], 2)}, ${fixed(values[1], 2)}]`;
}

function percentInterval(values: [number, number]): string {
  return Number.isNaN(values[0]) ? '' : ` [${percent(values[0])}, ${percent(values[1])}]`;
}

export function summaryRows(report: RouteEvalReport): TableRows {
  const methods: Array<[string, MethodSummary]> = [
    [`router (${report.router.model})`, report.router],
    ['random (expected)', report.baselines.random],
    ['length', report.baselines.length],
    ['oracle (ceiling)', report.baselines.oracle],
  ];
  const rows = methods.map(([name, summary]) => [
    name,
    `${fixed(summary.apgr)}${interval(summary.apgrInterval)}`,
    `${percent(summary.cpt50)}${summary === report.router ? percentInterval(summary.cpt50Interval) : ''}`,
    `${percent(summary.cpt80)}${summary === report.router ? percentInterval(summary.cpt80Interval) : ''}`,
    percent(summary.savingsAtCpt50),
    percent(summary.savingsAtCpt80),
  ]);
  return { head: ['method', 'APGR [95% CI]', 'CPT(50%)', 'CPT(80%)', 'saved @CPT50', 'saved @CPT80'], rows };
}

/** The fixed operating points: always weak and always strong. */
export function fixedPointRows(report: RouteEvalReport): TableRows {
  return {
    head: ['baseline', 'frontier share', 'quality', 'PGR', 'cost $/request', 'saved vs always-strong'],
    rows: (
      [
        ['always weak', report.baselines.alwaysWeak],
        ['always strong', report.baselines.alwaysStrong],
      ] as const
    ).map(([name, point]) => [name, percent(point.frontierShare), fixed(point.quality), fixed(point.pgr, 0), point.costPerRequest === null ? '—' : point.costPerRequest.toPrecision(3), percent(point.costSavings)]),
  };
}

export function foldRows(report: RouteEvalReport): TableRows {
  return {
    head: ['fold', 'prompts', 'q weak', 'q strong', 'router APGR', 'CPT(50%)', 'CPT(80%)', 'length APGR', 'oracle APGR'],
    rows: report.folds.map((fold) => [
      String(fold.fold),
      String(fold.prompts),
      fixed(fold.qualityWeak),
      fixed(fold.qualityStrong),
      fixed(fold.router.apgr),
      percent(fold.router.cpt50),
      percent(fold.router.cpt80),
      fixed(fold.baselines.length.apgr),
      fixed(fold.baselines.oracle.apgr),
    ]),
  };
}
