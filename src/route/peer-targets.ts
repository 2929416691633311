/**
 * Training targets that borrow strength from other models judged on the same prompts ("peers").
 *
 * One judgement per prompt is a noisy label. A judgement file usually holds many models judged by the same
 * judge, and prompts that are hard for one non-frontier model tend to be hard for others. So the target of a
 * training prompt is a weighted mean of the pair's own adequacy and each peer's adequacy against the same
 * strong model, where a peer's weight is how well its adequacy tracks the weak model's on the training prompts
 * (Pearson r, floored at 0) and each peer is first shifted to the weak model's mean, so only the *pattern*
 * across prompts is borrowed, never a peer's level. The own label keeps weight `ownWeight`.
 *
 * Only training prompts are read: the prompts a fold is tested on never contribute, through any model.
 */
import type { PairRow } from './data/pair-dataset.js';
import { adequacy } from './labels.js';

export interface PeerOptions {
  /** Weight of the pair's own label; each peer adds at most 1 (its correlation). */
  ownWeight: number;
  /** Peers need at least this many training prompts in common with the pair to count. */
  minCommon: number;
}

export const DEFAULT_PEERS: PeerOptions = Object.freeze({ ownWeight: 1, minCommon: 30 });

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2) return 0;
  let meanA = 0;
  let meanB = 0;
  for (let index = 0; index < n; index++) {
    meanA += (a[index] ?? 0) / n;
    meanB += (b[index] ?? 0) / n;
  }
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let index = 0; index < n; index++) {
    const da = (a[index] ?? 0) - meanA;
    const db = (b[index] ?? 0) - meanB;
    covariance += da * db;
    varianceA += da * da;
    varianceB += db * db;
  }
  return varianceA > 0 && varianceB > 0 ? covariance / Math.sqrt(varianceA * varianceB) : 0;
}

export interface PeerTargets {
  targets: Float64Array;
  /** Peer → weight used, for the report. */
  weights: Map<string, number>;
}

/** Blended targets for the rows at `indices` (training rows), in that order. */
export function peerBlendedTargets(rows: readonly PairRow[], indices: readonly number[], peers: ReadonlyMap<string, ReadonlyMap<string, number>>, options: PeerOptions = DEFAULT_PEERS): PeerTargets {
  const own = indices.map((index) => adequacy(rows[index]?.qWeak ?? 0, rows[index]?.qStrong ?? 0));
  const ownMean = own.reduce((sum, value) => sum + value, 0) / Math.max(1, own.length);
  const sums = own.map((value) => options.ownWeight * value);
  const totals = own.map(() => options.ownWeight);
  const weights = new Map<string, number>();
  for (const [peer, qualities] of [...peers].sort(([a], [b]) => a.localeCompare(b))) {
    const positions: number[] = [];
    const peerValues: number[] = [];
    const ownValues: number[] = [];
    indices.forEach((index, position) => {
      const row = rows[index];
      const quality = row ? qualities.get(row.promptId) : undefined;
      if (row === undefined || quality === undefined) return;
      positions.push(position);
      peerValues.push(adequacy(quality, row.qStrong));
      ownValues.push(own[position] ?? 0);
    });
    if (positions.length < options.minCommon) continue;
    const weight = Math.max(0, pearson(peerValues, ownValues));
    if (weight === 0) continue;
    weights.set(peer, weight);
    const shift = ownMean - peerValues.reduce((sum, value) => sum + value, 0) / peerValues.length;
    positions.forEach((position, k) => {
      sums[position] = (sums[position] ?? 0) + weight * Math.min(1, Math.max(0, (peerValues[k] ?? 0) + shift));
      totals[position] = (totals[position] ?? 0) + weight;
    });
  }
  return { targets: Float64Array.from(sums, (sum, position) => sum / (totals[position] ?? 1)), weights };
}
