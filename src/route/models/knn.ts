/**
 * k nearest neighbours by cosine similarity of the hashed feature vectors: the score is the similarity-weighted
 * mean target of the k most similar training prompts, shrunk towards the overall mean (a prior worth `prior`
 * neighbours), so a prompt unlike anything seen falls back to the average. The policy stores the training
 * vectors; decisions use an inverted index.
 */
import { z } from 'zod';
import { sparseOfScan, type FeatureRow, type SparseVector } from '../features/featurize.js';
import type { TextScanner } from '../features/text-scanner.js';
import type { RouterModel, TrainingSet } from './router-model.js';
import { roundWeight } from './logistic.js';

export const knnModelSchema = z.object({
  kind: z.literal('knn'),
  k: z.number().int().positive(),
  prior: z.number().nonnegative(),
  mean: z.number(),
  targets: z.array(z.number()),
  /** Training vectors, unit length: slots and values per prompt. */
  vectors: z.array(z.object({ slots: z.array(z.number().int().nonnegative()), values: z.array(z.number()) })),
});
export type KnnModelJson = z.infer<typeof knnModelSchema>;

export interface KnnOptions {
  k: number;
  prior: number;
}

export const DEFAULT_KNN: KnnOptions = Object.freeze({ k: 25, prior: 5 });

function unit(vector: SparseVector): { slots: number[]; values: number[] } {
  let norm = 0;
  for (const value of vector.values) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { slots: Array.from(vector.indices), values: Array.from(vector.values, (value) => roundWeight(value * scale)) };
}

export function trainKnn(set: TrainingSet, options: KnnOptions = DEFAULT_KNN): KnnModelJson {
  const targets = Array.from(set.targets);
  const mean = targets.reduce((sum, value) => sum + value, 0) / Math.max(1, targets.length);
  return { kind: 'knn', k: options.k, prior: options.prior, mean, targets, vectors: set.rows.map((row) => unit(row.sparse)) };
}

export class KnnModel implements RouterModel {
  readonly kind = 'knn' as const;
  readonly embeddingDimensions = 0;
  private readonly postings = new Map<number, { rows: Int32Array; values: Float64Array }>();
  private readonly similarities: Float64Array;
  private readonly json: KnnModelJson;

  constructor(json: KnnModelJson) {
    this.json = json;
    this.similarities = new Float64Array(json.targets.length);
    const lists = new Map<number, { rows: number[]; values: number[] }>();
    json.vectors.forEach((vector, row) => {
      vector.slots.forEach((slot, position) => {
        let list = lists.get(slot);
        if (!list) lists.set(slot, (list = { rows: [], values: [] }));
        list.rows.push(row);
        list.values.push(vector.values[position] ?? 0);
      });
    });
    for (const [slot, list] of lists) this.postings.set(slot, { rows: Int32Array.from(list.rows), values: Float64Array.from(list.values) });
  }

  private score(vector: SparseVector): number {
    const similarities = this.similarities;
    similarities.fill(0);
    let norm = 0;
    for (const value of vector.values) norm += value * value;
    if (norm === 0) return this.json.mean;
    const scale = 1 / Math.sqrt(norm);
    for (let k = 0; k < vector.indices.length; k++) {
      const list = this.postings.get(vector.indices[k] ?? -1);
      if (!list) continue;
      const value = (vector.values[k] ?? 0) * scale;
      for (let position = 0; position < list.rows.length; position++) {
        const row = list.rows[position] ?? 0;
        similarities[row] = (similarities[row] ?? 0) + value * (list.values[position] ?? 0);
      }
    }
    // the k largest similarities (ties by row order, so the result is deterministic)
    const k = Math.min(this.json.k, similarities.length);
    const order = Array.from(similarities.keys()).sort((a, b) => (similarities[b] ?? 0) - (similarities[a] ?? 0) || a - b);
    let weighted = this.json.prior * this.json.mean;
    let total = this.json.prior;
    for (let position = 0; position < k; position++) {
      const row = order[position] ?? 0;
      const similarity = Math.max(0, similarities[row] ?? 0);
      weighted += similarity * (this.json.targets[row] ?? 0);
      total += similarity;
    }
    return total > 0 ? weighted / total : this.json.mean;
  }

  predict(row: FeatureRow): number {
    return this.score(row.sparse);
  }

  scoreScan(scanner: TextScanner): number {
    return this.score(sparseOfScan(scanner));
  }
}
