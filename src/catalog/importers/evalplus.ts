/**
 * EvalPlus leaderboard: pass@1 on HumanEval(+) and MBPP(+), and RepoQA (finding a described function in a
 * long code context). The leaderboard gives no sizes for closed API models, so `size: null` marks closed
 * weights; names carry no release dates (a date in a closed model's name is when it was evaluated), so these
 * rows only ever attach to models other sources know.
 */
import { DataError } from '../../errors.js';
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import { asRecord } from './source-files.js';

export const EVALPLUS_RESULTS = 'evalplus/results.json';
export const EVALPLUS_REPOQA = 'evalplus/results/repoqa/COMBINED-RESULTS.json';
const RESULTS = EVALPLUS_RESULTS;
const REPOQA = EVALPLUS_REPOQA;
const SOURCE = 'evalplus';
const SNAPSHOT = '2024-12-26';

const PASS_AT_1: Array<[string, string]> = [
  ['humaneval', 'humaneval'],
  ['humaneval+', 'humaneval-plus'],
  ['mbpp', 'mbpp'],
  ['mbpp+', 'mbpp-plus'],
];

function percentShare(value: unknown, file: string, row: number, where: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || value < 0 || value > 100) throw new DataError(file, row, `${where}: expected a percentage, got ${JSON.stringify(value)}`);
  return value / 100;
}

/** The organisation in a Hugging Face link or id: `https://huggingface.co/Qwen/…` → Qwen. */
function huggingFaceOrg(text: string): string | null {
  const match = /huggingface\.co\/([^/]+)\//.exec(text) ?? /^([A-Za-z0-9_.-]+)\/[^/]+$/.exec(text);
  return match?.[1] ?? null;
}

export function importEvalplus(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const snapshot = context.asOf ?? SNAPSHOT;
  const results = asRecord(context.folder.json(RESULTS), RESULTS, '(root)');
  let row = 0;
  for (const [name, value] of Object.entries(results)) {
    row += 1;
    const entry = asRecord(value, RESULTS, name);
    const link = typeof entry.link === 'string' ? entry.link : '';
    const size = typeof entry.size === 'number' ? entry.size : null;
    const org = huggingFaceOrg(link);
    const lab = (org ? context.labs.forOrganization(org) : null) ?? context.labs.forModelName(name);
    out.facts.push({ source: SOURCE, name, lab, openWeights: size !== null, parametersB: size, create: false });
    const scores = asRecord(entry['pass@1'] ?? {}, RESULTS, `${name}.pass@1`);
    for (const [key, benchmark] of PASS_AT_1) {
      const score = percentShare(scores[key], RESULTS, row, `${name}.pass@1.${key}`);
      if (score === null) continue;
      out.results.push({ source: SOURCE, modelName: name, lab, benchmark, score, date: null, fallbackDate: snapshot, seenBy: snapshot, sourceRow: 'results.json' });
    }
  }

  const repoqa = asRecord(context.folder.json(REPOQA), REPOQA, '(root)');
  row = 0;
  for (const [name, value] of Object.entries(repoqa)) {
    row += 1;
    const entry = asRecord(value, REPOQA, name);
    const all = asRecord(asRecord(entry.scores ?? {}, REPOQA, `${name}.scores`).all ?? {}, REPOQA, `${name}.scores.all`);
    const atThreshold = all['0.8'] === undefined ? undefined : asRecord(all['0.8'], REPOQA, `${name}.scores.all.0.8`)['pass@1'];
    if (atThreshold === undefined || atThreshold === null) continue;
    if (typeof atThreshold !== 'number' || atThreshold < 0 || atThreshold > 1) {
      throw new DataError(REPOQA, row, `${name}.scores.all.0.8.pass@1: expected a share in [0, 1]`);
    }
    const org = huggingFaceOrg(name);
    const lab = (org ? context.labs.forOrganization(org) : null) ?? context.labs.forModelName(name);
    if (org !== null) out.facts.push({ source: SOURCE, name, lab, openWeights: true, create: false });
    const evalDate = typeof entry.eval_date === 'string' ? entry.eval_date.slice(0, 10) : snapshot;
    out.results.push({ source: SOURCE, modelName: name, lab, benchmark: 'repoqa', score: atThreshold, date: null, fallbackDate: evalDate, seenBy: evalDate, sourceRow: 'repoqa_combined_results.json' });
  }
  return out;
}
