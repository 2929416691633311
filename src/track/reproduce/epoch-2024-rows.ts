/**
 * Which rows of the Epoch 2024 data enter which frontier, following the report's method (METHOD.md):
 * the two tables together; SEAL Math stands in for GSM1k; the `Random chance` row, the fine-tuned systems
 * and anything named "Flan" are excluded; MMLU needs trust ≥ 0, GPQA from 2023-11-01 on needs trust ≥ 0.
 */
import type { Epoch2024Dataset, Epoch2024Row } from '../../catalog/index.js';
import { DataError } from '../../errors.js';
import { dayNumber } from '../dates.js';
import type { Observation } from '../frontier.js';
import type { Epoch2024Benchmark, EpochPoint } from '../output/epoch-2024-output.js';

export const RANDOM_CHANCE = 'Random chance';
const GPQA_TRUST_FROM = '2023-11-01';

/** The row's accuracy on a benchmark; a SEAL Math value is used as the GSM1k score where there is one. */
export function accuracyOf(row: Epoch2024Row, benchmark: Epoch2024Benchmark): number | null {
  switch (benchmark) {
    case 'MMLU':
      return row.scores.mmlu;
    case 'GPQA':
      return row.scores.gpqa;
    case 'BBH':
      return row.scores.bbh;
    case 'GSM1k':
      return row.scores.sealMath ?? row.scores.gsm1k;
  }
}

/** −ln(1 − accuracy): the report's score transform. */
export function negLogError(accuracy: number): number {
  return -Math.log(1 - accuracy);
}

export function exclusionReason(row: Epoch2024Row, excluded: ReadonlySet<string>): string | null {
  if (row.system === RANDOM_CHANCE) return 'the random-chance baseline row';
  if (excluded.has(row.system)) return 'fine-tuned derivative (excluded_finetuned_systems.csv)';
  if (row.system.toLowerCase().includes('flan')) return 'name contains "Flan"';
  return null;
}

/** Trust filters. A missing trust value fails a "trust ≥ 0" test, as NaN comparisons do in the notebook's pandas. */
export function passesTrust(row: Epoch2024Row, benchmark: Epoch2024Benchmark): boolean {
  const trusted = row.trust !== null && row.trust >= 0;
  if (benchmark === 'MMLU') return trusted;
  if (benchmark === 'GPQA') return row.date === null || row.date < GPQA_TRUST_FROM || trusted;
  return true;
}

export function sourceOf(dataset: Epoch2024Dataset, row: Epoch2024Row): string {
  return `${dataset.files[row.file] ?? row.file}#row=${row.row}`;
}

export interface EpochGroups {
  open: Array<Observation<EpochPoint>>;
  closed: Array<Observation<EpochPoint>>;
}

/** Transformed observations per group for one benchmark, in file order (gsm1k table first, then benchmarks). */
export function observationsFor(dataset: Epoch2024Dataset, benchmark: Epoch2024Benchmark): EpochGroups {
  const excluded = new Set(dataset.excludedSystems);
  const groups: EpochGroups = { open: [], closed: [] };
  const ordered = [...dataset.rows.filter((row) => row.file === 'gsm1k'), ...dataset.rows.filter((row) => row.file !== 'gsm1k')];
  for (const row of ordered) {
    if (exclusionReason(row, excluded) !== null) continue;
    const accuracy = accuracyOf(row, benchmark);
    if (accuracy === null || row.date === null || row.group === null) continue;
    if (!passesTrust(row, benchmark)) continue;
    const score = negLogError(accuracy);
    const point: EpochPoint = { system: row.system, date: row.date, accuracy, score, source: sourceOf(dataset, row) };
    groups[row.group].push({ day: dayNumber(row.date), score, ref: point });
  }
  return groups;
}

/** The `Random chance` row's raw accuracy on a benchmark (0.25 for the multiple-choice sets, 0 for GSM1k). */
export function randomChanceAccuracy(dataset: Epoch2024Dataset, benchmark: Epoch2024Benchmark): number {
  const row = dataset.rows.find((candidate) => candidate.system === RANDOM_CHANCE);
  const accuracy = row ? accuracyOf(row, benchmark) : null;
  if (accuracy === null) throw new DataError('epoch-2024', undefined, `no "${RANDOM_CHANCE}" value for ${benchmark}`);
  return accuracy;
}
