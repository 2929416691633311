/**
 * Compares router model kinds (and feature settings) by cross-validated APGR on judgement files.
 *   npx tsx bench/route/compare-models.ts --data ../shared/data [--pairs dev|report|all] [--folds 5] [--seeds 1,2,3]
 *     [--models logistic,knn,stumps] [--peer-method difficulty|blend|none] (default: each kind's default)
 * Reads the files given by path; the product itself never reads ../shared.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPairDataset } from '../../src/route/data/pair-dataset.js';
import type { QualityTable } from '../../src/route/data/quality-table.js';
import { readJudgements } from '../../src/route/data/read-judgements.js';
import { evaluateRouting } from '../../src/route/evaluate.js';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../src/route/features/feature-config.js';
import { ROUTER_MODEL_KINDS, type RouterModelKind, type RouterModelOptions } from '../../src/route/models/index.js';
import type { PeerMethod } from '../../src/route/peer-methods.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    pairs: { type: 'string', default: 'dev' },
    folds: { type: 'string', default: '5' },
    seeds: { type: 'string', default: '1' },
    models: { type: 'string', default: ROUTER_MODEL_KINDS.join(',') },
    features: { type: 'string', default: '{}' },
    'peer-method': { type: 'string' },
    hyper: { type: 'string', default: '{}' },
  },
});
const data = resolve(values.data);
const alpaca = (): QualityTable => readJudgements({ format: 'alpaca-eval', judgements: `${data}/alpaca-eval/judgments.csv`, prompts: `${data}/alpaca-eval/eval_set.jsonl` });
const arena = (): QualityTable => readJudgements({ format: 'single-score', judgements: `${data}/arena-hard/arena-bench-v1/judgments_single_score.csv`, prompts: `${data}/arena-hard/arena-bench-v1/question.jsonl` });

const DEV = [['alpaca', 'humpback-llama2-70b', 'gpt4_1106_preview']] as const;
const REPORT = [
  ['arena', 'Mixtral-8x7B-Instruct-v0.1', 'gpt-4-1106-preview'],
  ['alpaca', 'gpt-3.5-turbo-1106', 'gpt4_1106_preview'],
  ['alpaca', 'claude-2', 'gpt4_1106_preview'],
  ['alpaca', 'Qwen-14B-Chat', 'gpt4_1106_preview'],
  ['alpaca', 'gemma-7b-it', 'gpt4_1106_preview'],
  ['alpaca', 'Mixtral-8x7B-Instruct-v0.1_concise', 'gpt4_1106_preview'],
  ['alpaca', 'claude-instant-1.2', 'gpt4_1106_preview'],
] as const;
const pairs = values.pairs === 'dev' ? DEV : values.pairs === 'report' ? REPORT : [...DEV, ...REPORT];
const tables = new Map<string, QualityTable>();
const features: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...(JSON.parse(values.features) as Partial<FeatureConfig>) };
const models = values.models.split(',') as RouterModelKind[];
const seeds = values.seeds.split(',').map(Number);

const header = ['pair', ...models, 'length', 'oracle'];
console.log(header.join('\t'));
for (const [source, weak, strong] of pairs) {
  if (!tables.has(source)) tables.set(source, source === 'alpaca' ? alpaca() : arena());
  const dataset = buildPairDataset(tables.get(source) as QualityTable, { weak, strong });
  const cells: string[] = [`${weak}`];
  let length = 0;
  let oracle = 0;
  for (const model of models) {
    let sum = 0;
    for (const seed of seeds) {
      const started = performance.now();
      const report = evaluateRouting(dataset, { folds: Number(values.folds), seed, model, features, ...(values['peer-method'] === undefined ? {} : { peerMethod: values['peer-method'] as PeerMethod }), hyperParameters: JSON.parse(values.hyper) as RouterModelOptions });
      sum += report.router.apgr;
      length += report.baselines.length.apgr / (models.length * seeds.length);
      oracle += report.baselines.oracle.apgr / (models.length * seeds.length);
      if (seeds.length === 1) cells.push(`${report.router.apgr.toFixed(3)} [${report.router.apgrInterval.map((value) => value.toFixed(2)).join(',')}] ${((performance.now() - started) / 1000).toFixed(1)}s`);
    }
    if (seeds.length > 1) cells.push((sum / seeds.length).toFixed(3));
  }
  cells.push(length.toFixed(3), oracle.toFixed(3));
  console.log(cells.join('\t'));
}
