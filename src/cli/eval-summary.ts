/**
 * The terminal summary of an eval run: per model its pass rate over the calls it answered, its errors by cause
 * (with the first message and a hint), its consistency over repeats; per comparison the verdict with its
 * interval and test; the run's spend against its cap; the command that learns a router from the run.
 */
import type { EvalReport } from '../eval/execute-plan.js';
import type { Comparison, ModelSummary } from '../eval/records/run-summary.js';
import { countOf, formatNumber, renderTable } from './output.js';

const pct = (value: number | null) => (value !== null && Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '—');
const usd = (value: number | null) => (value === null ? '—' : `$${value.toFixed(value < 0.01 ? 5 : 4)}`);
/** A word as a POSIX shell reads it: as is when it has no special characters, else single-quoted. */
export const shellWord = (word: string): string => (/^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

function modelRows(models: readonly ModelSummary[]): string {
  const rows = models.map((model) => [
    model.label,
    model.openWeights === null ? '?' : model.openWeights ? 'open' : 'closed',
    `${model.passes}/${model.attempts - model.errors}`,
    model.passRate === null ? '— (nothing answered)' : `${pct(model.passRate)} (${pct(model.passRateInterval.low)}–${pct(model.passRateInterval.high)})`,
    formatNumber(model.meanScore, 3),
    usd(model.costPerCase),
    usd(model.costPerPassedCase),
    `${formatNumber(model.latencyP50Ms, 0)} / ${formatNumber(model.latencyP95Ms, 0)}`,
    model.errors,
  ]);
  return renderTable(['model', 'weights', 'passed/answered', 'pass rate (Wilson 95%)', 'mean score', 'cost/case', 'cost/passed', 'latency p50/p95 ms', 'errors'], rows);
}

/** Errors by cause, most frequent first: "small: connection refused to 127.0.0.1:11434 ×600 — is Ollama running? …". */
function errorLines(models: readonly ModelSummary[]): string[] {
  const lines: string[] = [];
  for (const model of models) {
    for (const cause of model.errorCauses) {
      lines.push(`  ${model.label}: ${cause.cause} ×${cause.count}${cause.hint === null ? '' : ` — ${cause.hint}`}`);
      lines.push(`    first: ${cause.firstMessage.length > 300 ? `${cause.firstMessage.slice(0, 299)}…` : cause.firstMessage}`);
    }
  }
  return lines.length === 0 ? [] : ['', 'errors (left out of every rate and comparison):', ...lines];
}

/**
 * The models whose answers came without token counts (usage missing or partial): how many, and what that leaves of
 * their cost — the sum over the others is a lower bound, never a total read from zeros.
 */
function usageLines(models: readonly ModelSummary[]): string[] {
  const lines: string[] = [];
  for (const model of models) {
    const unknown = model.usageUnknown ?? 0;
    if (unknown === 0) continue;
    const answered = model.attempts - model.errors;
    const known = answered - unknown;
    const cost =
      model.priceSource === null
        ? 'no price, so no cost either way'
        : model.costUsd === null
          ? 'cost unknown'
          : `cost ≥ ${usd(model.costUsd)} (${countOf(unknown, 'call')} left out; cost/case is the mean of the ${known} with usage)`;
    lines.push(`  ${model.label}: ${unknown} of ${answered} answered calls reported no token counts — ${cost}`);
  }
  return lines.length === 0 ? [] : ['', 'token counts unknown (the provider sent no usage, or only part of it):', ...lines];
}

function consistencyLines(models: readonly ModelSummary[]): string[] {
  const lines: string[] = [];
  for (const model of models) {
    const consistency = model.consistency;
    if (consistency === null) continue;
    const k = consistency.repeats;
    const flips = consistency.flipping === 0 ? 'no case flips' : `${countOf(consistency.flipping, 'case')} ${consistency.flipping === 1 ? 'flips' : 'flip'} between repeats: ${consistency.flippingCases.join(', ')}${consistency.flipping > consistency.flippingCases.length ? ', …' : ''}`;
    lines.push(`  ${model.label}: pass^${k} ${pct(consistency.passAll)}, pass@${k} ${pct(consistency.passAny)}, mean ${pct(model.passRate)} over ${consistency.cases} cases; ${flips}`);
  }
  return lines.length === 0 ? [] : ['', 'consistency over repeats:', ...lines];
}

function comparisonLines(report: EvalReport, comparison: Comparison, db: string | undefined): string[] {
  const c = comparison.coverage;
  const verdict = comparison.nonInferiority;
  const labelOf = (ref: string) => report.summary.models.find((model) => model.ref === ref)?.label ?? ref;
  const mcnemar = comparison.mcnemar.pValue === null ? '—' : comparison.mcnemar.pValue.toPrecision(3);
  const leftOut = comparison.unpairedCases === 0 ? '' : `; ${countOf(comparison.unpairedCases, 'case')} left out (not answered by both)`;
  const lines = ['', `${verdict.verdict.replaceAll('-', ' ').toUpperCase()}: ${verdict.statement}.`];
  if (comparison.pairedCases === 0) {
    lines.push(`no case was answered by both ${labelOf(comparison.candidate)} and ${labelOf(comparison.reference)}${leftOut}`);
    return lines;
  }
  lines.push(
    `McNemar p = ${mcnemar} over ${comparison.pairedCases} paired cases${leftOut}; coverage: candidate passes ${pct(c.candidatePasses)}, ${pct(c.onlyReferencePasses)} need the reference, ${pct(c.bothFail)} fail on both; ` +
      `cost/case all-reference ${usd(c.referenceCostPerCase)}, oracle routing ${usd(c.oracleRoutingCostPerCase)}, cascade ${usd(c.cascadeCostPerCase)}`,
  );
  // an incomplete run is no evidence to act on: it gets no verdict, and no routing advice either
  if (verdict.verdict !== 'no-verdict' && (c.onlyReferencePasses ?? 0) > 0 && (c.candidatePasses ?? 0) > 0) {
    // a router learned from this run sends the reference only what looks like those cases; the suite's labels name them
    const store = db === undefined ? '' : ` --db ${shellWord(db)}`;
    lines.push(`route it: parity route eval --run ${report.runId}${store} --weak ${shellWord(labelOf(comparison.candidate))} --strong ${shellWord(labelOf(comparison.reference))}`);
  }
  return lines;
}

function spendLine(report: EvalReport): string[] {
  const spend = report.spend;
  // nothing priced and no cap: nothing to say (a self-hosted model has no price, not a price of 0)
  if (spend === null || (spend.capUsd === null && spend.runUsd === 0)) return [];
  const resumed = spend.runUsd - spend.invocationUsd > 1e-12 ? ` (this invocation ${usd(spend.invocationUsd)})` : '';
  const cap = spend.capUsd === null ? '' : ` of the --max-cost $${spend.capUsd}`;
  const estimated = spend.estimatedCalls === undefined ? '' : `; it counts an estimate for ${countOf(spend.estimatedCalls, 'call')} that reported no token counts`;
  return ['', `spent ${usd(spend.runUsd)}${cap} on this run${resumed}${estimated}`];
}

/** The summary as text; `resume` is the command that continues this run (shown when it did not finish). */
export function renderEvalSummary(report: EvalReport, options: { db: string | undefined; resume: string }): string {
  const db = options.db;
  const outcome = report.outcome;
  const lines = [`${report.name} — run ${report.runId} (${outcome.status}: ${outcome.done}/${outcome.total} calls, ${countOf(report.summary.models.reduce((sum, model) => sum + model.errors, 0), 'error')})`];
  lines.push(modelRows(report.summary.models));
  lines.push(...errorLines(report.summary.models), ...usageLines(report.summary.models), ...consistencyLines(report.summary.models));
  for (const comparison of report.summary.comparisons) lines.push(...comparisonLines(report, comparison, db));
  for (const [ref, figures] of Object.entries(report.metrics ?? {})) {
    const entries = Object.entries(figures).map(([name, value]) => `${name} ${value === null ? '—' : Number.isInteger(value) ? value : pct(value)}`);
    lines.push('', `${ref}: ${entries.join(', ')}`);
  }
  lines.push(...spendLine(report));
  if (outcome.status === 'incomplete') lines.push(`no verdict: fix the cause of the errors, then retry exactly the errored calls with: ${options.resume}`);
  if (outcome.status === 'stopped-budget') lines.push(`not finished: raise --max-cost and continue with: ${options.resume}`);
  for (const failure of report.thresholds.failures) lines.push(`THRESHOLD FAILED: ${failure}`);
  return `${lines.join('\n')}\n`;
}
