/**
 * The common shape every judgement importer produces: per (judge, model, prompt) one quality in [0, 1], plus
 * whatever is known about the call's size and cost. Routing data for a weak/strong pair is built from it.
 */

/** One model's quality on one prompt, as one judge saw it. */
export interface QualityRecord {
  promptId: string;
  model: string;
  /** Which judge (annotator config, grader) produced the quality. Pairs are only compared under one judge. */
  judge: string;
  /** 0 = useless … 1 = perfect; the meaning of the scale is the judge's. */
  quality: number;
  /** Known or estimated sizes of the call; undefined when the source does not say. */
  inputTokens?: number;
  outputTokens?: number;
  /** Characters of the model's output (AlpacaEval records lengths in characters). */
  outputChars?: number;
  /** Measured cost of the call, when the source recorded it. */
  costUsd?: number;
  /**
   * Share of the calls whose answer the grader passed (0..1), when the source records a pass/fail verdict (an eval
   * run: over the repeats; parity-results: `pass`). What a cascade's verifier is replayed against.
   */
  passRate?: number;
}

export const JUDGEMENT_FORMATS = ['alpaca-eval', 'single-score', 'parity-results'] as const;
export type JudgementFormat = (typeof JUDGEMENT_FORMATS)[number];

/** Everything read from one judgement file (+ its prompts file). */
export interface QualityTable {
  format: JudgementFormat;
  file: string;
  /** Prompt id → the text the router sees. */
  prompts: ReadonlyMap<string, string>;
  records: QualityRecord[];
  /** Rows without a usable judgement (an empty score, a judge failure): kept out, counted here. */
  missing: number;
}
