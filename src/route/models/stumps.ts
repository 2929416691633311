/**
 * Gradient-boosted decision stumps on the dense features only (length, code/math/script markers, domain
 * markers): squared loss on the target, shrinkage, a minimum leaf size, thresholds at feature quantiles.
 * A small, interpretable model; the comparison shows what the sparse text features add on top of it.
 */
import { z } from 'zod';
import type { FeatureRow } from '../features/featurize.js';
import type { TextScanner } from '../features/text-scanner.js';
import { roundWeight } from './logistic.js';
import type { RouterModel, TrainingSet } from './router-model.js';

export const stumpsModelSchema = z.object({
  kind: z.literal('stumps'),
  base: z.number(),
  stumps: z.array(z.object({ feature: z.number().int().nonnegative(), threshold: z.number(), left: z.number(), right: z.number() })),
});
export type StumpsModelJson = z.infer<typeof stumpsModelSchema>;

export interface StumpsOptions {
  rounds: number;
  learningRate: number;
  minLeaf: number;
  bins: number;
}

export const DEFAULT_STUMPS: StumpsOptions = Object.freeze({ rounds: 150, learningRate: 0.05, minLeaf: 20, bins: 16 });

function candidateThresholds(values: number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out = new Set<number>();
  for (let bin = 1; bin < bins; bin++) {
    const value = sorted[Math.floor((bin * sorted.length) / bins)];
    if (value !== undefined) out.add(value);
  }
  return [...out].sort((a, b) => a - b);
}

export function trainStumps(set: TrainingSet, options: StumpsOptions = DEFAULT_STUMPS): StumpsModelJson {
  const rows = set.rows;
  const count = rows.length;
  const width = rows[0]?.dense.length ?? 0;
  const base = set.targets.reduce((sum, value) => sum + value, 0) / Math.max(1, count);
  const prediction = new Float64Array(count).fill(base);
  const thresholds = Array.from({ length: width }, (_, feature) => candidateThresholds(rows.map((row) => row.dense[feature] ?? 0), options.bins));
  const stumps: StumpsModelJson['stumps'] = [];
  for (let round = 0; round < options.rounds; round++) {
    const residual = Float64Array.from({ length: count }, (_, row) => (set.targets[row] ?? 0) - (prediction[row] ?? 0));
    let best: { gain: number; feature: number; threshold: number; left: number; right: number } | undefined;
    for (let feature = 0; feature < width; feature++) {
      for (const threshold of thresholds[feature] ?? []) {
        let leftSum = 0;
        let leftCount = 0;
        let rightSum = 0;
        for (let row = 0; row < count; row++) {
          if (((rows[row] as FeatureRow).dense[feature] ?? 0) <= threshold) {
            leftSum += residual[row] ?? 0;
            leftCount++;
          } else rightSum += residual[row] ?? 0;
        }
        const rightCount = count - leftCount;
        if (leftCount < options.minLeaf || rightCount < options.minLeaf) continue;
        const gain = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount;
        if (!best || gain > best.gain) best = { gain, feature, threshold, left: leftSum / leftCount, right: rightSum / rightCount };
      }
    }
    if (!best) break;
    const stump = { feature: best.feature, threshold: best.threshold, left: roundWeight(best.left * options.learningRate), right: roundWeight(best.right * options.learningRate) };
    stumps.push(stump);
    for (let row = 0; row < count; row++) prediction[row] = (prediction[row] ?? 0) + (((rows[row] as FeatureRow).dense[stump.feature] ?? 0) <= stump.threshold ? stump.left : stump.right);
  }
  return { kind: 'stumps', base: roundWeight(base), stumps };
}

export class StumpsModel implements RouterModel {
  readonly kind = 'stumps' as const;
  readonly embeddingDimensions = 0;
  private readonly json: StumpsModelJson;

  constructor(json: StumpsModelJson) {
    this.json = json;
  }

  private score(dense: Float64Array): number {
    let value = this.json.base;
    for (const stump of this.json.stumps) value += (dense[stump.feature] ?? 0) <= stump.threshold ? stump.left : stump.right;
    return Math.min(1, Math.max(0, value));
  }

  predict(row: FeatureRow): number {
    return this.score(row.dense);
  }

  scoreScan(scanner: TextScanner): number {
    return this.score(scanner.dense);
  }
}
