/**
 * Benchmark scores embedded in models.dev's canonical models (the `benchmarks` list of each entry of
 * models.json: mostly Artificial Analysis figures via openrouter.ai, Scale AI leaderboards, aider.chat and model
 * cards). Scores are percentages except the Artificial Analysis Coding Index (an index kept as written). Rows
 * name the canonical model id.
 */
import { DataError } from '../../errors.js';
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import { entries, MODELS_DEV_MODELS } from './models-dev.js';
import { asRecord, parseLooseDate } from './source-files.js';

const SOURCE = 'models-dev-benchmarks';
const SNAPSHOT = '2026-07-02';

/** models.dev benchmark name → taxonomy id; `number` keeps the score as written instead of a share. */
const BENCHMARKS: Record<string, { id: string; number?: true }> = {
  'Aider Polyglot': { id: 'aider-polyglot' },
  'SciCode': { id: 'scicode' },
  'Artificial Analysis Coding Index': { id: 'aa-coding-index', number: true },
  'SWE-Bench Verified': { id: 'swe-bench-verified-reported' },
  'SWE-Bench Pro': { id: 'swe-bench-pro' },
  'SWE Bench Pro': { id: 'swe-bench-pro' },
  'Terminal-Bench Hard': { id: 'terminal-bench-hard' },
  'Artificial Analysis Coding Agent Index': { id: 'aa-coding-agent-index' },
  'SWE-Atlas Codebase QnA': { id: 'swe-atlas-qna' },
  'SWE-Atlas Test Writing': { id: 'swe-atlas-test-writing' },
  'SWE-Atlas Refactoring': { id: 'swe-atlas-refactoring' },
  'Terminal-Bench': { id: 'terminal-bench-reported' },
  'Terminal-Bench 2.1': { id: 'terminal-bench-reported' },
  'Terminal Bench 2.1': { id: 'terminal-bench-reported' },
  'Terminal Bench 2.0': { id: 'terminal-bench-reported' },
  'SWE-Bench Multilingual': { id: 'swe-bench-multilingual' },
  'NL2Repo': { id: 'nl2repo' },
  'Claw-eval': { id: 'claw-eval' },
  'LiveCodeBench': { id: 'livecodebench' },
  'LiveCodeBench Pro': { id: 'livecodebench-pro' },
  'Humanity’s Last Exam': { id: 'hle' },
  'CharXiv Reasoning': { id: 'charxiv-reasoning' },
  'GPQA Diamond': { id: 'gpqa-diamond-reported' },
  'τ3 Banking': { id: 'tau3-banking' },
  'Long Context Reasoning': { id: 'long-context-reasoning' },
  'MRCRv2': { id: 'mrcr-v2' },
};

export function importModelsDevBenchmarks(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const file = MODELS_DEV_MODELS;
  for (const { id, row, fields } of entries(context.folder.json(file), file, '(root)')) {
    if (fields.benchmarks === undefined) continue;
    if (!Array.isArray(fields.benchmarks)) throw new DataError(file, row, `${id}.benchmarks: expected a list`);
    fields.benchmarks.forEach((value: unknown, index) => {
      const where = `${id}.benchmarks[${index}]`;
      const entry = asRecord(value, file, where);
      const benchmark = typeof entry.name === 'string' ? BENCHMARKS[entry.name] : undefined;
      if (benchmark === undefined) return; // e.g. CTI-REALM (security): no domain in the taxonomy
      if (typeof entry.score !== 'number' || !Number.isFinite(entry.score)) throw new DataError(file, row, `${where}.score: expected a number`);
      if (!benchmark.number && (entry.score < 0 || entry.score > 100.01)) throw new DataError(file, row, `${where}.score: percentage out of [0, 100]: ${entry.score}`);
      const date = typeof entry.date === 'string' ? parseLooseDate(entry.date) : null;
      out.results.push({
        source: SOURCE,
        modelName: id,
        benchmark: benchmark.id,
        score: benchmark.number ? entry.score : Math.min(1, entry.score / 100),
        date: null,
        fallbackDate: date ?? context.asOf ?? SNAPSHOT,
        sourceRow: typeof entry.source === 'string' && entry.source !== '' ? entry.source : null,
      });
    });
  }
  return out;
}
