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
