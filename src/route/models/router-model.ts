/**
 * A learned router model: maps a prompt's features to P(weak model is good enough). Every kind is built from
 * its JSON form (the same object the policy file stores), so what is measured offline is exactly what the
 * gateway runs.
 */
import type { FeatureRow } from '../features/featurize.js';
import type { TextScanner } from '../features/text-scanner.js';

export const ROUTER_MODEL_KINDS = ['logistic', 'knn', 'stumps'] as const;
export type RouterModelKind = (typeof ROUTER_MODEL_KINDS)[number];

export interface TrainingSet {
  rows: readonly FeatureRow[];
  /** Target per row in [0, 1]: how adequate the weak model's answer was (see labels.ts). */
  targets: Float64Array;
}

export interface RouterModel {
  readonly kind: RouterModelKind;
  /** Score of a featurised prompt (offline evaluation). */
  predict(row: FeatureRow): number;
  /** Score straight from a scanner's last scan (the fast path used by decide); `embedding` as embeddingFeatures(). */
  scoreScan(scanner: TextScanner, embedding?: Float64Array): number;
  /** Embedding dimensions the model needs, 0 when it reads text only. */
  readonly embeddingDimensions: number;
}

export function sigmoid(value: number): number {
  if (value >= 0) return 1 / (1 + Math.exp(-value));
  const e = Math.exp(value);
  return e / (1 + e);
}
