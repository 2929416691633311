import { gsm8kLoader } from './gsm8k.js';
import { humanevalLoader } from './humaneval.js';
import { ifevalLoader } from './ifeval.js';
import { mbppLoader } from './mbpp.js';
import { mgsmLoader } from './mgsm.js';
import { BENCHMARK_NAMES, type BenchmarkLoader, type BenchmarkName } from './types.js';

/** One loader per benchmark; a missing one is a compile error. */
export const BENCHMARKS: Readonly<Record<BenchmarkName, BenchmarkLoader>> = {
  gsm8k: gsm8kLoader,
  mgsm: mgsmLoader,
  humaneval: humanevalLoader,
  mbpp: mbppLoader,
  ifeval: ifevalLoader,
};

/** The first standard benchmark (in BENCHMARK_NAMES order) that measures `domain`, if parity has one. */
export function benchmarkMeasuring(domain: string): BenchmarkName | undefined {
  return BENCHMARK_NAMES.find((name) => (BENCHMARKS[name].domains as readonly string[]).includes(domain));
}
