/**
 * Benchmark scores embedded in models.dev's canonical model files (mostly Artificial Analysis figures via
 * openrouter.ai, Scale AI leaderboards, aider.chat and model cards). Scores are percentages except the
 * Artificial Analysis Coding Index (an index kept as written). Rows name the canonical model id.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';

const FILE = 'models-dev/models_dev_canonical_benchmarks.csv';
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
  for (const row of context.folder.csv(FILE, ['model_id', 'benchmark', 'score', 'date', 'source'])) {
    const benchmark = BENCHMARKS[row.text('benchmark')];
    if (benchmark === undefined) continue; // e.g. CTI-REALM (security): no domain in the taxonomy
    const score = benchmark.number ? row.number('score') : row.share('score', 'percent');
    if (score === null) continue;
    out.results.push({
      source: SOURCE,
      modelName: row.requiredText('model_id'),
      benchmark: benchmark.id,
      score,
      date: null,
      fallbackDate: row.date('date') ?? SNAPSHOT,
      sourceRow: row.text('source') || null,
    });
  }
  return out;
}
