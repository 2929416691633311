/** Turns prompts into training vectors: the scanner's hashes merged into a sorted sparse vector + dense row. */
import type { FeatureConfig } from './feature-config.js';
import { signOf, slotOf, TextScanner } from './text-scanner.js';

export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface FeatureRow {
  sparse: SparseVector;
  /** Raw dense features (empty when the config has dense off). */
  dense: Float64Array;
  /** The prompt's embedding, scaled by embeddingFeatures(), when the policy uses an embedding endpoint. */
  embedding?: Float64Array | undefined;
}

/**
 * An embedding as features: unit length times sqrt(dimensions), so each coordinate is about ±1 whatever the
 * endpoint's own scaling, and one L2 penalty suits sparse, dense and embedding weights alike.
 */
export function embeddingFeatures(embedding: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(embedding as ArrayLike<number>);
  let norm = 0;
  for (const value of out) norm += value * value;
  const scale = norm > 0 ? Math.sqrt(out.length / norm) : 0;
  for (let index = 0; index < out.length; index++) out[index] = (out[index] ?? 0) * scale;
  return out;
}

/** The sparse vector of the scanner's last scan, duplicates merged, each namespace scaled by 1/sqrt(count). */
export function sparseOfScan(scanner: TextScanner): SparseVector {
  const mask = (1 << scanner.config.hashBits) - 1;
  const merged = new Map<number, number>();
  for (let position = 0; position < scanner.length; position++) {
    const hash = scanner.hashes[position] ?? 0;
    const namespace = scanner.namespaces[position] ?? 0;
    const scale = 1 / Math.sqrt(scanner.counts[namespace] ?? 1);
    const slot = slotOf(hash, mask);
    merged.set(slot, (merged.get(slot) ?? 0) + signOf(hash) * scale);
  }
  const slots = [...merged.keys()].sort((a, b) => a - b);
  const indices = new Int32Array(slots.length);
  const values = new Float64Array(slots.length);
  slots.forEach((slot, position) => {
    indices[position] = slot;
    values[position] = merged.get(slot) ?? 0;
  });
  return { indices, values };
}

export function featurizeAll(texts: readonly string[], config: FeatureConfig, embeddings?: ReadonlyArray<ArrayLike<number>>): FeatureRow[] {
  const scanner = new TextScanner(config);
  return texts.map((text, index) => {
    scanner.scan(text);
    const embedding = embeddings?.[index];
    return {
      sparse: sparseOfScan(scanner),
      dense: config.dense ? Float64Array.from(scanner.dense) : new Float64Array(0),
      ...(embedding === undefined ? {} : { embedding: embeddingFeatures(embedding) }),
    };
  });
}
