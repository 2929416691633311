import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { ConfigError, ValidationError } from '../../errors.js';
// the eval library, the store and the catalog load when a run starts (not with every command, nor for --help);
// the queue (BullMQ + ioredis, ~100 MB of modules) only for --queue runs
import type { EvalPlan, EvalReport } from '../../eval/evaluate.js';
import type { EvalQueue, RunSpec } from '../../eval/queue/index.js';
import { renderEvalSummary, shellWord } from '../eval-summary.js';
import { collect } from '../flags.js';
import { EXIT_CODES, printJson } from '../output.js';
import type { RegisterCommand } from './index.js';

interface EvalFlags {
  benchmark?: string;
  data?: string;
  model: string[];
  responses?: string;
  limit?: string;
  resume?: string | boolean;
  maxCost?: string;
  maxErrorShare?: string;
  estimate?: boolean;
  concurrency?: string;
  margin?: string;
  cache: boolean;
  db?: string;
  json?: boolean;
  junit?: string;
  html?: string;
  quiet?: boolean;
  queue?: string;
  queueName?: string;
}


function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new ValidationError(`${flag} must be a non-negative number, got "${value}"`, flag);
  return number;
}

function share(value: string | undefined, flag: string): number | undefined {
  const number = positiveNumber(value, flag);
  if (number !== undefined && number > 1) throw new ValidationError(`${flag} is a share between 0 and 1 (0.05 for 5%), got "${value}"`, flag);
  return number;
}

/** The command that continues a run: this one's work, the same store, `--resume RUN`. */
function resumeCommand(suiteFile: string | undefined, flags: EvalFlags, runId: string): string {
  const words = ['parity', 'eval'];
  if (suiteFile !== undefined) words.push(suiteFile);
  else {
    words.push('--benchmark', flags.benchmark!, '--data', flags.data!);
    for (const model of flags.model) words.push('--model', model);
    if (flags.responses !== undefined) words.push('--responses', flags.responses);
    if (flags.limit !== undefined) words.push('--limit', flags.limit);
  }
  if (flags.maxCost !== undefined) words.push('--max-cost', flags.maxCost);
  if (flags.db !== undefined) words.push('--db', flags.db);
  if (flags.queue !== undefined) words.push('--queue', flags.queue);
  words.push('--resume', runId);
  return words.map(shellWord).join(' ');
}

function writeFile(file: string, content: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, content);
}

/**
 * V8 settings for a run, a batch process whose memory is one of its goals (bench/eval measures it). Set at run
 * time, before the first HTTP connection and before the run's garbage; the long-running gateway keeps V8's
 * defaults. Measured on 10,000 and 100,000 cases against a local server (npm run bench:eval; bench/eval/results):
 * - undici (the providers' HTTP client) parses responses with llhttp built as WebAssembly; soon after the first
 *   responses V8 recompiles its one large parsing function with its optimizing compiler, which takes ~35 MB
 *   for that moment, a third of a small run's peak. Kept on the baseline compiler (Liftoff): the same
 *   throughput, since parsing is a sliver of each call.
 * - V8 lets the old generation grow to 2–4× its live data before a full collection (its heuristic trades
 *   memory for fewer collections); here (~25 MB live) a long run's peak was set by that slack, not by what it
 *   holds. A growth of 1.25× keeps the peak of a 100,000-case run within ~10 MB of a 10,000-case one (145 MB
 *   instead of 175–220), at no CPU cost measurable above this machine's noise.
 */
function tuneV8ForBatchRun(): void {
  setFlagsFromString('--liftoff-only');
  setFlagsFromString('--heap-growing-percent=25');
}

/**
 * The run's plan (and, for --queue, its spec). The catalog lookup lives only here: nothing of it stays in
 * memory while the run goes on.
 */
async function planRun(suiteFile: string | undefined, flags: EvalFlags): Promise<{ plan: EvalPlan; spec: RunSpec | undefined }> {
  const [{ bundledCatalogFacts }, { planBenchmark, planSuite }, { loadSuite }] = await Promise.all([
    import('../../eval/catalog-facts.js'),
    import('../../eval/evaluate.js'),
    import('../../eval/suite/load.js'),
  ]);
  const targetOptions = { facts: bundledCatalogFacts(), onRetry: () => {} };
  if (flags.benchmark !== undefined) {
    if (!flags.data) throw new ValidationError('--benchmark needs --data FILE (the benchmark\'s public release file)', '--data');
    const limit = positiveNumber(flags.limit, '--limit');
    const concurrency = positiveNumber(flags.concurrency, '--concurrency');
    const benchmark = {
      benchmark: flags.benchmark,
      data: flags.data,
      models: flags.model,
      ...(flags.responses ? { responses: flags.responses } : {}),
      ...(limit ? { limit: Math.floor(limit) } : {}),
      ...(concurrency ? { concurrency: Math.max(1, Math.floor(concurrency)) } : {}),
    };
    const plan = await planBenchmark({ ...targetOptions, ...benchmark });
    return { plan, spec: flags.queue === undefined ? undefined : (await import('../../eval/queue/index.js')).benchmarkRunSpec(benchmark, plan.hash, flags.cache) };
  }
  if (!existsSync(suiteFile!)) throw new ConfigError(suiteFile!, 'no such file (create one with `parity eval init`)');
  const loaded = loadSuite(suiteFile!);
  const plan = planSuite(loaded, targetOptions);
  const spec = flags.queue === undefined ? undefined : (await import('../../eval/queue/index.js')).suiteRunSpec(loaded, plan.hash, flags.cache);
  const concurrency = positiveNumber(flags.concurrency, '--concurrency');
  if (concurrency) plan.concurrency = Math.max(1, Math.floor(concurrency));
  return { plan, spec };
}

/**
 * `--estimate`: the calls, tokens, cost and duration of the run, without calling any model. Earlier runs in the
 * store give each model's output length and latency; a store that does not exist yet is not created.
 */
async function estimate(suiteFile: string | undefined, flags: EvalFlags): Promise<void> {
  const [{ bundledCatalogFacts }, { estimateBenchmark, estimateSuite }, { loadSuite }, { openStore }, { resolveStoreLocation, storeUrlFromEnv }, { renderEvalEstimate }] = await Promise.all([
    import('../../eval/catalog-facts.js'),
    import('../../eval/estimate.js'),
    import('../../eval/suite/load.js'),
    import('../../store/open-store.js'),
    import('../../store/location.js'),
    import('../eval-estimate.js'),
  ]);
  const concurrency = positiveNumber(flags.concurrency, '--concurrency');
  const loaded = suiteFile === undefined ? undefined : loadSuite(suiteFile);
  const refs = loaded ? [...loaded.suite.providers.map((entry) => entry.ref), ...(loaded.suite.judge ? [loaded.suite.judge.ref] : [])] : flags.model;
  const dbUrl = flags.db ?? storeUrlFromEnv();
  const location = resolveStoreLocation(dbUrl);
  let history = new Map<string, { calls: number; meanOutputTokens: number | null; meanLatencyMs: number | null }>();
  if (location.kind === 'postgres' || existsSync(location.path)) {
    const store = await openStore({ ...(dbUrl ? { url: dbUrl } : {}) });
    try {
      history = await store.modelCallStats(refs);
    } finally {
      await store.close();
    }
  }
  const options = { facts: bundledCatalogFacts(), history, ...(concurrency ? { concurrency: Math.max(1, Math.floor(concurrency)) } : {}) };
  let result;
  if (loaded) result = await estimateSuite(loaded, options);
  else {
    const { BENCHMARKS, BENCHMARK_PROMPT, benchmarkEvalCase } = await import('../../eval/benchmarks/index.js');
    const loader = BENCHMARKS[flags.benchmark as keyof typeof BENCHMARKS];
    if (!loader) throw new ValidationError(`unknown benchmark "${flags.benchmark}" (known: ${Object.keys(BENCHMARKS).join(', ')})`, '--benchmark');
    if (!flags.data) throw new ValidationError("--benchmark needs --data FILE (the benchmark's public release file)", '--data');
    const benchmark = await loader.load(flags.data);
    const limit = positiveNumber(flags.limit, '--limit');
    const cases = (limit ? benchmark.cases.slice(0, Math.floor(limit)) : benchmark.cases).map(benchmarkEvalCase);
    result = await estimateBenchmark({ name: benchmark.name, prompt: BENCHMARK_PROMPT, cases }, flags.model, options);
  }
  if (flags.json) printJson(result);
  else process.stdout.write(renderEvalEstimate(result));
}

async function run(suiteFile: string | undefined, flags: EvalFlags): Promise<void> {
  if (suiteFile === undefined && flags.benchmark === undefined) throw new ValidationError('give a suite file, or --benchmark NAME --data FILE (see parity eval --help)');
  if (suiteFile !== undefined && flags.benchmark !== undefined) throw new ValidationError('give either a suite file or --benchmark, not both');
  if (suiteFile !== undefined && !existsSync(suiteFile)) throw new ConfigError(suiteFile, 'no such file (create one with `parity eval init`)');
  if (flags.estimate) return estimate(suiteFile, flags);
  if (flags.queue !== undefined && flags.concurrency !== undefined) {
    throw new ValidationError('with --queue, set the concurrency on each worker (parity worker --concurrency N)', '--concurrency');
  }
  // the flags first: a wrong one stops before the suite is planned or a store is created
  const maxCostUsd = positiveNumber(flags.maxCost, '--max-cost');
  const maxErrorShare = share(flags.maxErrorShare, '--max-error-share');
  const margin = share(flags.margin, '--margin');
  const [{ executePlan }, { openStore }, { storeUrlFromEnv }, { evalProgressRenderer }] = await Promise.all([
    import('../../eval/evaluate.js'),
    import('../../store/open-store.js'),
    import('../../store/location.js'),
    import('../progress.js'),
  ]);
  tuneV8ForBatchRun();
  const progress = evalProgressRenderer({ quiet: flags.quiet ?? false });
  const { plan, spec } = await planRun(suiteFile, flags);
  const dbUrl = flags.db ?? storeUrlFromEnv();
  const queueModule = flags.queue === undefined ? undefined : await import('../../eval/queue/index.js');
  queueModule?.checkSharedStore(dbUrl);
  const queue: EvalQueue | undefined = queueModule === undefined || flags.queue === undefined ? undefined : await queueModule.openEvalQueue({ redisUrl: flags.queue, ...(flags.queueName ? { queueName: flags.queueName } : {}) });
  // a run only appends results: a SQLite page cache of 2 MB (not 16) keeps memory flat as its file grows
  const store = await openStore({ ...(dbUrl ? { url: dbUrl } : {}), sqliteCacheMb: 2 }).catch(async (error: unknown) => {
    await queue?.close();
    throw error;
  });
  let warnedNoWorkers = false;
  const controller = new AbortController();
  const onSignal = () => {
    process.stderr.write('\ninterrupted: finished cases are stored; continue with --resume\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  let report: EvalReport;
  try {
    report = await executePlan(plan, {
      store,
      ...(flags.resume === undefined ? {} : { resume: flags.resume }),
      ...(maxCostUsd === undefined ? {} : { maxCostUsd }),
      ...(maxErrorShare === undefined ? {} : { maxErrorShare }),
      ...(margin === undefined ? {} : { margin }),
      useCache: flags.cache,
      // JUnit and HTML list every result; otherwise the summary is read from the store a page at a time
      withResults: flags.junit !== undefined || flags.html !== undefined,
      signal: controller.signal,
      onEvent: progress.onEvent,
      ...(queue && spec
        ? {
            runner: queue.runner(spec, {
              store,
              onStatus: (status) => {
                if (flags.quiet || status.workers > 0 || warnedNoWorkers) return;
                warnedNoWorkers = true;
                process.stderr.write(`no worker is taking jobs from queue "${status.queueName}" at ${queue.location} yet; start some with\n  parity worker --queue ${queue.location} --db ${store.location}${status.queueName === 'eval' ? '' : ` --queue-name ${status.queueName}`}\n`);
              },
            }),
          }
        : {}),
    });
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSignal);
    await store.close();
    await queue?.close();
  }
  const results = report.results ?? [];
  if (flags.junit) writeFile(flags.junit, (await import('../../eval/report/junit.js')).toJUnit(report.name, results));
  if (flags.html) writeFile(flags.html, (await import('../../eval/report/html.js')).renderEvalHtml(`parity eval: ${report.name}`, report.summary, results));
  if (flags.json) {
    const { results: _results, ...rest } = report;
    printJson({ ...rest, store: store.location });
  } else {
    process.stdout.write(renderEvalSummary(report, { db: flags.db, resume: resumeCommand(suiteFile, flags, report.runId) }));
    if (flags.junit) process.stdout.write(`JUnit XML: ${flags.junit}\n`);
    if (flags.html) process.stdout.write(`HTML report: ${flags.html}\n`);
  }
  process.exitCode = exitCodeOf(report);
}

/** Interrupted, then incomplete (no verdict), then stopped by the budget, then a failed threshold. */
function exitCodeOf(report: EvalReport): number {
  switch (report.outcome.status) {
    case 'aborted':
      return EXIT_CODES.interrupted;
    case 'incomplete':
      return EXIT_CODES.incomplete;
    case 'stopped-budget':
      return EXIT_CODES.budgetStopped;
    default:
      return report.thresholds.passed ? 0 : EXIT_CODES.thresholdFailed;
  }
}

export const register: RegisterCommand = (program: Command) => {
  const command = program
    .command('eval')
    .description('Run an evaluation suite (or a standard benchmark) against models, grade it and compare open with proprietary models')
    .argument('[suite]', 'suite file (YAML); create one with `parity eval init`')
    .option('--benchmark <name>', 'run a standard benchmark instead of a suite: gsm8k, mgsm, humaneval, mbpp, ifeval')
    .option('--data <file>', 'the benchmark\'s public release file (or a folder holding it)')
    .option('--model <ref>', 'model to evaluate on the benchmark, e.g. ollama/qwen2.5:7b (repeatable)', collect, [])
    .option('--responses <file|gold>', 'grade recorded answers (JSONL keyed by the benchmark id or prompt), or `gold`: the benchmark\'s own reference answers')
    .option('--limit <n>', 'only the first n benchmark cases')
    .option('--resume [runId]', 'continue an interrupted run: the given one, or the newest unfinished run of this suite')
    .option('--max-cost <usd>', "cap on the run's spend over all its invocations (resumes included): no call is started that would take it past")
    .option('--max-error-share <share>', 'above this share of calls ending in an error the run is incomplete: no verdict, exit code 8 (default 0.05, or the suite\'s maxErrorShare)')
    .option('--estimate', 'print the calls, tokens, cost and duration the run would take, without calling any model')
    .option('--concurrency <n>', 'calls in flight at once (overrides the suite)')
    .option('--margin <share>', 'non-inferiority margin on the pass rate, e.g. 0.05 for 5 points (overrides the suite)')
    .option('--no-cache', 'do not answer from the response cache')
    .option('--db <url>', 'store: a SQLite path or postgres:// URL (default .parity/parity.db or $PARITY_DATABASE_URL)')
    .option('--json', 'print the summary as JSON')
    .option('--junit <file>', 'also write JUnit XML (for CI)')
    .option('--html <file>', 'also write a single-file HTML report with the case × model matrix')
    .option('--quiet', 'no progress output')
    .option('--queue <redis-url>', 'distributed: queue the cases on Redis for `parity worker` processes (needs a shared --db, see parity worker --help)')
    .option('--queue-name <name>', 'with --queue: the queue\'s name (default eval); workers must use the same')
    .addHelpText(
      'after',
      `
Examples:
  parity eval init suite.yaml
  parity eval suite.yaml --html report.html
  parity eval suite.yaml --estimate                    # calls, tokens, cost and time before spending anything
  parity eval suite.yaml --max-cost 5                  # the run (all its invocations) spends at most $5
  parity eval suite.yaml --resume                      # after Ctrl-C, a crash, errors or the cap: only what is missing is called
  parity eval --benchmark gsm8k --data test.jsonl --responses gold
  parity eval --benchmark humaneval --data HumanEval.jsonl --model ollama/qwen2.5-coder:7b --limit 20
  parity eval --benchmark ifeval --data input_data.jsonl --responses responses.jsonl --json
  parity eval suite.yaml --queue redis://10.0.0.5:6379 --db postgres://parity@10.0.0.5/parity   # run by parity worker processes

An error (a call that failed after its retries: server down, 5xx, timeout, a refused request, a failed judge) is
its own outcome: left out of pass rates and comparisons, summarised by cause. Above --max-error-share of them
the run is incomplete and gets no verdict; --resume retries exactly the errored calls. A comparison with too
few cases for its margin says "not enough cases" and how many it would need.

Exit codes: 0 ok, 1 a suite threshold failed, 2 bad flags, 3 bad config, 4 bad data, 6 provider failure,
7 stopped at --max-cost, 8 incomplete (too many errors; no verdict), 130 interrupted.`,
    )
    .action(async (suite: string | undefined, flags: EvalFlags) => run(suite, flags));

  command
    .command('init')
    .description('Write a commented example suite to start from')
    .argument('[file]', 'where to write it', 'suite.yaml')
    .option('--force', 'overwrite an existing file')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity eval init                                    # writes suite.yaml\n' +
        '  parity eval init support.yaml --force && parity eval support.yaml',
    )
    .action(async (file: string, flags: { force?: boolean }) => {
      if (existsSync(file) && !flags.force) throw new ConfigError(file, 'already exists (use --force to overwrite)');
      writeFile(file, (await import('../../eval/suite/example.js')).EXAMPLE_SUITE);
      process.stdout.write(`wrote ${file}: edit the providers and cases, then run \`parity eval ${file}\`\n`);
    });
};
