/** The memo's "Fine-tune or route?" section in Markdown (the HTML page renders the same lines). */
import type { RecoveryRow } from '../fine-tune/routing-break-even.js';
import { count, months, percent, tags, usd } from './format.js';

/** Under a month, in days of a 30-day month, so a quick payback does not read as 0.0 months. */
export function payback(value: number): string {
  return value > 0 && value < 1 ? `${(value * 30).toFixed(1)} days` : months(value);
}
import type { Memo } from './memo.js';

const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const when = (value: { months: number | null; reason: string | null }): string => (value.months === null ? `never (${value.reason})` : payback(value.months));

function recoveryCells(entry: RecoveryRow): string[] {
  return [
    `${percent(entry.recovery, 0)}${entry.impliedPassRate === null ? '' : ` (pass rate ${percent(entry.impliedPassRate)})`}`,
    usd(entry.monthlySaving),
    when(entry.breakEven),
    when(entry.aheadForGood),
    ...entry.net.map((net) => usd(net.net)),
  ];
}

export function fineTuneLines(memo: Memo): string[] {
  const heading = '## Fine-tune or route?';
  const section = memo.fineTune;
  if (section === null) {
    return [heading, '', 'Not priced: give the training set size (`--training-tokens`, with `--method` and `--epochs`) to weigh fine-tuning the open model against routing.'];
  }
  const { report } = section;
  const b = report.breakEven;
  const f = tags(['F']);
  const lines = [`${heading} ${tags(section.sources)}`, ''];
  const m = report.model;
  lines.push(`Fine-tuning ${m.name} (\`${m.id}\`, ${m.parametersB}B parameters) by ${report.method}: ${count(report.trainingTokens)} training tokens × ${report.epochs} epoch${report.epochs === 1 ? '' : 's'}.`, '');
  const run = report.selfRun;
  if (run !== null) {
    lines.push(
      `- Self-run: ${run.gpus}×${run.gpu.gpu} (${run.perGpuGb.toFixed(1)} GB per GPU of ${run.usableGpuMemoryGb.toFixed(0)} GB; fits on ${run.fit.filter((entry) => entry.fits).map((entry) => entry.gpus).join(', ')} GPUs), ` +
        `${run.trainingFlops.toExponential(2)} FLOPs at ${percent(run.mfu.value)} MFU → ${run.gpuHours.toFixed(1)} GPU-hours at $${run.gpu.usdPerGpuHour}/GPU-hour = ${usd(run.trainingCost)}` +
        `${run.dataPrep === null ? '' : ` + data preparation ${usd(run.dataPrep.cost)}`} ${tags(['F', 'G'])}`,
    );
  } else if (report.selfRunUnavailable !== null) {
    lines.push(`- Self-run: not possible — ${report.selfRunUnavailable} ${f}`);
  }
  for (const quote of report.hosted?.quotes ?? []) {
    const serving = quote.servedAtBasePrice === null ? 'base-price serving not settled by its pages' : quote.servedAtBasePrice ? 'then served at the base price' : 'served at another price';
    lines.push(`- Hosted at ${quote.name}: $${quote.usdPerMillionTokens}/M training tokens (${quote.bracket}) = ${usd(quote.oneTimeCost)}; ${serving} ${tags(['FH'])}`);
  }
  for (const entry of report.hosted?.unavailable ?? []) lines.push(`- ${entry.name}: ${entry.reason} ${tags(['FH'])}`);
  const leftOut = report.hosted?.leftOut ?? [];
  if (leftOut.length > 0) lines.push(`- Not priced: ${leftOut.map((entry) => entry.service).join(', ')} (no published per-token price found in the sources on file).`);
  if (report.dataPrep === null) lines.push('- Data preparation is not included (give `--data-prep-hours` and `--data-prep-rate`).');
  if (b === null) return lines;
  lines.push(
    '',
    `Routing the ${percent(b.evalRun.frontierOnlyShare)} of cases only the frontier model passed ${tags(['E'])} costs ${usd(b.routing.monthlyCost)}/month ` +
      `(open model ${usd(b.routing.openMonthly)}, frontier ${usd(b.routing.frontierMonthly)}) ${tags(['W', 'P1', ...(section.hosting === 'self' ? ['G', 'H'] : ['P2'])])}. ` +
      `Fine-tuned (${b.oneTimeBasis}, ${usd(b.oneTimeCost)} one-time${b.retuneEveryMonths === null ? '' : `, again every ${b.retuneEveryMonths} months`}), with the recovery assumed below: ` +
      `${usd(b.fineTuned.monthlyCost)}/month, saving ${usd(b.headline.monthlySaving)}/month; break-even ${when(b.headline.breakEven)}, ahead for good ${when(b.headline.aheadForGood)}.`,
    '',
    `**Assumption:** ${b.assumptions[0] ?? ''}.`,
    '',
    row(['assumed recovery', 'saving/month', 'break-even', 'ahead for good', ...b.headline.net.map((net) => `net after ${net.months} months`)]),
    `|${b.headline.net.map(() => '---').concat(['---', '---', '---', '---']).join('|')}|`,
    ...b.sensitivity.map((entry) => row(recoveryCells(entry))),
    '',
    ...b.assumptions.slice(1).map((text) => `- ${text}`),
    `- Tuned model: ${b.tuned}.`,
    `- Open model: ${b.open}.`,
  );
  return lines;
}
