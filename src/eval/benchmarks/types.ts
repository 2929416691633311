import type { DomainId } from '../../catalog/index.js';
import type { GraderConfig } from '../graders/schema.js';
import type { EvalCase } from '../runner/ports.js';

/** The standard benchmarks parity can load from their public release files. */
export const BENCHMARK_NAMES = ['gsm8k', 'mgsm', 'humaneval', 'mbpp', 'ifeval'] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

/** One benchmark item as an eval case. */
export interface BenchmarkCase {
  /** Stable id, e.g. `HumanEval/0`, `gsm8k-17`, `mgsm-de-3`. */
  id: string;
  /** The prompt sent to the model. */
  prompt: string;
  /** The item's raw fields, for suites that template their own prompt. */
  vars: Readonly<Record<string, string | number>>;
  /** The reference value the grader compares with (undefined where the grader carries its own tests). */
  expected: string | number | undefined;
  /** How to grade an answer, already validated. */
  grader: GraderConfig;
}

export interface Benchmark {
  name: BenchmarkName;
  /** The file(s) the cases were read from. */
  files: readonly string[];
  cases: readonly BenchmarkCase[];
  /**
   * The benchmark's own reference answer for a case, as a model response (what `--responses gold` grades):
   * prompt + canonical_solution for HumanEval, `code` for MBPP, the numeric answer for GSM8K / MGSM.
   * Undefined when the benchmark has none (IFEval) or the case is not from this benchmark.
   */
  gold(testCase: BenchmarkCase): string | undefined;
}

export interface BenchmarkLoader {
  name: BenchmarkName;
  title: string;
  /** The capability domains it measures, the main one first (MGSM: math, in ten languages). */
  domains: readonly [DomainId, ...DomainId[]];
  /** Where the release files come from and their licence, for attribution. */
  origin: string;
  licence: string;
  /** What `path` may be: the file, or a directory holding the default file name(s). */
  expects: string;
  load(path: string): Promise<Benchmark>;
}

/** Builds a Benchmark whose gold answers are looked up by case id. */
export function benchmarkWithGold(
  name: BenchmarkName,
  files: readonly string[],
  entries: ReadonlyArray<{ testCase: BenchmarkCase; gold: string | undefined }>,
): Benchmark {
  const golds = new Map<string, string | undefined>();
  for (const entry of entries) golds.set(entry.testCase.id, entry.gold);
  const cases = entries.map((entry) => entry.testCase);
  return { name, files, cases, gold: (testCase) => golds.get(testCase.id) };
}

/** A benchmark run's prompt template: each case's own prompt, passed as the `__prompt` variable. */
export const BENCHMARK_PROMPT = '{{__prompt}}';

/** A benchmark item as the runner's case (its prompt in the vars, for BENCHMARK_PROMPT). */
export function benchmarkEvalCase(testCase: BenchmarkCase): EvalCase {
  return { id: testCase.id, vars: { ...testCase.vars, __prompt: testCase.prompt }, expected: testCase.expected };
}
