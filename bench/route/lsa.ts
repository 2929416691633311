/**
 * Latent semantic analysis of the router's hashed features, for experiment-lsa.ts (2026-11-29; not shipped).
 *
 * The hashed sparse vector of each prompt is weighted by IDF (fitted on the corpus), scaled to unit length, and
 * the top k right singular vectors of that corpus matrix X (n prompts × 2^hashBits slots) become a projection:
 * a prompt's coordinates are x·V. V is found from the Gram matrix G = X·Xᵀ (n × n): G = U·Λ·Uᵀ and
 * V = Xᵀ·U·Λ^(−1/2). The top eigenpairs of G come from a randomized range finder with power iterations and a
 * Rayleigh–Ritz step (Halko, Martinsson & Tropp 2011, algorithms 4.3/4.4 + 5.3), the small l × l eigenproblem
 * from cyclic Jacobi rotations. Labels are never used.
 */
import type { SparseVector } from '../../src/route/features/featurize.js';
import { seededRandom } from '../../src/kernel/index.js';

export interface Lsa {
  dimensions: number;
  /** IDF per slot (2^hashBits entries). */
  idf: Float32Array;
  /** slot → row of the basis (−1: the slot has no basis row, so it adds nothing). */
  rowOfSlot: Int32Array;
  /** basis rows, `dimensions` numbers each: V restricted to the kept slots. */
  basis: Float64Array;
  /** Eigenvalues of the Gram matrix (descending), i.e. squared singular values. */
  values: Float64Array;
}

export interface LsaOptions {
  dimensions: number;
  hashBits: number;
  /** Keep the basis rows of at most this many slots, the most frequent in the corpus (Infinity: all). */
  maxSlots?: number;
  oversample?: number;
  powerIterations?: number;
  seed?: number;
}

function weighted(vector: SparseVector, idf: Float32Array): SparseVector {
  const values = Float64Array.from(vector.values, (value, position) => value * (idf[vector.indices[position] ?? 0] ?? 0));
  let norm = 0;
  for (const value of values) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let position = 0; position < values.length; position++) values[position] = (values[position] ?? 0) * scale;
  return { indices: vector.indices, values };
}

/** Columns of an n × l column-major matrix made orthonormal in place (modified Gram–Schmidt, twice). */
function orthonormalize(matrix: Float64Array, n: number, l: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let column = 0; column < l; column++) {
      const a = column * n;
      for (let previous = 0; previous < column; previous++) {
        const b = previous * n;
        let dot = 0;
        for (let row = 0; row < n; row++) dot += (matrix[a + row] ?? 0) * (matrix[b + row] ?? 0);
        for (let row = 0; row < n; row++) matrix[a + row] = (matrix[a + row] ?? 0) - dot * (matrix[b + row] ?? 0);
      }
      let norm = 0;
      for (let row = 0; row < n; row++) norm += (matrix[a + row] ?? 0) ** 2;
      const scale = norm > 1e-300 ? 1 / Math.sqrt(norm) : 0;
      for (let row = 0; row < n; row++) matrix[a + row] = (matrix[a + row] ?? 0) * scale;
    }
  }
}

/** X·Xᵀ·Q for the n unit rows X (sparse, slots compacted to 0..m−1) and Q (n × l, column-major), as X·(Xᵀ·Q). */
function gramTimes(rows: readonly SparseVector[], m: number, q: Float64Array, n: number, l: number): Float64Array {
  const middle = new Float64Array(m * l); // Xᵀ·Q, row-major m × l
  rows.forEach((vector, i) => {
    for (let position = 0; position < vector.indices.length; position++) {
      const base = (vector.indices[position] ?? 0) * l;
      const value = vector.values[position] ?? 0;
      for (let column = 0; column < l; column++) middle[base + column] = (middle[base + column] ?? 0) + value * (q[column * n + i] ?? 0);
    }
  });
  const out = new Float64Array(n * l);
  rows.forEach((vector, i) => {
    for (let position = 0; position < vector.indices.length; position++) {
      const base = (vector.indices[position] ?? 0) * l;
      const value = vector.values[position] ?? 0;
      for (let column = 0; column < l; column++) out[column * n + i] = (out[column * n + i] ?? 0) + value * (middle[base + column] ?? 0);
    }
  });
  return out;
}

/** Eigenpairs of a small symmetric matrix (row-major, l × l) by cyclic Jacobi; vectors as columns, row-major. */
export function jacobiEigen(input: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(l * l);
  for (let index = 0; index < l; index++) v[index * l + index] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += (a[p * l + q] ?? 0) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q] ?? 0;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * l + q] ?? 0) - (a[p * l + p] ?? 0)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p] ?? 0;
          const akq = a[k * l + q] ?? 0;
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k] ?? 0;
          const aqk = a[q * l + k] ?? 0;
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p] ?? 0;
          const vkq = v[k * l + q] ?? 0;
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: l }, (_, index) => a[index * l + index] ?? 0), vectors: v };
}

/** Top `k` eigenpairs of the Gram matrix of `rows` (n × n, never formed); vectors n × k column-major. */
function topEigen(rows: readonly SparseVector[], m: number, k: number, oversample: number, powerIterations: number, seed: number): { values: Float64Array; vectors: Float64Array } {
  const n = rows.length;
  const multiply = (q: Float64Array, width: number) => gramTimes(rows, m, q, n, width);
  const l = Math.min(n, k + oversample);
  const random = seededRandom(seed);
  let q: Float64Array = Float64Array.from({ length: n * l }, () => random() - 0.5);
  for (let iteration = 0; iteration <= powerIterations; iteration++) {
    q = multiply(q, l);
    orthonormalize(q, n, l);
  }
  const gq = multiply(q, l);
  const small = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    for (let j = 0; j < l; j++) {
      let sum = 0;
      for (let row = 0; row < n; row++) sum += (q[i * n + row] ?? 0) * (gq[j * n + row] ?? 0);
      small[i * l + j] = sum;
    }
  }
  for (let i = 0; i < l; i++) for (let j = i + 1; j < l; j++) small[i * l + j] = small[j * l + i] = ((small[i * l + j] ?? 0) + (small[j * l + i] ?? 0)) / 2;
  const eigen = jacobiEigen(small, l);
  const order = Array.from({ length: l }, (_, index) => index).sort((a, b) => (eigen.values[b] ?? 0) - (eigen.values[a] ?? 0));
  const kept = Math.min(k, l);
  const values = Float64Array.from({ length: kept }, (_, index) => eigen.values[order[index] ?? 0] ?? 0);
  const vectors = new Float64Array(n * kept);
  for (let column = 0; column < kept; column++) {
    const source = order[column] ?? 0;
    for (let row = 0; row < n; row++) {
      let sum = 0;
      for (let m = 0; m < l; m++) sum += (q[m * n + row] ?? 0) * (eigen.vectors[m * l + source] ?? 0);
      vectors[column * n + row] = sum;
    }
  }
  return { values, vectors };
}

/** Fits the projection on a corpus of sparse vectors (the scanner's, before any weighting). */
export function fitLsa(corpus: readonly SparseVector[], options: LsaOptions): Lsa {
  const n = corpus.length;
  const width = 1 << options.hashBits;
  const frequency = new Int32Array(width);
  for (const vector of corpus) for (const slot of vector.indices) frequency[slot] = (frequency[slot] ?? 0) + 1;
  const idf = Float32Array.from(frequency, (count) => Math.log((n + 1) / (count + 1)) + 1);
  const compactOf = new Int32Array(width).fill(-1);
  let m = 0;
  for (let slot = 0; slot < width; slot++) if ((frequency[slot] ?? 0) > 0) compactOf[slot] = m++;
  const rows = corpus.map((vector) => weighted(vector, idf));
  const compactRows = rows.map((vector) => ({ indices: Int32Array.from(vector.indices, (slot) => compactOf[slot] ?? 0), values: vector.values }));
  const k = options.dimensions;
  const { values, vectors } = topEigen(compactRows, m, k, options.oversample ?? 16, options.powerIterations ?? 4, options.seed ?? 1);
  // keep the most frequent slots
  const bySlot = Array.from({ length: width }, (_, slot) => slot).filter((slot) => (frequency[slot] ?? 0) > 0);
  bySlot.sort((a, b) => (frequency[b] ?? 0) - (frequency[a] ?? 0) || a - b);
  const keptSlots = bySlot.slice(0, Math.min(bySlot.length, options.maxSlots ?? Number.POSITIVE_INFINITY));
  const rowOfSlot = new Int32Array(width).fill(-1);
  keptSlots.forEach((slot, position) => (rowOfSlot[slot] = position));
  // V = Xᵀ U Λ^(−1/2), only the kept rows
  const basis = new Float64Array(keptSlots.length * k);
  const inverseRoot = Float64Array.from(values, (value) => (value > 1e-12 ? 1 / Math.sqrt(value) : 0));
  rows.forEach((vector, i) => {
    vector.indices.forEach((slot, position) => {
      const row = rowOfSlot[slot] ?? -1;
      if (row < 0) return;
      const value = vector.values[position] ?? 0;
      for (let column = 0; column < values.length; column++) basis[row * k + column] = (basis[row * k + column] ?? 0) + value * (vectors[column * n + i] ?? 0) * (inverseRoot[column] ?? 0);
    });
  });
  return { dimensions: k, idf, rowOfSlot, basis, values };
}

/** A prompt's k coordinates: (IDF-weighted, unit-length x) · V. */
export function project(lsa: Lsa, vector: SparseVector, out: Float64Array = new Float64Array(lsa.dimensions)): Float64Array {
  out.fill(0);
  const k = lsa.dimensions;
  let norm = 0;
  for (let position = 0; position < vector.indices.length; position++) norm += ((vector.values[position] ?? 0) * (lsa.idf[vector.indices[position] ?? 0] ?? 0)) ** 2;
  if (norm === 0) return out;
  const scale = 1 / Math.sqrt(norm);
  for (let position = 0; position < vector.indices.length; position++) {
    const slot = vector.indices[position] ?? 0;
    const row = lsa.rowOfSlot[slot] ?? -1;
    if (row < 0) continue;
    const value = (vector.values[position] ?? 0) * (lsa.idf[slot] ?? 0) * scale;
    const base = row * k;
    for (let column = 0; column < k; column++) out[column] = (out[column] ?? 0) + value * (lsa.basis[base + column] ?? 0);
  }
  return out;
}
