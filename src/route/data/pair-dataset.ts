/**
 * The routing data set for one weak/strong pair: every prompt both models were judged on (by one judge), with
 * both qualities and the calls' sizes. Other models judged by the same judge are kept as "peers": optional
 * extra training signal about which prompts are hard, never used for measuring.
 */
import { NotFoundError, ValidationError } from '../../errors.js';
import type { QualityRecord, QualityTable } from './quality-table.js';

/** Rough size of a token in characters of English text, used only when a source gives characters. */
export const CHARS_PER_TOKEN = 4;

export interface CallSize {
  inputTokens: number;
  outputTokens: number | undefined;
  costUsd: number | undefined;
  /** True when the token counts were estimated from characters. */
  estimated: boolean;
}

export interface PairRow {
  promptId: string;
  text: string;
  qWeak: number;
  qStrong: number;
  weak: CallSize;
  strong: CallSize;
}

export interface PairDataset {
  weak: string;
  strong: string;
  judge: string;
  rows: PairRow[];
  /** Prompts where only one of the two models has a judgement. */
  unpaired: number;
  /** Rows of the file without a usable judgement (see the reader). */
  missing: number;
  /** Other models under the same judge: model → prompt id → quality. */
  peers: Map<string, Map<string, number>>;
}

export interface ModelSummary {
  model: string;
  judge: string;
  prompts: number;
  meanQuality: number;
}

/** Models in the table, per judge, with how many prompts and the mean quality. */
export function listModels(table: QualityTable): ModelSummary[] {
  const groups = new Map<string, { model: string; judge: string; sum: number; count: number }>();
  for (const record of table.records) {
    const key = `${record.judge}\u0000${record.model}`;
    const group = groups.get(key) ?? { model: record.model, judge: record.judge, sum: 0, count: 0 };
    group.sum += record.quality;
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({ model: group.model, judge: group.judge, prompts: group.count, meanQuality: group.sum / group.count }))
    .sort((a, b) => a.judge.localeCompare(b.judge) || a.model.localeCompare(b.model));
}

/** Finds a model by exact name, else by a unique match ignoring an `org/` prefix on either side. */
export function resolveModelName(table: QualityTable, name: string): string {
  const names = [...new Set(table.records.map((record) => record.model))];
  if (names.includes(name)) return name;
  const strip = (value: string): string => value.slice(value.lastIndexOf('/') + 1).toLowerCase();
  const matches = names.filter((candidate) => strip(candidate) === strip(name));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const hint = matches.length > 1 ? `ambiguous: ${matches.join(', ')}` : `models in the file: ${names.sort().slice(0, 40).join(', ')}${names.length > 40 ? ', …' : ''}`;
  throw new NotFoundError(`model "${name}" is not in ${table.file} (${hint})`);
}

export function callSize(record: QualityRecord, text: string): CallSize {
  const estimatedInput = record.inputTokens === undefined;
  const estimatedOutput = record.outputTokens === undefined && record.outputChars !== undefined;
  return {
    inputTokens: record.inputTokens ?? Math.ceil(text.length / CHARS_PER_TOKEN),
    outputTokens: record.outputTokens ?? (record.outputChars === undefined ? undefined : Math.ceil(record.outputChars / CHARS_PER_TOKEN)),
    costUsd: record.costUsd,
    estimated: estimatedInput || estimatedOutput,
  };
}

export interface PairOptions {
  weak: string;
  strong: string;
  /** Which judge to compare under; by default the one with the most prompts judged for both models. */
  judge?: string;
}

/** Judge → model → prompt id → record. */
export type JudgedRecords = Map<string, Map<string, Map<string, QualityRecord>>>;

export function groupByJudge(table: QualityTable): JudgedRecords {
  const byJudge: JudgedRecords = new Map();
  for (const record of table.records) {
    let models = byJudge.get(record.judge);
    if (!models) byJudge.set(record.judge, (models = new Map()));
    let prompts = models.get(record.model);
    if (!prompts) models.set(record.model, (prompts = new Map()));
    prompts.set(record.promptId, record);
  }
  return byJudge;
}

/**
 * The judge to compare `models` under: the one asked for, else the one with the most prompts judged for every
 * model (ties: the name last in order). Fails naming the judges that would do.
 */
export function chooseJudge(table: QualityTable, byJudge: JudgedRecords, models: readonly string[], asked: string | undefined): string {
  const candidates: Array<{ judge: string; common: number }> = [];
  for (const [judge, judged] of byJudge) {
    const sets = models.map((model) => judged.get(model));
    if (sets.some((prompts) => prompts === undefined)) continue;
    const [first, ...rest] = sets as Array<Map<string, QualityRecord>>;
    let common = 0;
    for (const id of first?.keys() ?? []) if (rest.every((prompts) => prompts.has(id))) common++;
    if (common > 0) candidates.push({ judge, common });
  }
  candidates.sort((a, b) => b.common - a.common || b.judge.localeCompare(a.judge));
  const named = models.length === 2 ? `${models[0]} and ${models[1]}` : `all of ${models.join(', ')}`;
  if (asked !== undefined && !candidates.some((candidate) => candidate.judge === asked)) {
    throw new NotFoundError(`no prompts judged for ${models.length === 2 ? 'both ' : ''}${named} by judge "${asked}" (judges with ${models.length === 2 ? 'both' : 'all'}: ${candidates.map((candidate) => candidate.judge).join(', ') || 'none'})`);
  }
  const judge = asked ?? candidates[0]?.judge;
  if (judge === undefined) throw new NotFoundError(`no prompt in ${table.file} has judgements of ${models.length === 2 ? 'both ' : ''}${named} by the same judge`);
  return judge;
}

/** Other models judged by `judge`, the `excluded` ones left out: model → prompt id → quality. */
export function peerQualities(byJudge: JudgedRecords, judge: string, excluded: readonly string[]): Map<string, Map<string, number>> {
  const peers = new Map<string, Map<string, number>>();
  for (const [model, prompts] of byJudge.get(judge) ?? []) {
    if (excluded.includes(model)) continue;
    peers.set(model, new Map([...prompts].map(([id, record]) => [id, record.quality])));
  }
  return peers;
}

export function buildPairDataset(table: QualityTable, options: PairOptions): PairDataset {
  const weak = resolveModelName(table, options.weak);
  const strong = resolveModelName(table, options.strong);
  if (weak === strong) throw new ValidationError(`--weak and --strong are the same model (${weak})`, 'strong');
  const byJudge = groupByJudge(table);
  const judge = chooseJudge(table, byJudge, [weak, strong], options.judge);
  const models = byJudge.get(judge) ?? new Map<string, Map<string, QualityRecord>>();
  const weakPrompts = models.get(weak) ?? new Map<string, QualityRecord>();
  const strongPrompts = models.get(strong) ?? new Map<string, QualityRecord>();
  const rows: PairRow[] = [];
  const ids = [...new Set([...weakPrompts.keys(), ...strongPrompts.keys()])].sort();
  let unpaired = 0;
  for (const id of ids) {
    const weakRecord = weakPrompts.get(id);
    const strongRecord = strongPrompts.get(id);
    if (!weakRecord || !strongRecord) {
      unpaired++;
      continue;
    }
    const text = table.prompts.get(id) ?? '';
    rows.push({ promptId: id, text, qWeak: weakRecord.quality, qStrong: strongRecord.quality, weak: callSize(weakRecord, text), strong: callSize(strongRecord, text) });
  }
  return { weak, strong, judge, rows, unpaired, missing: table.missing, peers: peerQualities(byJudge, judge, [weak, strong]) };
}
