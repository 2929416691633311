/** Quantile by linear interpolation between closest ranks (type 7, as R and numpy default). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Wilson score interval for a binomial proportion (default 95%): inside [0, 1] and not degenerate at 0 or n
 * successes (E. B. Wilson, "Probable inference, the law of succession, and statistical inference", JASA 22:209–212,
 * 1927). Null bounds without trials: no interval, rather than [0, 1] read as a measurement.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.959963984540054): { low: number | null; high: number | null } {
  if (trials === 0) return { low: null, high: null };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
