import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { ConfigError, ValidationError } from '../../errors.js';
// the eval library, the store and the catalog load when a run starts (not with every command, nor for --help);
// the queue (BullMQ + ioredis, ~100 MB of modules) only for --queue runs
import type { EvalPlan, EvalReport } from '../../eval/evaluate.js';
import type { EvalQueue, RunSpec } from '../../eval/queue/index.js';
import { collect } from '../flags.js';
import { formatNumber, printJson, renderTable } from '../output.js';
import type { RegisterCommand } from './index.js';

interface EvalFlags {
  benchmark?: string;
  data?: string;
  model: string[];
  responses?: string;
  limit?: string;
  resume?: string | boolean;
  maxCost?: string;
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

function writeFile(file: string, content: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, content);
}

const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '—');
/** A word as a POSIX shell reads it: as is when it has no special characters, else single-quoted. */
const shellWord = (word: string): string => (/^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);
const usd = (value: number | null) => (value === null ? '—' : `$${value.toFixed(value < 0.01 ? 5 : 4)}`);

function printSummary(report: EvalReport, db: string | undefined): void {
  const rows = report.summary.models.map((model) => [
    model.label,
    model.openWeights === null ? '?' : model.openWeights ? 'open' : 'closed',
    `${model.passes}/${model.attempts}`,
    `${pct(model.passRate)} (${pct(model.passRateInterval.low)}–${pct(model.passRateInterval.high)})`,
    formatNumber(model.meanScore, 3),
    usd(model.costPerCase),
    usd(model.costPerPassedCase),
    `${formatNumber(model.latencyP50Ms, 0)} / ${formatNumber(model.latencyP95Ms, 0)}`,
    model.errors,
  ]);
  process.stdout.write(`${report.name} — run ${report.runId} (${report.outcome.status})\n`);
  process.stdout.write(
    `${renderTable(['model', 'weights', 'passed', 'pass rate (Wilson 95%)', 'mean score', 'cost/case', 'cost/passed', 'latency p50/p95 ms', 'errors'], rows)}\n`,
  );
  for (const comparison of report.summary.comparisons) {
    const c = comparison.coverage;
    process.stdout.write(`\n${comparison.nonInferiority.verdict.toUpperCase()}: ${comparison.nonInferiority.statement}.\n`);
    process.stdout.write(
      `McNemar p = ${comparison.mcnemar.pValue.toPrecision(3)}; coverage: candidate passes ${pct(c.candidatePasses)}, ${pct(c.onlyReferencePasses)} need the reference, ${pct(c.bothFail)} fail on both; ` +
        `cost/case all-reference ${usd(c.referenceCostPerCase)}, oracle routing ${usd(c.oracleRoutingCostPerCase)}, cascade ${usd(c.cascadeCostPerCase)}\n`,
    );
    if (c.onlyReferencePasses > 0 && c.candidatePasses > 0) {
      // a router learned from this run sends the reference only what looks like those cases
      const store = db === undefined ? '' : ` --db ${shellWord(db)}`;
      process.stdout.write(`route it: parity route eval --run ${report.runId}${store} --weak ${shellWord(comparison.candidate)} --strong ${shellWord(comparison.reference)}\n`);
    }
  }
  for (const [ref, figures] of Object.entries(report.metrics ?? {})) {
    const entries = Object.entries(figures).map(([name, value]) => `${name} ${Number.isInteger(value) ? value : pct(value)}`);
    process.stdout.write(`\n${ref}: ${entries.join(', ')}\n`);
  }
  for (const failure of report.thresholds.failures) process.stdout.write(`THRESHOLD FAILED: ${failure}\n`);
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

async function run(suiteFile: string | undefined, flags: EvalFlags): Promise<void> {
  if (suiteFile === undefined && flags.benchmark === undefined) throw new ValidationError('give a suite file, or --benchmark NAME --data FILE (see parity eval --help)');
  if (suiteFile !== undefined && flags.benchmark !== undefined) throw new ValidationError('give either a suite file or --benchmark, not both');
  if (flags.queue !== undefined && flags.concurrency !== undefined) {
    throw new ValidationError('with --queue, set the concurrency on each worker (parity worker --concurrency N)', '--concurrency');
  }
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
    const maxCostUsd = positiveNumber(flags.maxCost, '--max-cost');
    const margin = positiveNumber(flags.margin, '--margin');
    report = await executePlan(plan, {
      store,
      ...(flags.resume === undefined ? {} : { resume: flags.resume }),
      ...(maxCostUsd === undefined ? {} : { maxCostUsd }),
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
    printSummary(report, flags.db);
    if (flags.junit) process.stdout.write(`JUnit XML: ${flags.junit}\n`);
    if (flags.html) process.stdout.write(`HTML report: ${flags.html}\n`);
  }
  if (report.outcome.status === 'aborted') process.exitCode = 130;
  else if (!report.thresholds.passed) process.exitCode = 1;
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
    .option('--max-cost <usd>', 'stop starting new calls once the run has cost this much')
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
  parity eval suite.yaml --resume                      # after Ctrl-C or a crash: nothing finished is called again
  parity eval --benchmark gsm8k --data test.jsonl --responses gold
  parity eval --benchmark humaneval --data HumanEval.jsonl --model ollama/qwen2.5-coder:7b --limit 20
  parity eval --benchmark ifeval --data input_data.jsonl --responses responses.jsonl --json
  parity eval suite.yaml --queue redis://10.0.0.5:6379 --db postgres://parity@10.0.0.5/parity   # run by parity worker processes

Exit codes: 0 ok, 1 a suite threshold failed, 2 bad flags, 3 bad config, 4 bad data, 6 provider failure, 130 interrupted.`,
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
