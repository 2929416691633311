/** Shared fixtures for the route tests: small verbatim subsets of AlpacaEval and arena-bench (see ATTRIBUTION.md). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/route');

export const ALPACA = {
  judgements: path.join(fixtures, 'alpaca-eval-judgments.csv'),
  prompts: path.join(fixtures, 'alpaca-eval-prompts.jsonl'),
};

export const SINGLE_SCORE = {
  judgements: path.join(fixtures, 'single-score-judgments.csv'),
  prompts: path.join(fixtures, 'single-score-questions.jsonl'),
};

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
