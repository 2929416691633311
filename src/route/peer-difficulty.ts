/**
 * Shared prompt difficulty: how well the *other* models judged on a prompt did on it, as a training target.
 *
 * One judgement of the weak model per prompt is a noisy label, but prompts that are hard for one model tend to
 * be hard for others: in the data we measured, a prompt's mean quality over the other models is far easier to
 * predict from its text than one pair's quality difference, and it tracks that difference. So the router also
 * learns P(prompt is easy) from the mean quality of every other model judged by the same judge (neither the
 * weak nor the strong model, so nothing of the evaluated pair leaks in), with every model counting the same.
 *
 * Only the rows at `indices` are read, which are the training prompts: the prompts a fold is tested on never
 * contribute, through any model.
 */
export interface DifficultyTargets {
  /** The training rows that have at least one peer judgement, in the order given. */
  indices: number[];
  /** Mean peer quality (0..1) of each of those rows. */
  targets: Float64Array;
  /** How many peers judged at least one of the rows. */
  peerCount: number;
}

export function peerDifficultyTargets(rows: ReadonlyArray<{ readonly promptId: string }>, indices: readonly number[], peers: ReadonlyMap<string, ReadonlyMap<string, number>>): DifficultyTargets {
  const kept: number[] = [];
  const targets: number[] = [];
  const used = new Set<string>();
  const sorted = [...peers].sort(([a], [b]) => a.localeCompare(b));
  for (const index of indices) {
    const row = rows[index];
    if (row === undefined) continue;
    let sum = 0;
    let count = 0;
    for (const [peer, qualities] of sorted) {
      const quality = qualities.get(row.promptId);
      if (quality === undefined) continue;
      sum += quality;
      count++;
      used.add(peer);
    }
    if (count === 0) continue;
    kept.push(index);
    targets.push(sum / count);
  }
  return { indices: kept, targets: Float64Array.from(targets), peerCount: used.size };
}
