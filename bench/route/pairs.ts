/**
 * The weak/strong pairs of the APGR benchmarks and where their judgements are read from (by path: the product
 * never reads ../shared). The sets were fixed before any figure was computed:
 * - dev: the six pairs methods are chosen on;
 * - report: the pairs and others, looked at once to decide whether to keep a method;
 * - fresh: pairs whose router figures were first computed after the method was frozen.
 */
import { readJudgements } from '../../src/route/data/read-judgements.js';
import type { QualityTable } from '../../src/route/data/quality-table.js';

export const PAIR_SETS = ['dev', 'report', 'fresh'] as const;
export type PairSet = (typeof PAIR_SETS)[number];
export type Source = 'arena' | 'alpaca';
export type Pair = readonly [set: PairSet, source: Source, judge: string, weak: string, strong: string];

const ARENA = ['arena', 'single-score'] as const;
const AE2 = ['alpaca', 'weighted_alpaca_eval_gpt4_turbo'] as const;
const AE1 = ['alpaca', 'alpaca_eval_gpt4'] as const;
const GPT4_1106 = 'gpt-4-1106-preview';
const REFERENCE = 'gpt4_1106_preview';

export const PAIRS: readonly Pair[] = [
  ...['claude-1', 'Llama-2-70b-chat', 'openchat_3.5'].map((weak) => ['dev', ...ARENA, weak, GPT4_1106] as const),
  ...['humpback-llama2-70b', 'gpt35_turbo_instruct', 'vicuna-13b-v1.5'].map((weak) => ['dev', ...AE2, weak, REFERENCE] as const),
  ...['Mixtral-8x7B-Instruct-v0.1', 'gpt-3.5-turbo-1106', 'Starling-LM-7B-alpha', 'vicuna-33b-v1.3', 'claude-2'].map((weak) => ['report', ...ARENA, weak, GPT4_1106] as const),
  ...['gpt-3.5-turbo-1106', 'claude-2', 'Qwen-14B-Chat', 'gemma-7b-it', 'Mixtral-8x7B-Instruct-v0.1_concise', 'claude-instant-1.2', 'wizardlm-13b', 'claude-2.1_concise', 'openbuddy-llama2-70b-v10.1'].map(
    (weak) => ['report', ...AE2, weak, REFERENCE] as const,
  ),
  ['report', ...AE1, 'alpaca-7b', 'gpt4'],
  ['report', ...AE1, 'llama-2-7b-chat-hf', REFERENCE],
  ...['Mistral-7B-Instruct-v0.1', 'claude-instant-1', 'palm-2-chat-bison-001', 'gpt-3.5-turbo'].map((weak) => ['fresh', ...ARENA, weak, GPT4_1106] as const),
  ...['oasst-rlhf-llama-33b', 'gpt4_0613_concise', 'jina-chat', 'ultralm-13b', 'FuseChat-Llama-3.2-1B-Instruct'].map((weak) => ['fresh', ...AE2, weak, REFERENCE] as const),
  ['fresh', ...AE1, 'zephyr-7b-beta', 'gpt4'],
  ['fresh', ...AE1, 'vicuna-13b', 'tulu-2-dpo-70b'],
];

/** Reads each source's judgements once, from the data folder (`../shared/data` in this repository's layout). */
export function judgementTables(data: string): (source: Source) => QualityTable {
  const readers: Record<Source, () => QualityTable> = {
    arena: () => readJudgements({ format: 'single-score', judgements: `${data}/arena-hard/arena-bench-v1/judgments_single_score.csv`, prompts: `${data}/arena-hard/arena-bench-v1/question.jsonl` }),
    alpaca: () => readJudgements({ format: 'alpaca-eval', judgements: `${data}/alpaca-eval/judgments.csv`, prompts: `${data}/alpaca-eval/eval_set.jsonl` }),
  };
  const tables = new Map<Source, QualityTable>();
  return (source) => {
    let loaded = tables.get(source);
    if (!loaded) tables.set(source, (loaded = readers[source]()));
    return loaded;
  };
}
