/** The terminal form of `parity eval … --estimate`: per model its calls, tokens and cost, then the totals. */
import type { EvalEstimate } from '../eval/estimate.js';
import { renderTable } from './output.js';

const integer = (value: number | null) => (value === null ? '—' : Math.round(value).toLocaleString('en-US'));
const usd = (value: number | null) => (value === null ? '—' : `$${value.toFixed(value < 0.01 ? 5 : 4)}`);

function duration(seconds: number | null): string {
  if (seconds === null) return 'duration unknown';
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

/** The total cost: exact, a lower bound (some calls have no price or no expected output), or unknown (none has a price). */
function totalCost(estimate: EvalEstimate): string {
  if (estimate.costUsd === null) return 'cost unknown (no model has a price)';
  return `${estimate.costComplete ? '' : 'at least '}${usd(estimate.costUsd)}`;
}

export function renderEvalEstimate(estimate: EvalEstimate): string {
  const rows = estimate.models.map((model) => [
    model.label,
    integer(model.calls),
    integer(model.inputTokens),
    model.outputTokens === null ? '—' : model.outputTokensFrom === 'maxTokens' ? `≤ ${integer(model.outputTokens)} (maxTokens)` : `${integer(model.outputTokens)} (earlier runs)`,
    model.price === null ? '—' : `$${model.price.inputPerMtok} / $${model.price.outputPerMtok}`,
    model.costUsd === null ? '—' : `${model.costIsLowerBound ? '≥ ' : ''}${usd(model.costUsd)}`,
    model.meanLatencyMs === null ? '—' : integer(model.meanLatencyMs),
  ]);
  const lines = [
    `${estimate.name}: ${integer(estimate.cases)} cases × ${estimate.repeats} repeat(s), concurrency ${estimate.concurrency} — an estimate; no model was called`,
    renderTable(['model', 'calls', 'input tokens', 'output tokens (expected)', 'price in/out per Mtok', 'cost', 'mean latency ms'], rows),
    `total: ${integer(estimate.calls)} calls, ${totalCost(estimate)}, ${duration(estimate.durationSeconds)}`,
    `input tokens counted with the ${estimate.tokenizer} tokenizer (exact for recent OpenAI models, approximate for others)`,
    ...estimate.models.flatMap((model) => (model.price === null ? [] : [`price of ${model.label}: ${model.price.source}`])),
    ...estimate.notes.map((note) => `note: ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}
