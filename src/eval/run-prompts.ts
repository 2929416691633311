/**
 * The messages each case of a stored run was asked, rebuilt from the config the run recorded (its suite, or its
 * benchmark's files), for runs made before the store kept each case's messages (`store.readCaseMessages`): what
 * `parity route train --run` learns from. A suite's cases file must still be where it was and unchanged; the
 * run's hash is checked before anything is trusted.
 */
import path from 'node:path';
import { z } from 'zod';
import { DataError, ParityError } from '../errors.js';
import { parseOrThrow } from '../kernel/index.js';
import type { EvalRun } from '../store/index.js';
import { BENCHMARK_PROMPT, BENCHMARKS, benchmarkEvalCase, type BenchmarkName } from './benchmarks/index.js';
import { buildMessages } from './runner/messages.js';
import type { EvalMessage } from './runner/ports.js';
import { withCases } from './suite/load.js';
import { suiteSchema, type Suite } from './suite/schema.js';
import { createSuiteHash } from './suite/suite-hash.js';


const runConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('suite'), file: z.string().min(1), suite: z.unknown() }),
  z.object({ kind: z.literal('benchmark'), benchmark: z.string().min(1), files: z.array(z.string().min(1)).min(1), limit: z.number().int().positive().nullable() }),
]);

function parsedSuite(run: EvalRun, stored: unknown): Suite {
  return parseOrThrow(suiteSchema, stored, (issue) => new DataError(`run ${run.id}`, undefined, `its recorded suite does not parse (${issue.text})`));
}

function suitePrompts(run: EvalRun, file: string, stored: unknown): Map<string, EvalMessage[]> {
  const suite = parsedSuite(run, stored);
  const loaded = withCases(suite, file);
  const hash = createSuiteHash();
  const messages = new Map<string, EvalMessage[]>();
  for (const testCase of loaded.cases) {
    hash.addCase(testCase);
    messages.set(testCase.id, buildMessages(suite.prompt, testCase.vars ?? {}));
  }
  if (hash.digest(suite) !== run.suiteHash) {
    throw new DataError(
      `run ${run.id}`,
      undefined,
      `the cases of suite "${run.suiteName}" changed since the run (${file}${Array.isArray(suite.cases) ? '' : `, cases file ${suite.cases.file}`}); ` +
        'the prompts it asked cannot be rebuilt, so run the suite again',
    );
  }
  return messages;
}

async function benchmarkPrompts(run: EvalRun, name: string, files: readonly string[], limit: number | null): Promise<Map<string, EvalMessage[]>> {
  const loader = BENCHMARKS[name as BenchmarkName];
  if (loader === undefined) throw new DataError(`run ${run.id}`, undefined, `unknown benchmark "${name}"`);
  // one release file, or the folder of several (MGSM's languages), as `--data` named it
  const folders = new Set(files.map((file) => path.dirname(file)));
  const target = files.length === 1 ? (files[0] as string) : folders.size === 1 ? [...folders][0]! : undefined;
  if (target === undefined) throw new DataError(`run ${run.id}`, undefined, `its benchmark files are in several folders: ${files.join(', ')}`);
  let benchmark: Awaited<ReturnType<typeof loader.load>>;
  try {
    benchmark = await loader.load(target);
  } catch (error) {
    if (!(error instanceof ParityError)) throw error;
    const relative = path.isAbsolute(target) ? '' : ' (a relative path: run this from the folder `parity eval` ran in)';
    throw new DataError(`run ${run.id}`, undefined, `cannot read its benchmark files ${files.join(', ')}${relative}: ${error.message}`, { cause: error });
  }
  const cases = limit === null ? benchmark.cases : benchmark.cases.slice(0, limit);
  return new Map(cases.map((testCase) => [testCase.id, buildMessages(BENCHMARK_PROMPT, benchmarkEvalCase(testCase).vars)]));
}

function runConfig(run: EvalRun): z.infer<typeof runConfigSchema> {
  const config = runConfigSchema.safeParse(run.config);
  if (!config.success) throw new DataError(`run ${run.id}`, undefined, 'its recorded config is neither a suite nor a benchmark run');
  return config.data;
}

/** Case id → the messages sent. Throws DataError naming the run when its config is not one parity wrote or its inputs changed. */
export async function runPrompts(run: EvalRun): Promise<Map<string, EvalMessage[]>> {
  const config = runConfig(run);
  return config.kind === 'suite' ? suitePrompts(run, config.file, config.suite) : benchmarkPrompts(run, config.benchmark, config.files, config.limit);
}

/** Model label (as the run's suite names it) → the reference its results are stored under; empty for a benchmark run. */
export function runLabels(run: EvalRun): Map<string, string> {
  const config = runConfig(run);
  if (config.kind !== 'suite') return new Map();
  return new Map(parsedSuite(run, config.suite).providers.map((entry) => [entry.label ?? entry.ref, entry.ref]));
}
