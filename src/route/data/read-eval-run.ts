/**
 * A parity eval run as routing data, read straight from the store: for each case and model, the quality is the
 * mean over the case's repeats of the grader's score (or pass as 1/0), with the share of repeats the grader passed
 * (what a cascade's verifier is replayed against), the mean tokens and cost of the
 * calls; the prompt is the messages the case was asked, as the store kept them when the run started (or, for a
 * run from before it did, rebuilt from the run's recorded suite, run-prompts.ts).
 * Calls that ended in an error are left out (an error says nothing of the answer's quality); a case and model
 * with only errors is counted as missing.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DataError, NotFoundError } from '../../errors.js';
import { runLabels, runPrompts } from '../../eval/index.js';
import { chatMessageSchema } from '../../providers/index.js';
import type { EvalRun, Store } from '../../store/index.js';
import { promptText, type RouteInput } from '../prompt-text.js';
import type { QualityRecord, QualityTable } from './quality-table.js';

export interface EvalRunData {
  table: QualityTable;
  /** Names the run in a policy's training record: where it came from and a digest of what was read. */
  reference: { name: string; sha256: string };
  /** Model label (as the suite names it) → the reference its results are stored under. */
  refsByLabel: ReadonlyMap<string, string>;
}

interface Totals {
  caseId: string;
  model: string;
  calls: number;
  quality: number;
  inputTokens: number;
  outputTokens: number;
  /** Calls that reported their token counts. */
  sized: number;
  costUsd: number;
  /** Calls that reported their cost. */
  costs: number;
  /** Calls the grader passed. */
  passes: number;
}

/** The messages the store kept for a case: chat messages (in practice a system and a user turn, text only). */
const keptMessages = z.array(chatMessageSchema);

/** The messages the store kept for each case, else (a run from before parity kept them) rebuilt from its suite. */
async function caseMessages(store: Store, run: EvalRun): Promise<ReadonlyMap<string, Exclude<RouteInput, string>>> {
  const stored = await store.readCaseMessages(run.id);
  if (stored.size === 0) return runPrompts(run);
  const messages = new Map<string, Exclude<RouteInput, string>>();
  for (const [caseId, value] of stored) {
    const parsed = keptMessages.safeParse(value);
    if (!parsed.success) throw new DataError(`run ${run.id}`, undefined, `case "${caseId}": its stored messages are not a list of {role, content}`);
    messages.set(caseId, parsed.data);
  }
  return messages;
}

export async function readEvalRun(store: Store, runId: string): Promise<EvalRunData> {
  const run = await store.getRun(runId);
  if (run === undefined) throw new NotFoundError(`no eval run "${runId}" in ${store.location} (\`parity eval\` prints the run id; --db chooses the store)`);
  const messages = await caseMessages(store, run);
  const refsByLabel = runLabels(run);
  const judge = `parity eval: ${run.suiteName}`;
  const prompts = new Map<string, string>();
  const records: QualityRecord[] = [];
  const digest = createHash('sha256');
  let missing = 0;
  let current: Totals | undefined;

  const close = (totals: Totals | undefined): void => {
    if (totals === undefined) return;
    if (totals.calls === 0) {
      missing++;
      return;
    }
    const record: QualityRecord = {
      promptId: totals.caseId,
      model: totals.model,
      judge,
      quality: totals.quality / totals.calls,
      ...(totals.sized === totals.calls
        ? { inputTokens: Math.round(totals.inputTokens / totals.calls), outputTokens: Math.round(totals.outputTokens / totals.calls) }
        : {}),
      ...(totals.costs === totals.calls ? { costUsd: totals.costUsd / totals.calls } : {}),
      passRate: totals.passes / totals.calls,
    };
    records.push(record);
    digest.update(`${JSON.stringify(record)}\n`);
  };

  // ordered by case, model, repeat: one (case, model) is summed at a time
  for await (const result of store.readResultFigures(runId)) {
    if (current === undefined || current.caseId !== result.caseId || current.model !== result.modelRef) {
      close(current);
      const asked = messages.get(result.caseId);
      if (asked === undefined) throw new DataError(`run ${runId}`, undefined, `case "${result.caseId}" is not among the cases the run's suite holds now`);
      if (!prompts.has(result.caseId)) prompts.set(result.caseId, promptText(asked));
      current = { caseId: result.caseId, model: result.modelRef, calls: 0, quality: 0, inputTokens: 0, outputTokens: 0, sized: 0, costUsd: 0, costs: 0, passes: 0 };
    }
    if (result.error !== null) continue;
    const quality = result.score ?? (result.pass ? 1 : 0);
    if (!(quality >= 0 && quality <= 1)) {
      throw new DataError(`run ${runId}`, undefined, `case "${result.caseId}", ${result.modelRef}: score ${quality} is outside 0..1, so it cannot be read as a quality`);
    }
    current.calls++;
    current.quality += quality;
    if (result.pass) current.passes++;
    if (result.inputTokens !== null && result.outputTokens !== null) {
      current.inputTokens += result.inputTokens;
      current.outputTokens += result.outputTokens;
      current.sized++;
    }
    if (result.costUsd !== null) {
      current.costUsd += result.costUsd;
      current.costs++;
    }
  }
  close(current);
  if (records.length === 0) throw new DataError(`run ${runId}`, undefined, 'it holds no graded result (every call ended in an error, or none ran)');
  const name = `eval run ${runId} (${store.location})`;
  return {
    table: { format: 'parity-results', file: name, prompts, records, missing },
    reference: { name, sha256: digest.digest('hex') },
    refsByLabel,
  };
}
