/**
 * Reproduces Epoch AI's "How far behind are open models?" (Nov 2024) from its own data, following the
 * method note literally: threshold lags per benchmark and level (days / 365 × 12) pooled into a mean,
 * median and quartiles, and one area lag per benchmark (days / 30).
 */
import type { Epoch2024Dataset } from '../../catalog/index.js';
import { dayNumber } from '../dates.js';
import { firstReaching, runningMaxFrontier, type FrontierPoint } from '../frontier.js';
import {
  EPOCH_2024_BENCHMARKS,
  EPOCH_2024_METHODS,
  type Epoch2024Method,
  type Epoch2024Output,
  type EpochPoint,
  type EpochThresholdEntry,
} from '../output/epoch-2024-output.js';
import { QUANTILE_DEFINITION } from '../../kernel/index.js';
import { summarize } from '../stats.js';
import { epochAreaLag } from './epoch-2024-area.js';
import { exclusionReason, negLogError, observationsFor, randomChanceAccuracy } from './epoch-2024-rows.js';

/** Accuracy levels of the threshold table, in %. */
export const EPOCH_2024_LEVELS: readonly number[] = Array.from({ length: 13 }, (_, i) => 35 + 5 * i);

const THRESHOLD_DAYS_PER_MONTH = 365 / 12;

const METHOD_STEPS = [
  'Rows: gsm1k_with_model_accessibility.csv and benchmarks_with_model_accessibility.csv together; groups from Open/Closed.',
  'GSM1k: a row’s SEAL Math value is used as its GSM1k score where it has one.',
  'Excluded: the Random chance row, every system in excluded_finetuned_systems.csv, every name containing "Flan" (any case); rows without a date or score.',
  'MMLU rows need Trust in benchmark results >= 0; GPQA rows dated 2023-11-01 or later need it too.',
  'Score s = −ln(1 − accuracy). Per benchmark and group: rows by date (ties in file order), running maximum; a raising row is a frontier point and replaces a previous point of the same date.',
  'Threshold: levels 35, 40, …, 95 %; first frontier point with s >= −ln(1 − L/100) per group; lag = (open − closed) days / 365 × 12; pooled over all (benchmark, level).',
  'Area: lagging group = lower last frontier score (ties: open); both frontiers start at their first date with the raw random-chance accuracy; truncation as stated; integral = Σ score step × later date (days since 1970-01-01 / 30); lag = (I_open − I_closed) / open range.',
] as const;

export interface Epoch2024Options {
  methods?: readonly Epoch2024Method[];
}

export function reproduceEpoch2024(dataset: Epoch2024Dataset, options: Epoch2024Options = {}): Epoch2024Output {
  const methods = options.methods && options.methods.length > 0 ? options.methods : EPOCH_2024_METHODS;
  const excluded = new Set(dataset.excludedSystems);
  const excludedRows = dataset.rows.flatMap((row) => {
    const reason = exclusionReason(row, excluded);
    return reason === null ? [] : [{ system: row.system, reason }];
  });

  const frontiers = EPOCH_2024_BENCHMARKS.map((benchmark) => {
    const groups = observationsFor(dataset, benchmark);
    return {
      benchmark,
      rowsUsed: { open: groups.open.length, closed: groups.closed.length },
      openPoints: runningMaxFrontier(groups.open),
      closedPoints: runningMaxFrontier(groups.closed),
    };
  });

  const output: Epoch2024Output = {
    kind: 'epoch-2024',
    title: dataset.title,
    source: { dataset: 'epoch-2024', origin: dataset.origin, licence: dataset.licence, file: 'data/datasets/epoch-2024.json' },
    method: [...METHOD_STEPS],
    excludedRows,
    frontiers: frontiers.map((frontier) => ({
      benchmark: frontier.benchmark,
      rowsUsed: frontier.rowsUsed,
      open: frontier.openPoints.map((point) => point.ref),
      closed: frontier.closedPoints.map((point) => point.ref),
    })),
  };

  if (methods.includes('threshold')) {
    const entries: EpochThresholdEntry[] = [];
    for (const frontier of frontiers) {
      for (const level of EPOCH_2024_LEVELS) {
        const target = negLogError(level / 100);
        const open = firstReaching(frontier.openPoints, target);
        const closed = firstReaching(frontier.closedPoints, target);
        if (!open || !closed) continue;
        entries.push({
          benchmark: frontier.benchmark,
          level,
          lagMonths: ((dayNumber(open.ref.date) - dayNumber(closed.ref.date)) / 365) * 12,
          closed: closed.ref,
          open: open.ref,
        });
      }
    }
    const summary = summarize(entries.map((entry) => entry.lagMonths));
    output.threshold = { entries, pooled: summary === null ? null : { ...summary, quantiles: QUANTILE_DEFINITION } };
  }

  if (methods.includes('area')) {
    output.area = {
      benchmarks: frontiers.map((frontier) =>
        epochAreaLag(
          frontier.benchmark,
          frontier.openPoints as Array<FrontierPoint<EpochPoint>>,
          frontier.closedPoints as Array<FrontierPoint<EpochPoint>>,
          randomChanceAccuracy(dataset, frontier.benchmark),
        ),
      ),
    };
  }
  return output;
}

export { THRESHOLD_DAYS_PER_MONTH };
