/** The terminal rendering of `parity cost --fine-tune`: the report's figures, each with where it came from. */
import { payback } from '../../decide/advise/render-fine-tune.js';
import type { FineTuneReport } from '../../decide/fine-tune/compute-fine-tune.js';
import type { RecoveryRow } from '../../decide/fine-tune/routing-break-even.js';
import { renderTable } from '../output.js';

const usd = (value: number): string =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: value >= 100 ? 0 : 2, maximumFractionDigits: value >= 100 ? 0 : 2 })}`;
const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const gb = (value: number): string => `${value.toFixed(1)} GB`;
const pct = (value: number | null, digits = 1): string => (value === null ? 'n/a' : `${(value * 100).toFixed(digits)}%`);
const months = (value: { months: number | null; reason: string | null }): string => (value.months === null ? `never (${value.reason})` : payback(value.months));

function selfRunLines(report: FineTuneReport): string[] {
  const run = report.selfRun;
  if (run === null) return report.selfRunUnavailable === null ? [] : [`Self-run: REFUSED — ${report.selfRunUnavailable}`];
  const m = run.memory;
  const lines = [
    `Self-run on ${run.gpus}×${run.gpu.gpu} (${gb(run.perGpuGb)} needed per GPU of ${gb(run.usableGpuMemoryGb)} usable)`,
    `  memory: model states ${gb(m.modelStatesGb)} over ${run.gpus} GPU${run.gpus === 1 ? '' : 's'} + activations ${gb(m.activationsGb)} per GPU = ${m.formula}`,
    `  GPU memory: ${run.gpuMemoryGb.basis}${run.memoryHeadroom > 0 ? `, ${pct(run.memoryHeadroom, 0)} kept free` : ''}`,
    `  compute: ${run.trainingFlops.toExponential(3)} FLOPs = 6 × ${report.model.activeParametersB}B × ${count(report.billedTokens)} tokens × ${run.timeFactor.value} (${report.method})`,
    `  speed: MFU ${pct(run.mfu.value, 2)} of ${run.peakTflops.value} TFLOPS per GPU → ${run.wallClockHours.toFixed(2)} h wall clock, ${run.gpuHours.toFixed(2)} GPU-h`,
    `    MFU: ${run.mfu.basis}`,
    `    peak: ${run.peakTflops.basis}`,
    `  GPU price: $${run.gpu.usdPerGpuHour}/GPU-h — ${run.gpu.basis}`,
    run.dataPrep === null
      ? `  training ${usd(run.trainingCost)} one-time`
      : `  training ${usd(run.trainingCost)} + data preparation ${usd(run.dataPrep.cost)} (${run.dataPrep.hours} h × ${usd(run.dataPrep.usdPerHour)}) = ${usd(run.oneTimeCost)} one-time`,
    `  GPU counts: ${run.fit.map((row) => `${row.gpus} ${row.fits ? 'fits' : 'no'} (${gb(row.perGpuGb)})`).join(', ')}`,
  ];
  return [...lines, ...run.notes.map((note) => `  note: ${note}`)];
}

function hostedLines(report: FineTuneReport): string[] {
  const hosted = report.hosted;
  if (hosted === null) return [];
  const lines = ['Hosted (published price per training token × billed tokens)'];
  if (hosted.quotes.length === 0) lines.push('  no service on file quotes this fine-tune');
  else {
    lines.push(
      renderTable(
        ['service', 'method', '$/M tokens', 'for', 'one-time', 'served at base price', 'source (seen)'],
        hosted.quotes.map((quote) => [
          quote.name,
          quote.method,
          quote.usdPerMillionTokens,
          quote.bracket,
          usd(quote.oneTimeCost),
          quote.servedAtBasePrice === null ? 'not settled' : quote.servedAtBasePrice ? 'yes' : 'no',
          `${quote.source} (${quote.seen})`,
        ]),
      ),
    );
    for (const quote of hosted.quotes.filter((entry) => entry.servedAtBasePrice === null)) lines.push(`  ${quote.name} serving: ${quote.servingNote}`);
  }
  for (const entry of hosted.unavailable) lines.push(`  ${entry.name}: ${entry.reason}`);
  lines.push(`  left out (no published per-token price found): ${hosted.leftOut.map((entry) => entry.service).join(', ')} — see --json for why`);
  return lines;
}

function servingLines(report: FineTuneReport): string[] {
  if (report.serving === null) return report.servingUnavailable === null ? [] : [`Running the tuned model: not priced — ${report.servingUnavailable}`];
  const s = report.serving;
  const w = s.workload;
  const lines = [
    `Running the tuned model: ${count(w.requestsPerDay)} requests/day × (${count(w.inputTokensPerRequest)} in + ${count(w.outputTokensPerRequest)} out), ${s.daysPerMonth}-day month`,
    `  merged model, own replicas: ${usd(s.merged.monthlyCost)}/month — ${s.merged.basis}`,
  ];
  if (s.adapter !== null) lines.push(`  adapter, shared base deployment: ${usd(s.adapter.monthlyCost)}/month — ${s.adapter.basis} (${s.adapter.replicaShare.toFixed(3)} of a replica at peak)`);
  if (s.comparisons.length > 0) {
    lines.push(
      renderTable(
        ['API option', 'API $/month', 'cheaper vs merged', 'break-even req/day (merged)', 'cheaper vs adapter'],
        s.comparisons.slice(0, 10).map((row) => [
          `${row.modelId} @ ${row.provider}`,
          usd(row.apiMonthlyCost),
          row.merged.cheaper,
          row.merged.breakEven.requestsPerDay === null ? 'never' : count(row.merged.breakEven.requestsPerDay),
          row.adapter?.cheaper ?? '—',
        ]),
      ),
    );
  }
  return [...lines, ...s.notes.map((note) => `  note: ${note}`)];
}

function recoveryRow(row: RecoveryRow): Array<string | number> {
  return [
    `${pct(row.recovery, 0)}${row.impliedPassRate === null ? '' : ` (pass rate ${pct(row.impliedPassRate)})`}`,
    usd(row.monthlySaving),
    months(row.breakEven),
    months(row.aheadForGood),
    ...row.net.map((entry) => usd(entry.net)),
  ];
}

function breakEvenLines(report: FineTuneReport): string[] {
  const b = report.breakEven;
  if (b === null) return [];
  return [
    `Fine-tune or route? Eval run ${b.evalRun.runId}: ${pct(b.evalRun.frontierOnlyShare)} of ${b.evalRun.pairedCases} paired cases pass only on the frontier model`,
    `  routing: ${usd(b.routing.monthlyCost)}/month (open ${usd(b.routing.openMonthly)} — ${b.open}; frontier ${usd(b.routing.frontierMonthly)} — ${b.frontier.modelId} at ${b.frontier.provider})`,
    `  fine-tuned: ${usd(b.fineTuned.monthlyCost)}/month (tuned ${usd(b.fineTuned.tunedMonthly)} — ${b.tuned}; frontier ${usd(b.fineTuned.frontierMonthly)} for the ${pct(b.fineTuned.frontierShare)} still failed)`,
    `  one-time ${usd(b.oneTimeCost)} (${b.oneTimeBasis})${b.retuneEveryMonths === null ? ', never re-tuned' : `, again every ${b.retuneEveryMonths} months`}`,
    `  saving ${usd(b.headline.monthlySaving)}/month; break-even ${months(b.headline.breakEven)}; ahead for good ${months(b.headline.aheadForGood)}`,
    renderTable(['ASSUMED recovery', 'saving/month', 'break-even', 'ahead for good', ...b.headline.net.map((entry) => `net at ${entry.months} months`)], b.sensitivity.map(recoveryRow)),
    ...b.assumptions.map((text) => `  ${text}`),
  ];
}

export function renderFineTune(report: FineTuneReport): string {
  const m = report.model;
  const out = [
    `Fine-tuning ${m.id} (${m.parametersBasis}), ${report.method}: ${count(report.trainingTokens)} tokens × ${report.epochs} epoch${report.epochs === 1 ? '' : 's'} = ${count(report.billedTokens)} billed tokens`,
    '',
    ...selfRunLines(report),
    '',
    ...hostedLines(report),
  ];
  if (report.cheapest !== null) out.push('', `Cheapest one-time cost: ${usd(report.cheapest.oneTimeCost)} (${report.cheapest.via})`);
  const serving = servingLines(report);
  if (serving.length > 0) out.push('', ...serving);
  const breakEven = breakEvenLines(report);
  if (breakEven.length > 0) out.push('', ...breakEven);
  out.push('', 'Assumptions (reference rows)');
  for (const row of report.assumptions) out.push(`  ${row.id} = ${row.value} ${row.unit} — ${row.source}, ${row.locator} (${row.check}, ${row.seen})`);
  for (const note of report.notes) out.push(`note: ${note}`);
  return out.join('\n');
}
