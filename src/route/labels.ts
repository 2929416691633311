/**
 * What the router learns: how adequate the weak model's answer was on a prompt, relative to the strong one.
 *
 *   adequacy = clamp(0.5 + q_weak − q_strong, 0, 1)
 *
 * 0.5 is a tie; above it the weak answer was better. For AlpacaEval with the strong model as the reference
 * (q_strong = 0.5) this is exactly the judge's preference for the weak answer, i.e. P(weak is at least as good).
 * Ordering prompts by expected adequacy is ordering them by the expected quality lost by staying weak, which is
 * what the PGR curve rewards.
 */
export function adequacy(qWeak: number, qStrong: number): number {
  return Math.min(1, Math.max(0, 0.5 + qWeak - qStrong));
}
