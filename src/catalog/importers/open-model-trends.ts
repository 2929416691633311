/**
 * The data of Epoch AI's Nov 2024 report "How far behind are open models?": the benchmark table (with each
 * system's date and open/closed flag) and the GSM8K / GSM1k table.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import { parametersFromName } from './model-facts.js';
import type { SourceRow } from './source-files.js';

export const OPEN_MODEL_TRENDS_BENCHMARKS = 'epoch/benchmarks_with_model_accessibility.csv';
export const OPEN_MODEL_TRENDS_GSM1K = 'epoch/gsm1k_with_model_accessibility.csv';
const BENCHMARKS = OPEN_MODEL_TRENDS_BENCHMARKS;
const GSM1K = OPEN_MODEL_TRENDS_GSM1K;
const SOURCE = 'epoch-open-model-trends';
const SNAPSHOT = '2024-11-05';

const COLUMNS: Array<{ column: string; benchmark: string; kind: 'share' | 'number' }> = [
  { column: 'BBH', benchmark: 'omt-bbh', kind: 'share' },
  { column: 'GPQA', benchmark: 'omt-gpqa', kind: 'share' },
  { column: 'MMLU', benchmark: 'omt-mmlu', kind: 'share' },
  { column: 'HELM MMLU', benchmark: 'omt-helm-mmlu', kind: 'share' },
  { column: 'SEAL Coding', benchmark: 'seal-coding', kind: 'number' },
  { column: 'SEAL Instruction Following', benchmark: 'seal-instruction-following', kind: 'share' },
  { column: 'SEAL Math', benchmark: 'seal-math', kind: 'share' },
];

function openFlag(row: SourceRow): boolean | null {
  const value = row.text('Open/Closed').toLowerCase();
  if (value === 'open') return true;
  if (value === 'closed') return false;
  if (value === '') return null;
  return row.fail(`column "Open/Closed": expected Open or Closed, got "${row.text('Open/Closed')}"`);
}

function positive(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

export function importOpenModelTrends(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  for (const row of context.folder.csv(BENCHMARKS, ['System', 'Date', 'Open/Closed', ...COLUMNS.map((c) => c.column)])) {
    const system = row.requiredText('System');
    if (/^random chance$/i.test(system)) continue; // a baseline row, not a model
    const date = row.date('Date');
    const open = openFlag(row);
    const parameters = positive(row.number('Model size (parameters)'));
    const active = positive(row.number('Active Parameters'));
    const fromName = parametersFromName(system);
    out.facts.push({
      source: SOURCE,
      name: system,
      lab: context.labs.forModelName(system),
      openWeights: open,
      releaseDate: date,
      parametersB: parameters !== null ? parameters / 1e9 : open ? fromName.total : null,
      activeParametersB: active !== null && active !== parameters ? active / 1e9 : null,
    });
    for (const column of COLUMNS) {
      const score = column.kind === 'share' ? row.share(column.column, 'share') : row.number(column.column);
      if (score === null) continue;
      out.results.push({ source: SOURCE, modelName: system, benchmark: column.benchmark, score, date, fallbackDate: SNAPSHOT, sourceRow: 'benchmarks_with_model_accessibility.csv' });
    }
  }
  for (const row of context.folder.csv(GSM1K, ['System', 'Date', 'GSM8k', 'GSM1k', 'Open/Closed'])) {
    const system = row.requiredText('System');
    const date = row.date('Date');
    out.facts.push({ source: SOURCE, name: system, lab: context.labs.forModelName(system), openWeights: openFlag(row), releaseDate: date });
    for (const [column, benchmark] of [['GSM8k', 'omt-gsm8k'], ['GSM1k', 'gsm1k']] as const) {
      const score = row.share(column, 'share');
      if (score === null) continue;
      out.results.push({ source: SOURCE, modelName: system, benchmark, score, date, fallbackDate: SNAPSHOT, sourceRow: 'gsm1k_with_model_accessibility.csv' });
    }
  }
  return out;
}
