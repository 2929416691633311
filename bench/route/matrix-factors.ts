/**
 * A low-rank model of every model's quality on the training prompts, in the spirit of RouteLLM's
 * matrix-factorisation router, used to denoise one pair's training labels:
 *
 *   quality(prompt p, model m) ≈ a_m + u_p · v_m          (k latent dimensions, L2 penalty λ on u and v)
 *
 * fitted by alternating ridge regressions over the observed (prompt, model) judgements of the training prompts
 * only: the pair's own two models and every peer judged by the same judge. A prompt's factors u_p are estimated
 * from all the models judged on it (tens to hundreds), so the reconstructed pair difference
 * (a_weak − a_strong) + u_p · (v_weak − v_strong) is a far less noisy label than the pair's one judgement; a
 * text model can then learn it. Experiment for bench/route/experiment-factors.ts, not part of the product.
 */
import type { PairRow } from '../../src/route/data/pair-dataset.js';
import { seededRandom } from '../../src/kernel/index.js';

export interface FactorOptions {
  dimensions: number;
  /** L2 penalty on factors (qualities are in 0..1; a prompt has tens to hundreds of judgements). */
  penalty: number;
  iterations: number;
  seed: number;
}

/** Solves the small symmetric positive definite system A x = b in place (Cholesky); A is n×n row-major. */
function solve(matrix: Float64Array, vector: Float64Array, size: number): Float64Array {
  const lower = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row * size + column] ?? 0;
      for (let k = 0; k < column; k++) sum -= (lower[row * size + k] ?? 0) * (lower[column * size + k] ?? 0);
      lower[row * size + column] = row === column ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (lower[column * size + column] ?? 1);
    }
  }
  const forward = new Float64Array(size);
  for (let row = 0; row < size; row++) {
    let sum = vector[row] ?? 0;
    for (let k = 0; k < row; k++) sum -= (lower[row * size + k] ?? 0) * (forward[k] ?? 0);
    forward[row] = sum / (lower[row * size + row] ?? 1);
  }
  const out = new Float64Array(size);
  for (let row = size - 1; row >= 0; row--) {
    let sum = forward[row] ?? 0;
    for (let k = row + 1; k < size; k++) sum -= (lower[k * size + row] ?? 0) * (out[k] ?? 0);
    out[row] = sum / (lower[row * size + row] ?? 1);
  }
  return out;
}

/**
 * The reconstructed adequacy (1 + q̂_weak − q̂_strong) / 2, clipped to [0, 1], of each training row at `indices`
 * (in that order). Reads only those rows: test prompts never contribute.
 */
export function factorAdequacy(rows: readonly PairRow[], indices: readonly number[], peers: ReadonlyMap<string, ReadonlyMap<string, number>>, options: FactorOptions): Float64Array {
  const k = options.dimensions;
  const peerNames = [...peers.keys()].sort();
  const modelCount = 2 + peerNames.length; // 0 = weak, 1 = strong
  // observations by prompt and by model
  const byPrompt: Array<Array<[number, number]>> = indices.map((index) => {
    const row = rows[index] as PairRow;
    const observed: Array<[number, number]> = [
      [0, row.qWeak],
      [1, row.qStrong],
    ];
    peerNames.forEach((name, position) => {
      const quality = peers.get(name)?.get(row.promptId);
      if (quality !== undefined) observed.push([2 + position, quality]);
    });
    return observed;
  });
  const byModel: Array<Array<[number, number]>> = Array.from({ length: modelCount }, () => []);
  byPrompt.forEach((observed, prompt) => observed.forEach(([model, quality]) => byModel[model]?.push([prompt, quality])));
  const random = seededRandom(options.seed);
  const offsets = Float64Array.from(byModel, (observed) => observed.reduce((sum, [, quality]) => sum + quality, 0) / Math.max(1, observed.length));
  const modelFactors = Float64Array.from({ length: modelCount * k }, () => (random() - 0.5) * 0.2);
  const promptFactors = new Float64Array(indices.length * k);
  const normal = new Float64Array((k + 1) * (k + 1));
  const target = new Float64Array(k + 1);
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    // prompts: ridge regression of (quality − a_m) on v_m
    byPrompt.forEach((observed, prompt) => {
      normal.fill(0, 0, k * k);
      target.fill(0, 0, k);
      for (let d = 0; d < k; d++) normal[d * k + d] = options.penalty;
      for (const [model, quality] of observed) {
        const residual = quality - (offsets[model] ?? 0);
        for (let d = 0; d < k; d++) {
          const vd = modelFactors[model * k + d] ?? 0;
          target[d] = (target[d] ?? 0) + residual * vd;
          for (let e = 0; e < k; e++) normal[d * k + e] = (normal[d * k + e] ?? 0) + vd * (modelFactors[model * k + e] ?? 0);
        }
      }
      promptFactors.set(solve(normal.subarray(0, k * k), target.subarray(0, k), k), prompt * k);
    });
    // models: ridge regression of quality on [1, u_p], no penalty on the offset
    const size = k + 1;
    byModel.forEach((observed, model) => {
      if (observed.length === 0) return;
      normal.fill(0);
      target.fill(0);
      for (let d = 1; d < size; d++) normal[d * size + d] = options.penalty;
      for (const [prompt, quality] of observed) {
        for (let d = 0; d < size; d++) {
          const xd = d === 0 ? 1 : (promptFactors[prompt * k + d - 1] ?? 0);
          target[d] = (target[d] ?? 0) + quality * xd;
          for (let e = 0; e < size; e++) normal[d * size + e] = (normal[d * size + e] ?? 0) + xd * (e === 0 ? 1 : (promptFactors[prompt * k + e - 1] ?? 0));
        }
      }
      const solution = solve(normal, target, size);
      offsets[model] = solution[0] ?? 0;
      for (let d = 0; d < k; d++) modelFactors[model * k + d] = solution[d + 1] ?? 0;
    });
  }
  return Float64Array.from(indices, (_, prompt) => {
    let difference = (offsets[0] ?? 0) - (offsets[1] ?? 0);
    for (let d = 0; d < k; d++) difference += (promptFactors[prompt * k + d] ?? 0) * ((modelFactors[d] ?? 0) - (modelFactors[k + d] ?? 0));
    return Math.min(1, Math.max(0, (1 + difference) / 2));
  });
}
