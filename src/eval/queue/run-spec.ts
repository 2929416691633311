/**
 * What a worker needs to rebuild a run's plan, as JSON: a suite with its cases already loaded (so workers need
 * no copy of the cases file), or a standard benchmark's options. Secrets never go in: workers read API keys from
 * their own environment. The plan's hash travels along; a worker whose rebuilt plan hashes differently (another
 * version of a data file, say) refuses the work instead of grading something else.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { planBenchmark, planSuite, type BenchmarkPlanOptions, type EvalPlan } from '../evaluate.js';
import type { LoadedSuite } from '../suite/load.js';
import { caseSchema, suiteSchema } from '../suite/schema.js';
import type { TargetOptions } from '../targets.js';

const benchmarkOptionsSchema = z.object({
  benchmark: z.string().min(1),
  data: z.string().min(1),
  models: z.array(z.string()),
  responses: z.string().optional(),
  limit: z.number().int().positive().optional(),
});

export const runSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('suite'),
    hash: z.string(),
    useCache: z.boolean(),
    file: z.string(),
    baseDir: z.string(),
    suite: suiteSchema,
    cases: z.array(caseSchema.extend({ id: z.string() })),
  }),
  z.object({
    kind: z.literal('benchmark'),
    hash: z.string(),
    useCache: z.boolean(),
    options: benchmarkOptionsSchema,
  }),
]);
export type RunSpec = z.infer<typeof runSpecSchema>;
export type BenchmarkSpecOptions = z.infer<typeof benchmarkOptionsSchema>;

/** The spec of a suite run planned from `loaded` (whose plan hash is `hash`). */
export function suiteRunSpec(loaded: LoadedSuite, hash: string, useCache: boolean): RunSpec {
  return { kind: 'suite', hash, useCache, file: loaded.file, baseDir: loaded.baseDir, suite: loaded.suite, cases: [...loaded.cases] };
}

/**
 * The spec of a benchmark run. File paths are made absolute: a worker on another machine must find the same
 * files at the same paths (a shared mount), and its plan hash check catches a different copy.
 */
export function benchmarkRunSpec(options: Omit<BenchmarkPlanOptions, keyof TargetOptions>, hash: string, useCache: boolean): RunSpec {
  const responses = options.responses === undefined || options.responses === 'gold' ? options.responses : path.resolve(options.responses);
  return {
    kind: 'benchmark',
    hash,
    useCache,
    options: {
      benchmark: options.benchmark,
      data: path.resolve(options.data),
      models: [...(options.models ?? [])],
      ...(responses === undefined ? {} : { responses }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    },
  };
}

/** Parses a spec read back from Redis. */
export function parseRunSpec(text: string, runId: string): RunSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`queued run ${runId}`, 'its spec in Redis is not JSON', { cause: error });
  }
  return parseOrThrow(runSpecSchema, value, (issue) => new ConfigError(`queued run ${runId}`, `its spec in Redis is malformed at ${issue.text}`));
}

/** Rebuilds the plan on a worker, with the worker's own target options (its environment's keys, the catalog). */
export async function planFromSpec(spec: RunSpec, runId: string, options: TargetOptions): Promise<EvalPlan> {
  const plan =
    spec.kind === 'suite'
      ? planSuite({ suite: spec.suite, cases: spec.cases, baseDir: spec.baseDir, file: spec.file }, options)
      : await planBenchmark({ ...options, ...spec.options });
  if (plan.hash !== spec.hash) {
    throw new ConfigError(
      `queued run ${runId}`,
      spec.kind === 'suite'
        ? 'this worker plans the suite differently from the submitting CLI (different parity versions?)'
        : `this worker's copy of ${spec.options.data} differs from the submitting CLI's`,
    );
  }
  return plan;
}
