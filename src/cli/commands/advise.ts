/** `parity advise` — thin wiring over decide/advise: read the eval run and route evaluation, build the memo, write it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { DOMAIN_IDS } from '../../catalog/schema.js';
import { ParityError, ValidationError } from '../../errors.js';
// the memo's modules (reports, charts), the catalog and the store load when the command runs, not with every command
import { HOSTING_MODES } from '../../decide/advise/costs.js';
import type { EvalEvidence, RouteEvidence } from '../../decide/advise/index.js';
import { addSelfHostOptions, parseFlags, selfHostFlagShape, licenseProfileFlagShape } from '../flags.js';
import { printJson } from '../output.js';
import { parseApiPriceSpec } from './cost.js';
import { addFineTuneJobOptions, fineTuneJob, fineTuneJobFlagShape } from './cost-fine-tune.js';
import type { RegisterCommand } from './index.js';

const flagsSchema = z.object({
  run: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
  eval: z.string().min(1).optional(),
  /** a file, or false for --no-route */
  route: z.union([z.string().min(1), z.literal(false)]).optional(),
  cascade: z.string().min(1).optional(),
  candidate: z.string().min(1).optional(),
  reference: z.string().min(1).optional(),
  openModel: z.string().min(1).optional(),
  frontierModel: z.string().min(1).optional(),
  domain: z.array(z.enum(DOMAIN_IDS)).default([]),
  inferDomains: z.boolean().default(true),
  operatingPoint: z.string().default('cpt80'),
  requestsPerDay: z.coerce.number().nonnegative(),
  inputTokens: z.coerce.number().nonnegative().optional(),
  outputTokens: z.coerce.number().nonnegative().optional(),
  peakToAverage: z.coerce.number().min(1).default(1),
  cacheHitRate: z.coerce.number().min(0).max(1).default(0),
  hosting: z.enum(HOSTING_MODES).default('auto'),
  ...selfHostFlagShape,
  apiPrice: z.array(z.string().min(1)).default([]),
  openProvider: z.string().min(1).optional(),
  frontierProvider: z.string().min(1).optional(),
  ...licenseProfileFlagShape,
  ...fineTuneJobFlagShape,
  out: z.string().min(1).optional(),
  md: z.string().min(1).optional(),
  html: z.string().min(1).optional(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
  json: z.boolean().default(false),
});
type Flags = z.infer<typeof flagsSchema>;


const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * The eval evidence, and the route evaluation: the --route file, else (with --run, unless --no-route) the learned
 * router cross-validated on the run itself for the memo's pair. That one is best-effort: when the run cannot give
 * it (say its cases file changed), the memo goes without routing and stderr says why.
 */
async function readEvidence(flags: Flags): Promise<{ evidence: EvalEvidence; route: RouteEvidence | null }> {
  if ((flags.run === undefined) === (flags.eval === undefined)) {
    throw new ValidationError('give the eval run: --run ID (from the store, see --db) or --eval FILE (saved `parity eval --json`), one of them', '--run');
  }
  const [{ loadEvalFile, loadEvalFromStore, loadRouteFile, routeEvidenceFromRun, selectComparison }, { openStore, storeUrlFromEnv }] = await Promise.all([
    import('../../decide/advise/index.js'),
    import('../../store/index.js'),
  ]);
  const routeFile = typeof flags.route === 'string' ? loadRouteFile(flags.route) : null;
  if (flags.eval !== undefined) return { evidence: loadEvalFile(flags.eval), route: routeFile };
  const url = flags.db ?? storeUrlFromEnv();
  const store = await openStore({ ...(url === undefined ? {} : { url }), mustExist: true });
  try {
    const evidence = await loadEvalFromStore(store, flags.run as string);
    if (flags.route !== undefined) return { evidence, route: routeFile };
    const { open, frontier } = selectComparison(evidence, { candidate: flags.candidate, reference: flags.reference });
    try {
      return { evidence, route: await routeEvidenceFromRun(store, evidence.runId, { weak: open.ref, strong: frontier.ref }) };
    } catch (error) {
      if (!(error instanceof ParityError)) throw error;
      process.stderr.write(`parity advise: no route evaluation of the run (${error.message}); give --route FILE from \`parity route eval --json\`\n`);
      return { evidence, route: null };
    }
  } finally {
    await store.close();
  }
}

function write(file: string, content: string): string {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, content);
  return file;
}

async function run(raw: unknown): Promise<void> {
  const flags = parseFlags(flagsSchema, raw);
  const job = flags.trainingTokens === undefined ? null : fineTuneJob(flags);
  const [{ buildMemo, loadCascadeFile, parseOperatingPoint, renderMemoHtml, renderMemoMarkdown }, { loadReference, loadFineTuningReference, selfHostOptions }, { loadCatalog }] = await Promise.all([
    import('../../decide/advise/index.js'),
    import('../../decide/index.js'),
    import('../../catalog/load.js'),
  ]);
  const operatingPoint = parseOperatingPoint(flags.operatingPoint);
  const { evidence, route } = await readEvidence(flags);
  const memo = buildMemo({
    eval: evidence,
    route,
    cascade: flags.cascade === undefined ? null : loadCascadeFile(flags.cascade),
    catalog: loadCatalog(),
    reference: loadReference(),
    ...(job === null ? {} : { fineTuning: loadFineTuningReference() }),
    options: {
      asOf: flags.asOf ?? new Date().toISOString().slice(0, 10),
      ...(flags.candidate === undefined ? {} : { candidate: flags.candidate }),
      ...(flags.reference === undefined ? {} : { reference: flags.reference }),
      ...(flags.openModel === undefined ? {} : { openModel: flags.openModel }),
      ...(flags.frontierModel === undefined ? {} : { frontierModel: flags.frontierModel }),
      domains: flags.domain,
      inferDomains: flags.inferDomains,
      operatingPoint,
      workload: {
        requestsPerDay: flags.requestsPerDay,
        ...(flags.inputTokens === undefined ? {} : { inputTokensPerRequest: flags.inputTokens }),
        ...(flags.outputTokens === undefined ? {} : { outputTokensPerRequest: flags.outputTokens }),
        peakToAverage: flags.peakToAverage,
        cacheHitRate: flags.cacheHitRate,
      },
      daysPerMonth: flags.daysPerMonth,
      hosting: flags.hosting,
      selfHost: selfHostOptions(flags),
      openProvider: flags.openProvider ?? null,
      frontierProvider: flags.frontierProvider ?? null,
      userPrices: flags.apiPrice.map(parseApiPriceSpec),
      profile: {
        commercial: flags.commercial,
        monthlyActiveUsers: flags.mau,
        trainOnOutputs: flags.trainOnOutputs,
        redistribute: flags.redistribute,
        regions: flags.region,
      },
      ...(job === null ? {} : { fineTune: job }),
    },
  });
  const markdown = renderMemoMarkdown(memo);
  const written: string[] = [];
  const mdFile = flags.md ?? (flags.out === undefined ? undefined : path.join(flags.out, 'memo.md'));
  const htmlFile = flags.html ?? (flags.out === undefined ? undefined : path.join(flags.out, 'memo.html'));
  if (mdFile !== undefined) written.push(write(mdFile, markdown));
  if (htmlFile !== undefined) written.push(write(htmlFile, renderMemoHtml(memo)));
  if (flags.json) {
    printJson(memo);
    return;
  }
  if (written.length === 0) {
    process.stdout.write(markdown);
    return;
  }
  process.stdout.write(`${memo.recommendation.headline}\n${written.map((file) => `wrote ${file}`).join('\n')}\n`);
}

export const register: RegisterCommand = (program: Command) => {
  const command = program
    .command('advise')
    .description(
      'Write a decision memo (Markdown and a single-file HTML page): which open model to use, hosted how, what share to ' +
        'route to the frontier model, the expected cost change and quality difference with its interval, the licence ' +
        'conditions, the domains where open models still lag, and when to re-evaluate. Combines an eval run, a route ' +
        'evaluation, catalog prices, the reference GPU tables, the licence facts and the tracker; every figure names its ' +
        'source. Not legal advice.',
    )
    .option('--run <id>', 'eval run id in the store (see --db)')
    .option('--db <url>', 'store: a SQLite path or postgres:// URL (default .parity/parity.db or $PARITY_DATABASE_URL)')
    .option('--eval <file>', 'instead of --run: the JSON `parity eval --json` printed')
    .option('--route <file>', 'the JSON `parity route eval --json` printed; without it, with --run, the router is cross-validated on the run itself')
    .option('--no-route', 'no route evaluation: the memo prices no split')
    .option('--cascade <file>', 'the JSON `parity route eval --cascade … --json` printed: the memo routes by the cascade when the replay found it cheaper than the router')
    .option('--candidate <ref>', "which comparison of the run: its open candidate (ref or label; default the run's first comparison)")
    .option('--reference <ref>', 'which comparison of the run: its frontier reference')
    .option('--open-model <id>', "catalog id of the open model, when the eval's reference does not resolve")
    .option('--frontier-model <id>', "catalog id of the frontier model, when the eval's reference does not resolve")
    .option('--domain <id>', `capability domain the suite covers, repeatable: ${DOMAIN_IDS.join(', ')}`, collect)
    .option('--no-infer-domains', 'do not infer domains from the suite (benchmark names, grader kinds, catalog benchmark ids)')
    .option('--operating-point <p>', 'routing point: cpt50 | cpt80 | a frontier share 0–1', 'cpt80')
    .requiredOption('--requests-per-day <n>', 'requests per day of the workload')
    .option('--input-tokens <n>', "input tokens per request (default: the frontier model's mean in the eval run)")
    .option('--output-tokens <n>', "output tokens per request (default: the frontier model's mean in the eval run)")
    .option('--peak-to-average <ratio>', 'busiest hour ÷ average hour (≥ 1)', '1')
    .option('--cache-hit-rate <share>', "share of input tokens served from the provider's prompt cache (0–1)", '0')
    .option('--days-per-month <n>', 'days in a billing month', '30')
    .option('--hosting <mode>', 'open model hosting: auto (the cheaper of API and self-hosting) | api | self', 'auto');
  addFineTuneJobOptions(addSelfHostOptions(command))
    .option('--api-price <spec>', 'a price not in the catalog: MODEL[@PROVIDER]=IN,OUT[,CACHE_READ] in $/Mtok; repeatable', collect)
    .option('--open-provider <name>', "price the open model's API at this provider (default: the median listing)")
    .option('--frontier-provider <name>', "price the frontier model's API at this provider (default: the median listing)")
    .requiredOption('--mau <n>', 'monthly active users of your products or services (all of them), for the licence check')
    .option('--commercial', 'the use is commercial')
    .option('--train-on-outputs', "the model's outputs will train or improve another model")
    .option('--redistribute', 'you will redistribute the weights or host them for others')
    .option('--region <code>', 'where your company is domiciled: ISO 3166 alpha-2 or EU; repeatable', collect)
    .option('--out <dir>', 'write memo.md and memo.html into this folder')
    .option('--md <file>', 'write the Markdown memo here')
    .option('--html <file>', 'write the HTML memo here')
    .option('--as-of <date>', "the memo's date, YYYY-MM-DD (default today); the re-evaluation date counts from it")
    .option('--json', "print the memo's data as JSON")
    .addHelpText(
      'after',
      '\nWithout --out/--md/--html the Markdown goes to stdout.\n' +
        '\nExamples:\n' +
        '  parity eval suite.yaml --json > eval.json\n' +
        '  parity route eval --judgments judgments.csv --prompts question.jsonl --answers model_answer --format single-score \\\n' +
        '      --weak Mixtral-8x7B-Instruct-v0.1 --strong gpt-4-1106-preview --json > route.json\n' +
        '  parity advise --eval eval.json --route route.json --requests-per-day 20000 --mau 50000 --commercial \\\n' +
        '      --gpu h200 --estimate --active-params 12.9 --domain coding --out memo/\n' +
        '  parity advise --run RUN_ID --db .parity/parity.db --requests-per-day 5000 --input-tokens 800 --output-tokens 300 \\\n' +
        '      --hosting api --mau 1000 --json          # no --route: the router is cross-validated on the run itself\n' +
        '  parity advise --eval eval.json --requests-per-day 20000 --mau 50000 --commercial --out memo/ \\\n' +
        '      --training-tokens 10M --epochs 3 --method lora --recovery 0.5 --retune-months 6   # adds "fine-tune or route?"',
    )
    .action(async (raw: unknown) => run(raw));
};
