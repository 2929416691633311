/**
 * A weighted sum of logistic models' margins is itself one logistic model over the same features, so an
 * ensemble of linear scorers costs the gateway exactly one scorer at decision time.
 *
 *   margin(x) = bias + Σ_k weight_k · margin_k(x)
 *
 * The models may have standardised their dense features differently (fitted on different rows); the sum is
 * formed in raw feature space and re-expressed in the first model's standardisation.
 */
import { ValidationError } from '../../errors.js';
import { roundWeight, type LogisticModelJson } from './logistic.js';

export interface WeightedLogistic {
  model: LogisticModelJson;
  weight: number;
}

export function combineLogistic(parts: readonly WeightedLogistic[], bias = 0): LogisticModelJson {
  const first = parts[0]?.model;
  if (first === undefined) throw new ValidationError('combineLogistic needs at least one model');
  const width = first.dense.weights.length;
  const embeddingWidth = first.embedding?.weights.length ?? 0;
  for (const { model } of parts) {
    if (model.hashBits !== first.hashBits || model.dense.weights.length !== width || (model.embedding?.weights.length ?? 0) !== embeddingWidth) {
      throw new ValidationError('combineLogistic: the models must share hash size, dense features and embedding size');
    }
  }
  // raw-space dense coefficients and constant: w·(x − μ)/s = (w/s)·x − w·μ/s
  const raw = new Array<number>(width).fill(0);
  let constant = bias;
  const sparse = new Map<number, number>();
  const embedding = new Array<number>(embeddingWidth).fill(0);
  for (const { model, weight } of parts) {
    constant += weight * model.bias;
    for (let index = 0; index < width; index++) {
      const coefficient = (model.dense.weights[index] ?? 0) / (model.dense.scale[index] ?? 1);
      raw[index] = (raw[index] ?? 0) + weight * coefficient;
      constant -= weight * coefficient * (model.dense.mean[index] ?? 0);
    }
    model.sparse.slots.forEach((slot, position) => sparse.set(slot, (sparse.get(slot) ?? 0) + weight * (model.sparse.weights[position] ?? 0)));
    model.embedding?.weights.forEach((value, index) => (embedding[index] = (embedding[index] ?? 0) + weight * value));
  }
  // back into the first model's standardisation: c·x = c·s·(x − μ)/s + c·μ
  const denseWeights = raw.map((coefficient, index) => roundWeight(coefficient * (first.dense.scale[index] ?? 1)));
  for (let index = 0; index < width; index++) constant += (raw[index] ?? 0) * (first.dense.mean[index] ?? 0);
  const slots = [...sparse.keys()].sort((a, b) => a - b).filter((slot) => roundWeight(sparse.get(slot) ?? 0) !== 0);
  return {
    kind: 'logistic',
    hashBits: first.hashBits,
    bias: roundWeight(constant),
    dense: { names: [...first.dense.names], mean: [...first.dense.mean], scale: [...first.dense.scale], weights: denseWeights },
    sparse: { slots, weights: slots.map((slot) => roundWeight(sparse.get(slot) ?? 0)) },
    ...(embeddingWidth > 0 ? { embedding: { weights: embedding.map(roundWeight) } } : {}),
  };
}
