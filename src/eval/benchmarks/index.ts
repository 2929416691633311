/** Loaders for standard benchmarks' public release files. */
export { BENCHMARK_NAMES, BENCHMARK_PROMPT, benchmarkEvalCase, benchmarkWithGold } from './types.js';
export type { Benchmark, BenchmarkCase, BenchmarkLoader, BenchmarkName } from './types.js';
export { BENCHMARKS, benchmarkMeasuring } from './registry.js';
export { gsm8kLoader } from './gsm8k.js';
export { mgsmLoader } from './mgsm.js';
export { humanevalLoader, humanevalPrompt } from './humaneval.js';
export { mbppLoader, mbppPrompt } from './mbpp.js';
export { ifevalLoader, loadIfevalResponses } from './ifeval.js';
export { MATH_ANSWER_INSTRUCTION, mathPrompt } from './math-prompt.js';
