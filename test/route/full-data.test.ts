/**
 * The learned router over the full judgement files in ../shared/data (skipped, with a warning, when that
 * folder is absent; CI has it): arena-bench Mixtral-8x7B vs GPT-4-1106 (RouteLLM's pair) and three AlpacaEval
 * weak/reference pairs, with default settings. The bar is the one that cannot be tuned: on average over the
 * pairs the router beats random routing (APGR 0.5) and routing by prompt length.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPairDataset } from '../../src/route/data/pair-dataset.js';
import type { QualityTable } from '../../src/route/data/quality-table.js';
import { readJudgements } from '../../src/route/data/read-judgements.js';
import { evaluateRouting, type RouteEvalReport } from '../../src/route/evaluate.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';

const dataDir = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const present = existsSync(`${dataDir}alpaca-eval/judgments.csv`) && existsSync(`${dataDir}arena-hard/arena-bench-v1/judgments_single_score.csv`);
if (!present) console.warn(`skipping route full-data tests: ${dataDir} (alpaca-eval, arena-hard) is absent`);

const LONG = 10 * 60_000;

function evaluate(table: QualityTable, weak: string, strong: string): RouteEvalReport {
  return evaluateRouting(buildPairDataset(table, { weak, strong }), { folds: 5, seed: 1, model: 'logistic', features: DEFAULT_FEATURE_CONFIG });
}

describe.skipIf(!present)('learned routing over ../shared', () => {
  it(
    'beats random and length routing on average over four pairs it was not tuned on',
    () => {
      const arena = readJudgements({ format: 'single-score', judgements: `${dataDir}arena-hard/arena-bench-v1/judgments_single_score.csv`, prompts: `${dataDir}arena-hard/arena-bench-v1/question.jsonl` });
      const alpaca = readJudgements({ format: 'alpaca-eval', judgements: `${dataDir}alpaca-eval/judgments.csv`, prompts: `${dataDir}alpaca-eval/eval_set.jsonl` });
      const reports = [
        evaluate(arena, 'Mixtral-8x7B-Instruct-v0.1', 'gpt-4-1106-preview'),
        evaluate(alpaca, 'gpt-3.5-turbo-1106', 'gpt4_1106_preview'),
        evaluate(alpaca, 'claude-2', 'gpt4_1106_preview'),
        evaluate(alpaca, 'gemma-7b-it', 'gpt4_1106_preview'),
      ];
      expect(reports[0]?.pair.prompts).toBe(293); // 300 questions, 7 without both scores
      expect(reports[1]?.pair.prompts).toBe(805);
      const mean = (pick: (report: RouteEvalReport) => number): number => reports.reduce((sum, report) => sum + pick(report), 0) / reports.length;
      const router = mean((report) => report.router.apgr);
      expect(mean((report) => report.baselines.random.apgr)).toBeCloseTo(0.5, 12);
      expect(router).toBeGreaterThan(0.5);
      expect(router).toBeGreaterThan(mean((report) => report.baselines.length.apgr));
      expect(router).toBeLessThan(mean((report) => report.baselines.oracle.apgr));
    },
    LONG,
  );
});
