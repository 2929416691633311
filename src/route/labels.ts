/**
 * What the router learns: how adequate the weak model's answer was on a prompt, relative to the strong one.
 *
 *   adequacy = (1 + q_weak − q_strong) / 2        (qualities in [0, 1], so adequacy is in [0, 1])
 *
 * 0.5 is a tie, above it the weak answer was better, and nothing is clipped, so "a bit worse" and "much worse"
 * stay apart. Ordering prompts by expected adequacy is ordering them by the expected quality lost by staying
 * weak, which is exactly what the PGR curve rewards. For AlpacaEval with the strong model as the reference
 * (q_strong = 0.5) it is 0.25 + preference_weak / 2, a monotone map of the judge's preference.
 */
export function adequacy(qWeak: number, qStrong: number): number {
  return (1 + qWeak - qStrong) / 2;
}
