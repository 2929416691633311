/**
 * RouteLLM's routing metrics over one set of prompts.
 *
 * A router gives each prompt a score, P(the weak model is good enough). Sending the lowest-scored prompts to
 * the strong model first traces a curve: at frontier-call share s, quality q(s) is the mean over prompts of
 * the quality of the model the prompt was routed to. Prompts with equal scores are taken in an unknown order,
 * so within a run of ties the curve is the straight line between its ends (the expected value of a random
 * order); a constant score therefore gives the random router's expected curve exactly.
 *
 * PGR(s) = (q(s) − q_weak) / (q_strong − q_weak), where q_weak and q_strong are the all-weak and all-strong
 * qualities. APGR is the area under PGR over s ∈ [0, 1] (exact for the piecewise-linear curve, where RouteLLM
 * sums ten points). CPT(x) is the smallest frontier share with PGR ≥ x.
 */

export interface RoutedItem {
  /** P(weak is good enough); lower goes to the strong model first. */
  score: number;
  qWeak: number;
  qStrong: number;
  costWeak?: number | undefined;
  costStrong?: number | undefined;
}

export interface CurveVertex {
  share: number;
  quality: number;
  /** Total cost of the routed calls, or null when some call's cost is unknown. */
  cost: number | null;
}

export interface RoutingCurve {
  items: number;
  qualityWeak: number;
  qualityStrong: number;
  vertices: CurveVertex[];
}

export function routingCurve(items: readonly RoutedItem[]): RoutingCurve {
  const n = items.length;
  if (n === 0) return { items: 0, qualityWeak: Number.NaN, qualityStrong: Number.NaN, vertices: [] };
  const order = items.map((item, index) => ({ item, index })).sort((a, b) => a.item.score - b.item.score || a.index - b.index);
  let quality = 0;
  let qualityStrong = 0;
  let cost: number | null = 0;
  for (const { item } of order) {
    quality += item.qWeak;
    qualityStrong += item.qStrong;
    cost = cost === null || item.costWeak === undefined ? null : cost + item.costWeak;
  }
  const qualityWeak = quality / n;
  const vertices: CurveVertex[] = [{ share: 0, quality: qualityWeak, cost }];
  let position = 0;
  while (position < n) {
    let end = position;
    const score = order[position]?.item.score;
    while (end < n && order[end]?.item.score === score) {
      const item = order[end]?.item;
      if (item) {
        quality += item.qStrong - item.qWeak;
        cost = cost === null || item.costStrong === undefined || item.costWeak === undefined ? null : cost + item.costStrong - item.costWeak;
      }
      end++;
    }
    vertices.push({ share: end / n, quality: quality / n, cost });
    position = end;
  }
  return { items: n, qualityWeak, qualityStrong: qualityStrong / n, vertices };
}

/** PGR of a quality; NaN when the strong model is not better than the weak one on these prompts. */
export function pgrOf(curve: RoutingCurve, quality: number): number {
  const gap = curve.qualityStrong - curve.qualityWeak;
  return gap > 0 ? (quality - curve.qualityWeak) / gap : Number.NaN;
}

function interpolate(curve: RoutingCurve, share: number, pick: (vertex: CurveVertex) => number | null): number | null {
  const vertices = curve.vertices;
  const clamped = Math.min(1, Math.max(0, share));
  for (let index = 1; index < vertices.length; index++) {
    const left = vertices[index - 1];
    const right = vertices[index];
    if (!left || !right || clamped > right.share) continue;
    const a = pick(left);
    const b = pick(right);
    if (a === null || b === null) return null;
    const width = right.share - left.share;
    return width === 0 ? b : a + ((b - a) * (clamped - left.share)) / width;
  }
  const last = vertices[vertices.length - 1];
  return last ? pick(last) : null;
}

export function qualityAt(curve: RoutingCurve, share: number): number {
  return interpolate(curve, share, (vertex) => vertex.quality) ?? Number.NaN;
}

export function pgrAt(curve: RoutingCurve, share: number): number {
  return pgrOf(curve, qualityAt(curve, share));
}

/** Total routed cost at a frontier share, or null when a call's cost is unknown. */
export function costAt(curve: RoutingCurve, share: number): number | null {
  return interpolate(curve, share, (vertex) => vertex.cost);
}

/** Share of the always-strong cost saved at a frontier share; null without costs. */
export function savingsAt(curve: RoutingCurve, share: number): number | null {
  const routed = costAt(curve, share);
  const allStrong = costAt(curve, 1);
  if (routed === null || allStrong === null || allStrong <= 0) return null;
  return 1 - routed / allStrong;
}

/** Area under PGR over the frontier share, exact for the piecewise-linear curve. */
export function apgr(curve: RoutingCurve): number {
  let area = 0;
  for (let index = 1; index < curve.vertices.length; index++) {
    const left = curve.vertices[index - 1];
    const right = curve.vertices[index];
    if (!left || !right) continue;
    area += ((pgrOf(curve, left.quality) + pgrOf(curve, right.quality)) / 2) * (right.share - left.share);
  }
  return area;
}

/** Call-performance threshold: the smallest frontier share whose PGR reaches `target` (NaN if undefined). */
export function cpt(curve: RoutingCurve, target: number): number {
  const vertices = curve.vertices;
  const first = vertices[0];
  if (!first) return Number.NaN;
  let previousPgr = pgrOf(curve, first.quality);
  if (Number.isNaN(previousPgr)) return Number.NaN;
  if (previousPgr >= target) return first.share;
  for (let index = 1; index < vertices.length; index++) {
    const left = vertices[index - 1];
    const right = vertices[index];
    if (!left || !right) continue;
    const pgr = pgrOf(curve, right.quality);
    if (pgr >= target) return left.share + ((target - previousPgr) / (pgr - previousPgr)) * (right.share - left.share);
    previousPgr = pgr;
  }
  return Number.NaN;
}

/**
 * The smallest frontier share at which the curve's quality reaches `quality` (first crossing), NaN if never.
 * Qualities within 1e-9 count as reached: the curve's running sums are not exact to the last bit.
 */
export function shareAtQuality(curve: RoutingCurve, target: number): number {
  const vertices = curve.vertices;
  const first = vertices[0];
  const quality = target - 1e-9;
  if (!first) return Number.NaN;
  if (first.quality >= quality) return first.share;
  for (let index = 1; index < vertices.length; index++) {
    const left = vertices[index - 1];
    const right = vertices[index];
    if (!left || !right || !(right.quality >= quality)) continue;
    return Math.min(right.share, Math.max(left.share, left.share + ((target - left.quality) / (right.quality - left.quality)) * (right.share - left.share)));
  }
  return Number.NaN;
}
