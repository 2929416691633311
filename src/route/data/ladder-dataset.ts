/**
 * The routing data set for a ladder of k ≥ 2 models, cheapest first (e.g. a local 8B, a hosted 70B, a frontier
 * model): every prompt all k models were judged on by one judge, with each model's quality and call size. Other
 * models judged by the same judge are kept as peers (training signal about which prompts are hard, never used
 * for measuring), as for a pair (pair-dataset.ts).
 */
import { ValidationError } from '../../errors.js';
import { callSize, chooseJudge, groupByJudge, peerQualities, resolveModelName, type CallSize } from './pair-dataset.js';
import type { QualityRecord, QualityTable } from './quality-table.js';

export interface LadderRow {
  promptId: string;
  text: string;
  /** Quality of each model on the prompt, in ladder order. */
  quality: number[];
  /** Size (and measured cost) of each model's call, in ladder order. */
  calls: CallSize[];
  /** Share of each model's calls the grader passed, where the source records verdicts (quality-table.ts). */
  passRate: Array<number | undefined>;
}

export interface LadderDataset {
  /** The models, cheapest first, as named in the data. */
  models: string[];
  judge: string;
  rows: LadderRow[];
  /** Prompts some but not all of the models were judged on. */
  incomplete: number;
  /** Rows of the file without a usable judgement (see the reader). */
  missing: number;
  /** Other models under the same judge: model → prompt id → quality. */
  peers: Map<string, Map<string, number>>;
}

export interface LadderOptions {
  /** Cheapest first; at least two, no repeats. */
  models: readonly string[];
  judge?: string | undefined;
}

export const MAX_LADDER_MODELS = 8;

export function buildLadderDataset(table: QualityTable, options: LadderOptions): LadderDataset {
  if (options.models.length < 2) throw new ValidationError(`--models needs at least two models, cheapest first (got ${options.models.length})`, 'models');
  if (options.models.length > MAX_LADDER_MODELS) throw new ValidationError(`--models takes at most ${MAX_LADDER_MODELS} models (got ${options.models.length})`, 'models');
  const models = options.models.map((name) => resolveModelName(table, name));
  const repeated = models.find((model, index) => models.indexOf(model) !== index);
  if (repeated !== undefined) throw new ValidationError(`--models names ${repeated} twice`, 'models');
  const byJudge = groupByJudge(table);
  const judge = chooseJudge(table, byJudge, models, options.judge);
  const judged = byJudge.get(judge) ?? new Map<string, Map<string, QualityRecord>>();
  const perModel = models.map((model) => judged.get(model) ?? new Map<string, QualityRecord>());
  const ids = [...new Set(perModel.flatMap((prompts) => [...prompts.keys()]))].sort();
  const rows: LadderRow[] = [];
  let incomplete = 0;
  for (const id of ids) {
    const records = perModel.map((prompts) => prompts.get(id));
    if (records.some((record) => record === undefined)) {
      incomplete++;
      continue;
    }
    const text = table.prompts.get(id) ?? '';
    const complete = records as QualityRecord[];
    rows.push({ promptId: id, text, quality: complete.map((record) => record.quality), calls: complete.map((record) => callSize(record, text)), passRate: complete.map((record) => record.passRate) });
  }
  return { models, judge, rows, incomplete, missing: table.missing, peers: peerQualities(byJudge, judge, models) };
}
