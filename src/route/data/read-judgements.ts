import { ValidationError } from '../../errors.js';
import type { JudgementFormat, QualityTable } from './quality-table.js';
import { readAlpacaEval } from './read-alpaca-eval.js';
import { readParityResults } from './read-parity-results.js';
import { readSingleScore } from './read-single-score.js';

export interface ReadJudgementsOptions {
  format: JudgementFormat;
  judgements: string;
  /** The prompts file; required for alpaca-eval and single-score, unused for parity-results. */
  prompts?: string;
  /** single-score only: a FastChat `model_answer/` directory, for output lengths (and so costs). */
  answers?: string;
}

type Reader = (options: ReadJudgementsOptions) => QualityTable;

function needPrompts(options: ReadJudgementsOptions): string {
  if (options.prompts === undefined) throw new ValidationError(`--prompts is required for --format ${options.format}`, 'prompts');
  return options.prompts;
}

const READERS: Record<JudgementFormat, Reader> = {
  'alpaca-eval': (options) => readAlpacaEval(options.judgements, needPrompts(options)),
  'single-score': (options) => readSingleScore(options.judgements, needPrompts(options), options.answers),
  'parity-results': (options) => readParityResults(options.judgements),
};

/** Reads a judgement file of any supported format into the common quality table. */
export function readJudgements(options: ReadJudgementsOptions): QualityTable {
  return READERS[options.format](options);
}
