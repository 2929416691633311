/**
 * L2-regularised logistic regression on hashed sparse features plus standardised dense features, fitted with
 * L-BFGS on soft targets (cross-entropy against the target in [0, 1]). Convex, so the fit is the same for any
 * seed; a decision is one pass over the prompt and a sigmoid.
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import type { FeatureRow } from '../features/featurize.js';
import { DENSE_FEATURE_NAMES, NAMESPACES, type TextScanner } from '../features/text-scanner.js';
import { DEFAULT_LBFGS, minimizeLbfgs } from './lbfgs.js';
import { sigmoid, type RouterModel, type TrainingSet } from './router-model.js';
import { fitStandardizer, standardizerSchema } from './standardizer.js';

// namespace positions in the scanner's output, as constants of this module (see the scanner on why)
const WORD = NAMESPACES.indexOf('word');
const BIGRAM = NAMESPACES.indexOf('bigram');
const CHAR = NAMESPACES.indexOf('char');
const LEAD = NAMESPACES.indexOf('lead');

export const logisticModelSchema = z.object({
  kind: z.literal('logistic'),
  hashBits: z.number().int().min(8).max(24),
  bias: z.number(),
  dense: standardizerSchema.extend({ weights: z.array(z.number()) }),
  /** Non-zero sparse weights: slot numbers (ascending) and their weights. */
  sparse: z.object({ slots: z.array(z.number().int().nonnegative()), weights: z.array(z.number()) }),
  /** Weights of the embedding coordinates, when the policy uses an embedding endpoint. */
  embedding: z.object({ weights: z.array(z.number()).min(1) }).optional(),
});
export type LogisticModelJson = z.infer<typeof logisticModelSchema>;

export interface LogisticOptions {
  /** L2 penalty on the mean loss. */
  l2: number;
  maxIterations: number;
}

export const DEFAULT_LOGISTIC: LogisticOptions = Object.freeze({ l2: 0.01, maxIterations: 200 });

/** Rounds to 7 significant digits: smaller files, and the model is rebuilt from exactly what is stored. */
export function roundWeight(value: number): number {
  return Number(value.toPrecision(7));
}

export function trainLogistic(set: TrainingSet, hashBits: number, options: LogisticOptions = DEFAULT_LOGISTIC): LogisticModelJson {
  const rows = set.rows;
  const count = rows.length;
  const standardizer = fitStandardizer(rows, DENSE_FEATURE_NAMES);
  const width = standardizer.mean.length;
  // compact the sparse slots that occur in training
  const compact = new Map<number, number>();
  for (const row of rows) for (const slot of row.sparse.indices) if (!compact.has(slot)) compact.set(slot, compact.size);
  const slots = [...compact.keys()].sort((a, b) => a - b);
  slots.forEach((slot, position) => compact.set(slot, position));
  const sparseIndex = rows.map((row) => Int32Array.from(row.sparse.indices, (slot) => compact.get(slot) ?? 0));
  const denseRows = rows.map((row) => Float64Array.from({ length: width }, (_, index) => ((row.dense[index] ?? 0) - (standardizer.mean[index] ?? 0)) / (standardizer.scale[index] ?? 1)));
  const embeddingWidth = rows[0]?.embedding?.length ?? 0;
  if (rows.some((row) => (row.embedding?.length ?? 0) !== embeddingWidth)) throw new ValidationError('every training prompt needs an embedding of the same size');
  const sparseOffset = 1 + width + embeddingWidth;
  const size = sparseOffset + slots.length;
  const margins = new Float64Array(count);
  const objective = (x: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let row = 0; row < count; row++) {
      let margin = x[0] ?? 0;
      const dense = denseRows[row] as Float64Array;
      for (let index = 0; index < width; index++) margin += (x[1 + index] ?? 0) * (dense[index] ?? 0);
      const embedding = (rows[row] as FeatureRow).embedding;
      for (let index = 0; index < embeddingWidth; index++) margin += (x[1 + width + index] ?? 0) * (embedding?.[index] ?? 0);
      const indices = sparseIndex[row] as Int32Array;
      const values = (rows[row] as FeatureRow).sparse.values;
      for (let k = 0; k < indices.length; k++) margin += (x[sparseOffset + (indices[k] ?? 0)] ?? 0) * (values[k] ?? 0);
      margins[row] = margin;
      const target = set.targets[row] ?? 0;
      // softplus(margin) − target·margin, computed stably
      loss += (margin > 0 ? margin + Math.log1p(Math.exp(-margin)) : Math.log1p(Math.exp(margin))) - target * margin;
      const residual = (sigmoid(margin) - target) / count;
      gradient[0] = (gradient[0] ?? 0) + residual;
      for (let index = 0; index < width; index++) gradient[1 + index] = (gradient[1 + index] ?? 0) + residual * (dense[index] ?? 0);
      for (let index = 0; index < embeddingWidth; index++) gradient[1 + width + index] = (gradient[1 + width + index] ?? 0) + residual * (embedding?.[index] ?? 0);
      for (let k = 0; k < indices.length; k++) {
        const position = sparseOffset + (indices[k] ?? 0);
        gradient[position] = (gradient[position] ?? 0) + residual * (values[k] ?? 0);
      }
    }
    let penalty = 0;
    for (let index = 1; index < size; index++) {
      const weight = x[index] ?? 0;
      penalty += weight * weight;
      gradient[index] = (gradient[index] ?? 0) + options.l2 * weight;
    }
    return loss / count + (options.l2 / 2) * penalty;
  };
  // start the bias at the log-odds of the mean target, so the optimiser starts from the prior
  const start = new Float64Array(size);
  const meanTarget = Math.min(0.999, Math.max(0.001, set.targets.reduce((sum, value) => sum + value, 0) / Math.max(1, count)));
  start[0] = Math.log(meanTarget / (1 - meanTarget));
  const { x } = minimizeLbfgs(objective, start, { ...DEFAULT_LBFGS, maxIterations: options.maxIterations });
  const keptSlots: number[] = [];
  const keptWeights: number[] = [];
  slots.forEach((slot, position) => {
    const weight = roundWeight(x[sparseOffset + position] ?? 0);
    if (weight !== 0) {
      keptSlots.push(slot);
      keptWeights.push(weight);
    }
  });
  return {
    kind: 'logistic',
    hashBits,
    bias: roundWeight(x[0] ?? 0),
    dense: { ...standardizer, mean: standardizer.mean.map(roundWeight), scale: standardizer.scale.map(roundWeight), weights: Array.from({ length: width }, (_, index) => roundWeight(x[1 + index] ?? 0)) },
    sparse: { slots: keptSlots, weights: keptWeights },
    ...(embeddingWidth > 0 ? { embedding: { weights: Array.from({ length: embeddingWidth }, (_, index) => roundWeight(x[1 + width + index] ?? 0)) } } : {}),
  };
}

export class LogisticModel implements RouterModel {
  readonly kind = 'logistic' as const;
  private readonly table: Float64Array;
  private readonly mask: number;
  private readonly bias: number;
  private readonly denseWeights: Float64Array;
  private readonly denseMean: Float64Array;
  private readonly denseScale: Float64Array;
  private readonly embeddingWeights: Float64Array;
  readonly embeddingDimensions: number;

  constructor(json: LogisticModelJson) {
    this.mask = (1 << json.hashBits) - 1;
    this.table = new Float64Array(1 << json.hashBits);
    json.sparse.slots.forEach((slot, position) => {
      this.table[slot & this.mask] = json.sparse.weights[position] ?? 0;
    });
    this.bias = json.bias;
    this.denseWeights = Float64Array.from(json.dense.weights);
    this.denseMean = Float64Array.from(json.dense.mean);
    this.denseScale = Float64Array.from(json.dense.scale);
    this.embeddingWeights = Float64Array.from(json.embedding?.weights ?? []);
    this.embeddingDimensions = this.embeddingWeights.length;
  }

  private embeddingMargin(embedding: Float64Array | undefined): number {
    if (this.embeddingDimensions === 0) return 0;
    if (embedding === undefined || embedding.length !== this.embeddingDimensions) {
      throw new ValidationError(`this router needs a prompt embedding of ${this.embeddingDimensions} dimensions (got ${embedding === undefined ? 'none' : embedding.length})`);
    }
    let margin = 0;
    for (let index = 0; index < embedding.length; index++) margin += (this.embeddingWeights[index] ?? 0) * (embedding[index] ?? 0);
    return margin;
  }

  private denseMargin(dense: Float64Array): number {
    let margin = 0;
    for (let index = 0; index < this.denseWeights.length; index++) {
      margin += (this.denseWeights[index] ?? 0) * (((dense[index] ?? 0) - (this.denseMean[index] ?? 0)) / (this.denseScale[index] ?? 1));
    }
    return margin;
  }

  /** The linear score before the sigmoid (log-odds). */
  margin(row: FeatureRow): number {
    let margin = this.bias + this.denseMargin(row.dense) + this.embeddingMargin(row.embedding);
    const { indices, values } = row.sparse;
    for (let k = 0; k < indices.length; k++) margin += (this.table[indices[k] ?? 0] ?? 0) * (values[k] ?? 0);
    return margin;
  }

  predict(row: FeatureRow): number {
    return sigmoid(this.margin(row));
  }

  scoreScan(scanner: TextScanner, embedding?: Float64Array): number {
    const hashes = scanner.hashes;
    const namespaces = scanner.namespaces;
    const table = this.table;
    const mask = this.mask;
    const length = scanner.length;
    // one sum per namespace, in locals (a typed array of sums made every step a load and a store)
    let word = 0;
    let bigram = 0;
    let char = 0;
    let lead = 0;
    for (let position = 0; position < length; position++) {
      const hash = hashes[position] ?? 0;
      const namespace = namespaces[position] ?? 0;
      // slotOf and signOf inlined; the sign as arithmetic, not a branch: the low bit of a hash is a coin flip
      const value = (1 - ((hash & 1) << 1)) * (table[(hash >>> 1) & mask] ?? 0);
      if (namespace === WORD) word += value;
      else if (namespace === BIGRAM) bigram += value;
      else if (namespace === CHAR) char += value;
      else if (namespace === LEAD) lead += value;
    }
    let margin = this.bias + (scanner.config.dense ? this.denseMargin(scanner.dense) : 0) + this.embeddingMargin(embedding);
    // each namespace scaled by 1/sqrt(its tokens), added in namespace order
    const counts = scanner.counts;
    const wordTokens = counts[WORD] ?? 0;
    const bigramTokens = counts[BIGRAM] ?? 0;
    const charTokens = counts[CHAR] ?? 0;
    const leadTokens = counts[LEAD] ?? 0;
    if (wordTokens > 0) margin += word / Math.sqrt(wordTokens);
    if (bigramTokens > 0) margin += bigram / Math.sqrt(bigramTokens);
    if (charTokens > 0) margin += char / Math.sqrt(charTokens);
    if (leadTokens > 0) margin += lead / Math.sqrt(leadTokens);
    return sigmoid(margin);
  }
}
