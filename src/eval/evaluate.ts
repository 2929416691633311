/**
 * From a suite (or a standard benchmark) to a stored, summarised run: plan the work, run it through the
 * runner, record every result in the store, summarise. The CLI and the distributed worker both come here.
 */
import { createHash } from 'node:crypto';
import { ConfigError, NotFoundError } from '../errors.js';
import { resolveLanguageModel, withRetry } from '../providers/index.js';
import { BENCHMARK_PROMPT, BENCHMARKS, benchmarkEvalCase, type BenchmarkName } from './benchmarks/index.js';
import { caseGrader, type MeteredJudge } from './case-grader.js';
import { ifevalAccuracy, type GradeResult, type GraderConfig } from './graders/index.js';
import type { CaseResult } from './records/case-result.js';
import { goldTarget, responsesTarget } from './recorded-target.js';
import { canonicalJson } from '../kernel/index.js';
import type { CaseGrader, CaseList, EvalCase, EvalMessage, EvalTarget } from './runner/ports.js';
import type { RunEvalOptions } from './runner/run-eval.js';
import type { LoadedSuite } from './suite/load.js';
import type { SuiteJudge } from './suite/schema.js';
import { createSuiteHash } from './suite/suite-hash.js';
import { chargeOf } from './runner/charge.js';
import { suiteTarget, modelTarget, type TargetOptions } from './targets.js';

export interface EvalPlan {
  name: string;
  /** Hash of everything that defines the work; a resumed run must match it. */
  hash: string;
  config: unknown;
  prompt: RunEvalOptions['prompt'];
  /** An array, or (a suite's cases file) read afresh on each iteration. */
  cases: CaseList;
  graderFor: (testCase: EvalCase) => CaseGrader;
  targets: EvalTarget[];
  repeats: number;
  concurrency: number;
  compare: Array<{ candidate: string; reference: string; margin?: number; alpha?: number | undefined }>;
  thresholds: { minPassRate?: number | undefined; models?: string[] | undefined; maxCostUsd?: number | undefined } | undefined;
  seed: number;
  /** Where the providers' settings come from (the errors' hints say what to change): a suite file or the flags. */
  settings: 'suite' | 'flags';
  /** The judge model's ref (for the hints of its errors), when the suite has one. */
  judgeRef?: string;
  /** Above this share of erroring calls the run is incomplete (the suite's `maxErrorShare`). */
  maxErrorShare?: number;
  /** Benchmark-specific headline figures computed from the results (IFEval's four accuracies). */
  metrics?: (results: readonly CaseResult[]) => Record<string, number | null>;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

/**
 * The suite's judge, built like a provider of the suite (base URL, key variable, timeout, limits, price: every
 * field honoured), at temperature 0 unless the suite says otherwise. Each answer comes with what it cost.
 */
function judgeFrom(entry: SuiteJudge, baseDir: string, options: TargetOptions): MeteredJudge {
  const target = suiteTarget({ ...entry, temperature: entry.temperature ?? 0 }, baseDir, options, 'judge');
  return {
    ref: entry.ref,
    async ask(prompt, callOptions) {
      const signal = callOptions.signal ?? new AbortController().signal;
      const messages: EvalMessage[] = [{ role: 'user', content: prompt }];
      const response = await target.generate(messages, { signal, caseId: 'judge' });
      // a verdict without its token counts is charged an estimate, as the models' answers are
      const charge = await chargeOf(target, messages, response);
      return { text: response.text, spentUsd: charge.chargedUsd, estimated: charge.estimated };
    },
  };
}

/** Plans a suite file's run. */
export function planSuite(loaded: LoadedSuite, options: TargetOptions = {}): EvalPlan {
  const { suite } = loaded;
  const targets = suite.providers.map((entry) => suiteTarget(entry, loaded.baseDir, options));
  const labels = new Set<string>();
  for (const target of targets) {
    if (labels.has(target.label)) throw new ConfigError(loaded.file, `two providers share the label "${target.label}"; give each a distinct label`);
    labels.add(target.label);
  }
  const context = { baseDir: loaded.baseDir, ...(suite.judge ? { judge: judgeFrom(suite.judge, loaded.baseDir, options) } : {}) };
  // one grader for every case that keeps the suite's graders; its own only for a case that changes them.
  // One pass over the cases (a file's are read afresh, one at a time), which also feeds the hash.
  let shared: CaseGrader | undefined;
  const graders = new Map<string, CaseGrader>();
  const hash = createSuiteHash();
  for (const testCase of loaded.cases) {
    hash.addCase(testCase);
    const where = () => `${loaded.file}: case "${testCase.id}"`;
    if (testCase.graders === undefined && testCase.extraGraders === undefined) {
      shared ??= caseGrader(suite.graders, context, where());
      continue;
    }
    const configs: GraderConfig[] = [...(testCase.graders ?? suite.graders), ...(testCase.extraGraders ?? [])];
    graders.set(testCase.id, caseGrader(configs, context, where()));
  }
  return {
    name: suite.name,
    hash: hash.digest(suite),
    config: { kind: 'suite', file: loaded.file, suite },
    prompt: suite.prompt,
    cases: loaded.cases,
    graderFor: (testCase) => graders.get(testCase.id) ?? shared!,
    targets,
    repeats: suite.repeats,
    concurrency: suite.concurrency,
    compare: suite.compare ?? [],
    thresholds: suite.thresholds,
    seed: suite.seed,
    settings: 'suite',
    ...(suite.judge ? { judgeRef: suite.judge.ref } : {}),
    ...(suite.maxErrorShare === undefined ? {} : { maxErrorShare: suite.maxErrorShare }),
  };
}

export interface BenchmarkPlanOptions extends TargetOptions {
  benchmark: string;
  data: string;
  models?: readonly string[];
  /** A JSONL file of recorded answers, or `gold` for the benchmark's own reference answers. */
  responses?: string;
  limit?: number;
  concurrency?: number;
}

/** Plans a standard benchmark run straight from its public release file. */
export async function planBenchmark(options: BenchmarkPlanOptions): Promise<EvalPlan> {
  const loader = BENCHMARKS[options.benchmark as BenchmarkName];
  if (!loader) throw new NotFoundError(`unknown benchmark "${options.benchmark}" (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const benchmark = await loader.load(options.data);
  const all = options.limit ? benchmark.cases.slice(0, options.limit) : benchmark.cases;
  const targets: EvalTarget[] = [];
  if (options.responses === 'gold') targets.push(goldTarget(benchmark));
  else if (options.responses) targets.push(responsesTarget(options.responses, benchmark));
  for (const ref of options.models ?? []) {
    const model = resolveLanguageModel(ref, options.resolve ?? {});
    const facts = options.facts?.(model.modelId, model.provider) ?? { catalogId: null, openWeights: null, price: null };
    const retried = withRetry(model, { maxAttempts: options.maxAttempts ?? 4, ...(options.onRetry ? { onRetry: options.onRetry } : {}) });
    targets.push(modelTarget(retried, { ref, label: ref, facts, settings: { temperature: 0 } }));
  }
  if (targets.length === 0) throw new ConfigError('parity eval --benchmark', 'give --model REF, --responses FILE or --responses gold');
  const graders = new Map<string, CaseGrader>();
  for (const testCase of all) graders.set(testCase.id, caseGrader([testCase.grader], {}, `${benchmark.name} case ${testCase.id}`));
  return {
    name: `benchmark:${benchmark.name}`,
    hash: hashOf({ benchmark: benchmark.name, files: benchmark.files, cases: all.length, targets: targets.map((target) => target.ref) }),
    config: { kind: 'benchmark', benchmark: benchmark.name, files: benchmark.files, limit: options.limit ?? null, targets: targets.map((target) => target.ref) },
    prompt: BENCHMARK_PROMPT,
    cases: all.map(benchmarkEvalCase),
    graderFor: (testCase) => graders.get(testCase.id)!,
    targets,
    repeats: 1,
    concurrency: options.concurrency ?? 4,
    compare: [],
    thresholds: undefined,
    seed: 1,
    settings: 'flags',
    ...(benchmark.name === 'ifeval' ? { metrics: ifevalMetrics } : {}),
  };
}

/**
 * IFEval's prompt- and instruction-level accuracy, strict and loose, over the prompts answered. A prompt with no
 * answer (a model error, or a prompt missing from a recorded file) is left out and counted as `unanswered`: an
 * error is not a failure to follow instructions. With no answer at all the accuracies are null, not 0.
 */
function ifevalMetrics(results: readonly CaseResult[]): Record<string, number | null> {
  const graded: GradeResult[] = results
    .filter((result) => result.error === null)
    .map((result) => ({ pass: result.pass, score: result.score, reason: result.reason, details: result.graderDetails as Record<string, unknown> }));
  const unanswered = results.length - graded.length;
  const accuracy = ifevalAccuracy(graded);
  if (graded.length === 0) return { prompts: 0, instructions: 0, promptStrict: null, promptLoose: null, instructionStrict: null, instructionLoose: null, unanswered };
  return { ...accuracy, unanswered };
}

export { executePlan, type EvalReport, type ExecuteOptions } from './execute-plan.js';
