/**
 * Cost–quality curves of routing over a ladder of k models (cheapest first), the k-model counterpart of
 * metrics/routing-curve.ts.
 *
 * A ladder router predicts each model's quality on a prompt and sends it to the cheapest model whose prediction
 * clears a target τ (the last model when none does). Sweeping τ from −∞ (everything to the first model) to +∞
 * (everything to the last) traces a path of operating points; as τ rises a prompt only ever moves up the
 * ladder. Prompts switching at the same τ are taken in an unknown order, so the path between two consecutive
 * τ is the straight line (the expected value of a random order), as for a pair.
 *
 * Axis: x = (cost − cost_first)/(cost_last − cost_first), the share of the extra cost of always using the last
 * model; without costs, the mean ladder step (0 = all to the first model, 1 = all to the last). PGR =
 * (q − q_first)/(q_last − q_first). APGR = the area under PGR over x from (0, 0) to (1, 1), exact for the
 * piecewise-linear path (a stretch where x goes back counts negatively, as a line integral does).
 *
 * Baselines on the same axis: random (a mix of the first and last model: the diagonal, APGR 0.5), each model
 * always, the best fixed mix (the upper hull of the always-points: the best that ignores the prompt), and the
 * oracle (per prompt, hindsight: the exact concave cost–quality frontier of choosing one model per prompt, a
 * ceiling, not a router).
 */

export const LADDER_AXES = ['cost', 'step'] as const;
export type LadderAxis = (typeof LADDER_AXES)[number];

export interface LadderItem {
  /** Predicted quality of each model but the last, in ladder order (unused by baselines). */
  predicted: ArrayLike<number>;
  /** Judged quality of each model. */
  quality: ArrayLike<number>;
  /** Cost of each model's call, undefined when unknown. */
  cost: ReadonlyArray<number | undefined>;
}

export interface LadderVertex {
  /** Mean quality of the routed answers. */
  quality: number;
  /** Mean cost per request, or null when a routed call's cost is unknown. */
  cost: number | null;
  /** Mean ladder step of the routed calls (0 … k−1). */
  step: number;
  /** Share of requests sent to each model. */
  shares: number[];
}

export interface LadderCurve {
  items: number;
  models: number;
  axis: LadderAxis;
  /** Every model always: quality, cost, step. */
  always: LadderVertex[];
  /** The router's path from τ = −∞ to +∞ (undefined for a baseline that is not a path). */
  vertices: LadderVertex[];
}

function emptyVertex(models: number): LadderVertex {
  return { quality: 0, cost: 0, step: 0, shares: new Array<number>(models).fill(0) };
}

/** The operating point that sends item i to model choice[i]. */
export function vertexOf(items: readonly LadderItem[], choice: ArrayLike<number>, models: number): LadderVertex {
  const vertex = emptyVertex(models);
  let cost: number | null = 0;
  items.forEach((item, index) => {
    const model = choice[index] ?? 0;
    vertex.quality += item.quality[model] ?? 0;
    const callCost = item.cost[model];
    cost = cost === null || callCost === undefined ? null : cost + callCost;
    vertex.step += model;
    vertex.shares[model] = (vertex.shares[model] ?? 0) + 1;
  });
  const n = Math.max(1, items.length);
  return { quality: vertex.quality / n, cost: cost === null ? null : cost / n, step: vertex.step / n, shares: vertex.shares.map((count) => count / n) };
}

/** The model a ladder router picks: the cheapest whose predicted quality is at least τ, else the last. */
export function ladderChoice(predicted: ArrayLike<number>, models: number, threshold: number): number {
  for (let model = 0; model < models - 1; model++) if ((predicted[model] ?? 0) >= threshold) return model;
  return models - 1;
}

/**
 * The τ at which a prompt moves: for each model below the last, the choice is that model or cheaper while τ ≤
 * predicted; so the distinct predicted values are the only places the path can change.
 */
export function ladderCurve(items: readonly LadderItem[], models: number): LadderCurve {
  const always = Array.from({ length: models }, (_, model) => vertexOf(items, new Array<number>(items.length).fill(model), models));
  const axis: LadderAxis = always.every((vertex) => vertex.cost !== null) ? 'cost' : 'step';
  const thresholds = [...new Set(items.flatMap((item) => Array.from({ length: models - 1 }, (_, model) => item.predicted[model] ?? 0)))].sort((a, b) => a - b);
  // τ just at each distinct value keeps every prompt whose prediction equals it; τ above the largest sends all up
  const sweep = [Number.NEGATIVE_INFINITY, ...thresholds.slice(1), Number.POSITIVE_INFINITY];
  const vertices = sweep.map((threshold) =>
    vertexOf(
      items,
      items.map((item) => ladderChoice(item.predicted, models, threshold)),
      models,
    ),
  );
  return { items: items.length, models, axis, always, vertices };
}

/** x of a vertex on the curve's axis, or NaN when undefined (no cost spread, unknown cost). */
export function axisOf(curve: LadderCurve, vertex: LadderVertex): number {
  const first = curve.always[0];
  const last = curve.always[curve.models - 1];
  if (!first || !last) return Number.NaN;
  if (curve.axis === 'step') return vertex.step / (curve.models - 1);
  if (vertex.cost === null || first.cost === null || last.cost === null || !(last.cost > first.cost)) return Number.NaN;
  return (vertex.cost - first.cost) / (last.cost - first.cost);
}

/** PGR of a quality on this curve's prompts; NaN when the last model is not better than the first. */
export function ladderPgr(curve: LadderCurve, quality: number): number {
  const first = curve.always[0]?.quality ?? Number.NaN;
  const last = curve.always[curve.models - 1]?.quality ?? Number.NaN;
  return last > first ? (quality - first) / (last - first) : Number.NaN;
}

export interface PathPoint {
  x: number;
  pgr: number;
}

/** The path as (x, PGR) points. */
export function pathPoints(curve: LadderCurve, vertices: readonly LadderVertex[] = curve.vertices): PathPoint[] {
  return vertices.map((vertex) => ({ x: axisOf(curve, vertex), pgr: ladderPgr(curve, vertex.quality) }));
}

/** Signed area under a path of points over x, clipped to x ∈ [0, 1]; a path ending before x = 1 stays flat. */
export function pathArea(points: readonly PathPoint[]): number {
  if (points.some((point) => !Number.isFinite(point.x) || !Number.isFinite(point.pgr))) return Number.NaN;
  let area = 0;
  for (let index = 1; index < points.length; index++) {
    const left = points[index - 1] as PathPoint;
    const right = points[index] as PathPoint;
    const from = Math.min(1, Math.max(0, left.x));
    const to = Math.min(1, Math.max(0, right.x));
    if (from === to) continue;
    const at = (x: number): number => (right.x === left.x ? right.pgr : left.pgr + ((right.pgr - left.pgr) * (x - left.x)) / (right.x - left.x));
    area += ((at(from) + at(to)) / 2) * (to - from);
  }
  const last = points[points.length - 1];
  if (last && last.x < 1) area += last.pgr * (1 - Math.max(0, last.x));
  return area;
}

/** PGR at x on a path: the first crossing of x in path order (the path is traced as τ rises). */
export function pgrAtX(points: readonly PathPoint[], x: number): number {
  for (let index = 1; index < points.length; index++) {
    const left = points[index - 1] as PathPoint;
    const right = points[index] as PathPoint;
    const low = Math.min(left.x, right.x);
    const high = Math.max(left.x, right.x);
    if (x < low || x > high) continue;
    return right.x === left.x ? Math.max(left.pgr, right.pgr) : left.pgr + ((right.pgr - left.pgr) * (x - left.x)) / (right.x - left.x);
  }
  const last = points[points.length - 1];
  return last && x >= last.x ? last.pgr : Number.NaN;
}

/** The smallest x on the path (in path order) at which PGR reaches `target`, NaN if never. */
export function xAtPgr(points: readonly PathPoint[], target: number): number {
  const first = points[0];
  if (!first || !Number.isFinite(first.pgr)) return Number.NaN;
  if (first.pgr >= target) return first.x;
  for (let index = 1; index < points.length; index++) {
    const left = points[index - 1] as PathPoint;
    const right = points[index] as PathPoint;
    if (right.pgr >= target) return left.x + ((target - left.pgr) / (right.pgr - left.pgr)) * (right.x - left.x);
  }
  return Number.NaN;
}

/** The upper hull of (0,0), the always-points and (1,1): the best prompt-blind mix of models. */
export function fixedMixPoints(curve: LadderCurve): PathPoint[] {
  const points = pathPoints(curve, curve.always).filter((point) => Number.isFinite(point.x) && Number.isFinite(point.pgr) && point.x >= 0 && point.x <= 1);
  const sorted = [...points, { x: 0, pgr: 0 }, { x: 1, pgr: 1 }].sort((a, b) => a.x - b.x || b.pgr - a.pgr);
  const hull: PathPoint[] = [];
  for (const point of sorted) {
    if (hull.length > 0 && (hull[hull.length - 1] as PathPoint).x === point.x) continue;
    while (hull.length >= 2) {
      const a = hull[hull.length - 2] as PathPoint;
      const b = hull[hull.length - 1] as PathPoint;
      // drop b when it lies on or under the line from a to the new point
      if ((b.pgr - a.pgr) * (point.x - a.x) <= (point.pgr - a.pgr) * (b.x - a.x)) hull.pop();
      else break;
    }
    hull.push(point);
  }
  return hull;
}

/**
 * The oracle: per prompt, knowing every model's judged quality, the concave frontier of its (axis cost,
 * quality) choices from the first model up; the moves of all prompts taken in order of quality gained per cost
 * (the best mix for every budget). Returns the path on the curve's axis.
 */
export function oraclePoints(curve: LadderCurve, items: readonly LadderItem[]): PathPoint[] {
  const models = curve.models;
  const first = curve.always[0];
  const last = curve.always[models - 1];
  if (!first || !last) return [];
  const span = curve.axis === 'cost' ? (last.cost ?? 0) - (first.cost ?? 0) : models - 1;
  const gap = last.quality - first.quality;
  if (!(span > 0) || !(gap > 0)) return [{ x: Number.NaN, pgr: Number.NaN }];
  const n = items.length;
  const moves: Array<{ dx: number; dy: number; slope: number }> = [];
  for (const item of items) {
    const x = (model: number): number => (curve.axis === 'cost' ? (item.cost[model] ?? 0) : model);
    let current = 0;
    for (;;) {
      let best = -1;
      let bestSlope = Number.NEGATIVE_INFINITY;
      for (let model = 0; model < models; model++) {
        const dy = (item.quality[model] ?? 0) - (item.quality[current] ?? 0);
        if (!(dy > 0)) continue;
        const dx = x(model) - x(current);
        const slope = dx <= 0 ? Number.POSITIVE_INFINITY : dy / dx;
        if (slope > bestSlope || (slope === bestSlope && (item.quality[model] ?? 0) > (item.quality[best] ?? 0))) {
          best = model;
          bestSlope = slope;
        }
      }
      if (best < 0) break;
      moves.push({ dx: (x(best) - x(current)) / (n * span), dy: ((item.quality[best] ?? 0) - (item.quality[current] ?? 0)) / (n * gap), slope: bestSlope });
      current = best;
    }
  }
  moves.sort((a, b) => b.slope - a.slope);
  const points: PathPoint[] = [{ x: 0, pgr: 0 }];
  let x = 0;
  let pgr = 0;
  for (const move of moves) {
    x += move.dx;
    pgr += move.dy;
    points.push({ x, pgr });
  }
  return points;
}
