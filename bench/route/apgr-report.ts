/**
 * The router's cross-validated APGR on many weak/strong pairs, next to random, length and oracle routing,
 * for bench/route/README.md. Reads the judgement files by path (the product never reads ../shared):
 *
 *   npx tsx bench/route/apgr-report.ts --data ../shared/data [--set dev|report|fresh|all] [--seeds 1,2,3]
 *                                      [--methods difficulty,blend,none] [--folds 5] [--max-chars N] [--json]
 *
 * Pair sets (fixed before the figures were computed; see pairs.ts): dev (arena-bench claude-1, Llama-2-70b-chat,
 * openchat_3.5 vs gpt-4-1106-preview; AlpacaEval humpback-llama2-70b, gpt35_turbo_instruct, vicuna-13b-v1.5 vs
 * the reference), report and fresh.
 * Per pair: APGR of seed 1 with the 95% interval over its folds, the mean over seeds, and the baselines.
 * --max-chars scans at most N characters per prompt instead of the default's (to weigh decision time against
 * routing quality).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPairDataset } from '../../src/route/data/pair-dataset.js';
import { evaluateRouting, type RouteEvalReport } from '../../src/route/evaluate.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';
import { PEER_METHODS, type PeerMethod } from '../../src/route/peer-methods.js';
import { judgementTables, PAIRS } from './pairs.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    set: { type: 'string', default: 'all' },
    seeds: { type: 'string', default: '1,2,3' },
    methods: { type: 'string', default: 'difficulty,blend' },
    folds: { type: 'string', default: '5' },
    'max-chars': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const data = resolve(values.data);
const features = values['max-chars'] === undefined ? DEFAULT_FEATURE_CONFIG : { ...DEFAULT_FEATURE_CONFIG, maxChars: Number(values['max-chars']) };
if (!Number.isInteger(features.maxChars) || features.maxChars < 16) throw new Error(`--max-chars must be an integer of at least 16, got ${values['max-chars']}`);
const methods = values.methods.split(',') as PeerMethod[];
for (const method of methods) if (!PEER_METHODS.includes(method)) throw new Error(`unknown method ${method}`);
const seeds = values.seeds.split(',').map(Number);
const table = judgementTables(data);

const fmt = (value: number): string => value.toFixed(3);
const results: unknown[] = [];
if (!values.json) {
  console.log(`| set | data (judge) | weak → strong | prompts | router APGR, seed 1 [95% CI over ${values.folds} folds] | ${methods.map((method) => `${method}: mean of seeds ${seeds.join(',')}`).join(' | ')} | random | length | oracle | share of oracle headroom |`);
  console.log(`|${' --- |'.repeat(9 + methods.length)}`);
}
for (const [set, source, judge, weak, strong] of PAIRS) {
  if (values.set !== 'all' && values.set !== set) continue;
  const dataset = buildPairDataset(table(source), { weak, strong, judge });
  const reports = new Map<PeerMethod, RouteEvalReport[]>();
  for (const method of methods) {
    reports.set(method, seeds.map((seed) => evaluateRouting(dataset, { folds: Number(values.folds), seed, model: 'logistic', features, peerMethod: method })));
  }
  const mean = (list: RouteEvalReport[], pick: (report: RouteEvalReport) => number): number => list.reduce((sum, report) => sum + pick(report), 0) / list.length;
  const main = reports.get(methods[0] as PeerMethod) ?? [];
  const first = main[0] as RouteEvalReport;
  const router = mean(main, (report) => report.router.apgr);
  const oracle = mean(main, (report) => report.baselines.oracle.apgr);
  const row = {
    set,
    data: `${source} (${judge})`,
    pair: `${dataset.weak} → ${dataset.strong}`,
    prompts: dataset.rows.length,
    seed1: { apgr: first.router.apgr, interval: first.router.apgrInterval },
    methods: Object.fromEntries(methods.map((method) => [method, mean(reports.get(method) ?? [], (report) => report.router.apgr)])),
    random: mean(main, (report) => report.baselines.random.apgr),
    length: mean(main, (report) => report.baselines.length.apgr),
    oracle,
    headroom: (router - 0.5) / (oracle - 0.5),
  };
  results.push(row);
  if (!values.json) {
    console.log(
      `| ${set} | ${row.data} | ${row.pair} | ${row.prompts} | ${fmt(row.seed1.apgr)} [${row.seed1.interval.map(fmt).join(', ')}] | ${methods.map((method) => fmt(row.methods[method] ?? Number.NaN)).join(' | ')} | ${fmt(row.random)} | ${fmt(row.length)} | ${fmt(row.oracle)} | ${(row.headroom * 100).toFixed(0)}% |`,
    );
  }
}
if (values.json) console.log(JSON.stringify(results, null, 2));
