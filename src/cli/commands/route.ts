/** `parity route` — learned routing: eval (cross-validated metrics), train (a policy file), decide, models, schema. */
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
// the router's data readers, models, reports and the catalog load when a subcommand runs, not with every command
import { DEFAULT_FEATURE_CONFIG } from '../../route/features/feature-config.js';
import { JUDGEMENT_FORMATS } from '../../route/data/quality-table.js';
import { parseFlags } from '../flags.js';
import { printJson, renderTable } from '../output.js';
import type { RegisterCommand } from './index.js';
import { cascadeFlagShape, runCascadeEval, strayCascadeFlags } from './route-cascade.js';
import { runLadderEval, runLadderTrain } from './route-ladder.js';
import { addDataOptions, dataFlags, embeddingsFor, loadPairDataset, modelsOf, pairPrices, peerMethodOf, readSource, sourceFlags } from './route-source.js';

const evalFlags = dataFlags.extend({ html: z.string().min(1).optional(), ...cascadeFlagShape });
const trainFlags = dataFlags.extend({
  out: z.string().min(1).default('route-policy.json'),
  targetFrontierShare: z.coerce.number().min(0).max(1).optional(),
  minPgr: z.coerce.number().gt(0).max(1).optional(),
  maxCost: z.coerce.number().nonnegative().optional(),
});
export type EvalFlags = z.infer<typeof evalFlags>;
export type TrainFlags = z.infer<typeof trainFlags>;

async function runEval(raw: unknown): Promise<void> {
  const flags = parseFlags(evalFlags, raw);
  if (flags.cascade !== undefined) return runCascadeEval(flags, flags.cascade);
  const stray = strayCascadeFlags(flags);
  if (stray.length > 0) throw new ValidationError(`${stray.join(', ')} go with --cascade A,B (a cascade replay)`, stray[0] as string);
  const models = modelsOf(flags);
  if (models.kind === 'ladder') return runLadderEval(flags, models.models);
  const { dataset } = await loadPairDataset(flags, models.weak, models.strong);
  const notes: string[] = [];
  const embedding = await embeddingsFor(flags, dataset);
  const [{ evaluateRouting }, { renderRouteEvalHtml }, { fixedPointRows, foldRows, summaryRows }] = await Promise.all([
    import('../../route/evaluate.js'),
    import('../../route/report/render-html.js'),
    import('../../route/report/report-rows.js'),
  ]);
  const report = evaluateRouting(dataset, {
    folds: flags.folds,
    seed: flags.seed,
    model: flags.model,
    features: { ...DEFAULT_FEATURE_CONFIG, maxChars: flags.maxChars },
    peerMethod: peerMethodOf(flags),
    prices: await pairPrices(flags, dataset, notes),
    ...(embedding ? { embeddings: embedding.vectors } : {}),
  });
  report.notes.unshift(...notes);
  if (flags.html !== undefined) await writeFile(flags.html, renderRouteEvalHtml(report, `parity route eval: ${dataset.weak} → ${dataset.strong}`));
  if (flags.json) {
    printJson(report);
    return;
  }
  const summary = summaryRows(report);
  const fixedPoints = fixedPointRows(report);
  const folds = foldRows(report);
  const out = [
    `${dataset.weak} (weak, mean quality ${report.quality.weak.toFixed(3)}) vs ${dataset.strong} (strong, ${report.quality.strong.toFixed(3)}); judge ${dataset.judge}; ${dataset.rows.length} prompts; peers: ${report.settings.peerMethod} (${report.settings.peerModels} other models); ${flags.folds}-fold CV over prompts, seed ${flags.seed}`,
    renderTable(summary.head, summary.rows),
    renderTable(fixedPoints.head, fixedPoints.rows),
    renderTable(folds.head, folds.rows),
    ...report.notes.map((note) => `note: ${note}`),
    ...(flags.html === undefined ? [] : [`wrote ${flags.html}`]),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

async function runTrain(raw: unknown): Promise<void> {
  const flags = parseFlags(trainFlags, raw);
  const targets = [
    flags.targetFrontierShare === undefined ? undefined : ({ kind: 'frontier-share', value: flags.targetFrontierShare } as const),
    flags.minPgr === undefined ? undefined : ({ kind: 'min-pgr', value: flags.minPgr } as const),
    flags.maxCost === undefined ? undefined : ({ kind: 'max-cost', value: flags.maxCost } as const),
  ].filter((target) => target !== undefined);
  if (targets.length > 1) throw new ValidationError('give one of --target-frontier-share, --min-pgr, --max-cost', '--min-pgr');
  const target = targets[0] ?? ({ kind: 'min-pgr', value: 0.8 } as const);
  const models = modelsOf(flags);
  if (models.kind === 'ladder') {
    if (target.kind === 'frontier-share') throw new ValidationError('--target-frontier-share is for a weak/strong pair; a ladder (--models) takes --min-pgr or --max-cost', '--target-frontier-share');
    return runLadderTrain(flags, models.models, { kind: target.kind, value: target.value });
  }
  const { dataset, reference } = await loadPairDataset(flags, models.weak, models.strong);
  const notes: string[] = [];
  const embedding = await embeddingsFor(flags, dataset);
  const { trainPolicy } = await import('../../route/train.js');
  const policy = trainPolicy(dataset, {
    model: flags.model,
    features: { ...DEFAULT_FEATURE_CONFIG, maxChars: flags.maxChars },
    folds: flags.folds,
    seed: flags.seed,
    peerMethod: peerMethodOf(flags),
    target,
    prices: await pairPrices(flags, dataset, notes),
    source: reference,
    ...(embedding ? { embedding } : {}),
  });
  await writeFile(flags.out, `${JSON.stringify(policy)}\n`);
  if (flags.json) {
    printJson({ out: flags.out, weak: policy.weak, strong: policy.strong, threshold: policy.threshold, calibration: policy.calibration, crossValidated: policy.training.crossValidated, notes });
    return;
  }
  const expected = policy.calibration.expected;
  const lines = [
    `wrote ${flags.out}: ${policy.model.kind} router, ${policy.weak} (weak) / ${policy.strong} (strong), threshold ${policy.threshold.toFixed(4)}`,
    `target ${target.kind} ${target.value}: expected frontier share ${(expected.frontierShare * 100).toFixed(1)}%, PGR ${expected.pgr === null ? '—' : expected.pgr.toFixed(3)}` +
      (expected.costSavings === null ? '' : `, ${(expected.costSavings * 100).toFixed(1)}% cheaper than always-strong`),
    `cross-validated: APGR ${policy.training.crossValidated.apgr.toFixed(3)}, CPT(50%) ${(policy.training.crossValidated.cpt50 * 100).toFixed(1)}%, CPT(80%) ${(policy.training.crossValidated.cpt80 * 100).toFixed(1)}%`,
    ...notes.map((note) => `note: ${note}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

async function runDecide(words: string[], raw: unknown): Promise<void> {
  const flags = parseFlags(z.object({ policy: z.string().min(1), json: z.boolean().default(false) }), raw);
  const { loadAnyPolicy } = await import('../../route/load-policy.js');
  const policy = loadAnyPolicy(flags.policy);
  const prompt = words.length > 0 ? words.join(' ') : await readStdin();
  if (policy.kind === 'ladder') {
    const decision = policy.decide(prompt);
    if (flags.json) printJson(decision);
    else process.stdout.write(`${decision.model} (model ${decision.index + 1} of ${policy.models.length}): ${decision.reason}\n`);
    return;
  }
  const decision = await policy.decideAsync(prompt);
  if (flags.json) printJson({ ...decision, model: decision.route === 'weak' ? policy.weak : policy.strong });
  else process.stdout.write(`${decision.route} (${decision.route === 'weak' ? policy.weak : policy.strong}): ${decision.reason}\n`);
}

async function runModels(raw: unknown): Promise<void> {
  const flags = parseFlags(sourceFlags.extend({ json: z.boolean().default(false) }), raw);
  const [{ table }, { listModels }] = await Promise.all([readSource(flags), import('../../route/data/pair-dataset.js')]);
  const models = listModels(table);
  if (flags.json) printJson(models);
  else process.stdout.write(`${renderTable(['judge', 'model', 'prompts', 'mean quality'], models.map((model) => [model.judge, model.model, String(model.prompts), model.meanQuality.toFixed(3)]))}\n`);
}

export const register: RegisterCommand = (program) => {
  const route = program.command('route')
    .description('Learned routing between a cheap and a frontier model: measure it, train a policy, try it.')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity route eval --run RUN_ID --weak qwen2.5-7b --strong gpt-4o-mini\n' +
        '  parity route train --run RUN_ID --weak qwen2.5-7b --strong gpt-4o-mini --min-pgr 0.8 --out policy.json\n' +
        '  parity route decide --policy policy.json "Write a haiku about autumn"',
    );
  addDataOptions(route.command('eval').description('cross-validate the learned router on judgement data, with RouteLLM metrics (APGR, CPT) and baselines'))
    .option('--html <file>', 'also write a self-contained HTML page with the curves')
    .option('--cascade <a,b>', 'replay the data as a cascade: the first model answers, a verifier accepts or escalates to the next (cheapest first)')
    .option('--verifier <kind>', 'with --cascade: what stands in for the verifier: grader (the stored pass/fail verdicts; the default) or score:T (a stored score ≥ T passes)')
    .option('--false-accept <p>', 'with --cascade: assumed probability that the verifier accepts a failing answer (default 0: an upper bound)')
    .option('--false-reject <p>', 'with --cascade: assumed probability that the verifier escalates a passing answer (default 0)')
    .option('--verifier-cost <usd>', 'with --cascade: cost of one check in USD, e.g. an LLM judge call (default 0)')
    .option('--target-pass-rate <x>', "with --cascade: the pass rate to reach (default: the last model's); each strategy's cheapest point that reaches it")
    .addHelpText(
      'after',
      '\nExamples:\n  parity route eval --judgments judgments_single_score.csv --prompts question.jsonl --format single-score \\\n    --weak Mixtral-8x7B-Instruct-v0.1 --strong gpt-4-1106-preview --folds 5 --html route.html\n' +
        '  parity route eval --run RUN_ID --weak qwen2.5-7b --strong gpt-4o-mini     # your own `parity eval` run\n' +
        '  parity route eval --run RUN_ID --models llama-3.1-8b,llama-3.3-70b,gpt-4o --json   # k models, cheapest first\n' +
        '  parity route eval --run RUN_ID --cascade qwen2.5-7b,gpt-4o --verifier grader --false-accept 0.05 --false-reject 0.1 --html cascade.html',
    )
    .action(async (options: Record<string, unknown>) => runEval(options));
  addDataOptions(route.command('train').description('train a route policy file for the gateway, with its threshold set for a target'))
    .option('--out <file>', 'policy file to write', 'route-policy.json')
    .option('--target-frontier-share <x>', 'send about this share (0..1) of requests to the strong model')
    .option('--min-pgr <x>', 'smallest frontier share (a ladder: cost) that recovers this share (0..1] of the quality gap (default 0.8)')
    .option('--max-cost <usd>', 'largest frontier share (a ladder: best quality) whose mean cost per request stays within this many USD')
    .addHelpText(
      'after',
      '\nExamples:\n  parity route train --judgments judgments.csv --prompts eval_set.jsonl --format alpaca-eval \\\n    --weak gemma-7b-it --strong gpt4_1106_preview --min-pgr 0.8 --out policy.json\n' +
        '  parity route train --run RUN_ID --weak qwen2.5-7b --strong gpt-4o-mini --out policy.json\n' +
        '  parity route train --run RUN_ID --models llama-3.1-8b,llama-3.3-70b,gpt-4o --min-pgr 0.8 --out ladder.json',
    )
    .action(async (options: Record<string, unknown>) => runTrain(options));
  route
    .command('decide')
    .description('route one prompt with a policy file (the prompt from the arguments, or stdin)')
    .argument('[prompt...]', 'the prompt text')
    .requiredOption('--policy <file>', 'policy file written by `parity route train`')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity route decide --policy policy.json "Write a haiku about autumn"\n' +
        '  echo "Prove that the square root of 2 is irrational" | parity route decide --policy policy.json --json',
    )
    .action(async (words: string[], options: Record<string, unknown>) => runDecide(words, options));
  route
    .command('models')
    .description('list the models and judges in a judgement file')
    .option('--judgments <file>', 'judgement file')
    .option('--prompts <file>', 'prompts file (alpaca-eval, single-score)')
    .option('--format <format>', `judgement format: ${JUDGEMENT_FORMATS.join(' | ')}`)
    .option('--run <id>', 'a `parity eval` run instead of a judgement file')
    .option('--db <url>', 'with --run: the store holding it (default: $PARITY_DATABASE_URL, else .parity/parity.db)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  parity route models --judgments judgments.csv --prompts eval_set.jsonl --format alpaca-eval\n  parity route models --run RUN_ID')
    .action(async (options: Record<string, unknown>) => runModels(options));
  route
    .command('schema')
    .description('print the JSON Schema of the route policy file (--ladder: of the k-model policy file)')
    .option('--ladder', 'the schema of the k-model (ladder) policy that `route train --models` writes')
    .addHelpText(
      'after',
      '\nExamples:\n  parity route schema > route-policy.schema.json      # for editors and validators\n  parity route schema --ladder > route-ladder.schema.json',
    )
    .action(async (options: Record<string, unknown>) => {
      const flags = parseFlags(z.object({ ladder: z.boolean().default(false) }), options);
      printJson(flags.ladder ? (await import('../../route/ladder/ladder-policy-schema.js')).ladderPolicyJsonSchema() : (await import('../../route/policy-schema.js')).routePolicyJsonSchema());
    });
};
