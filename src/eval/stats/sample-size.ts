/**
 * How many paired cases a non-inferiority verdict at margin δ needs: the sample size of the score test that
 * Tango's interval inverts (paired.ts), for H₀: Δ = −δ against the planning alternative Δ = 0 (the two models
 * are in truth as good as each other), two-sided level α (one-sided α/2, as the interval reads) and 80% power
 * (J. Nam, "Establishing equivalence of two treatments and sample size requirements in matched-pairs design",
 * Biometrics 53:1422–1430, 1997):
 *
 *   n = ((z₁₋α/₂ · σ₀ + z₁₋β · σ₁) / δ)²,  σ₁² = ψ,  σ₀² = 2·p̃₂₁ + Δ₀(1 − Δ₀) at Δ₀ = −δ,
 *
 * where ψ is the share of discordant cases (one model passes, the other fails) and p̃₂₁ the restricted
 * maximum-likelihood share of "only the reference passes" under H₀. ψ is estimated from the run itself,
 * smoothed as (b + c + 1)/(n + 2) (Laplace's rule), so a handful of cases with no disagreement does not read as
 * "no disagreement ever". With ψ → 0 the formula gives z²(1 − δ)/δ: the fewest cases for which even perfect
 * agreement could show non-inferiority (73 at δ = 5 pt, α = 0.05).
 */
import { normalQuantile, twoSidedZ } from '../../kernel/index.js';
import type { PairedCounts } from './paired.js';

export const PLANNING_POWER = 0.8;

/** Paired cases needed for a verdict, from the discordance observed in `counts` (see above); ∞ when δ = 0. */
export function pairedDifferenceCases(options: { counts: PairedCounts; margin: number; alpha: number; power?: number }): number {
  const { counts, margin, alpha } = options;
  if (!(margin > 0)) return Number.POSITIVE_INFINITY;
  const n = counts.bothPass + counts.onlyA + counts.onlyB + counts.bothFail;
  const discordance = (counts.onlyA + counts.onlyB + 1) / (n + 2);
  const delta0 = -margin;
  // the restricted MLE of p₂₁ at Δ₀ for a table with p₁₂ = p₂₁ = ψ/2 (per case: Tango's A, B, C with n = 1)
  const A = 2;
  const B = -discordance + 2 * delta0;
  const C = -(discordance / 2) * delta0 * (1 - delta0);
  const q21 = (Math.sqrt(Math.max(0, B * B - 4 * A * C)) - B) / (2 * A);
  const sigma0 = Math.sqrt(Math.max(0, 2 * q21 + delta0 * (1 - delta0)));
  const sigma1 = Math.sqrt(discordance);
  const zAlpha = twoSidedZ(alpha);
  const zBeta = normalQuantile(options.power ?? PLANNING_POWER);
  return Math.ceil(((zAlpha * sigma0 + zBeta * sigma1) / margin) ** 2);
}
