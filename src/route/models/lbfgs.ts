/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: minimises a smooth convex objective such as
 * L2-regularised logistic loss. Deterministic: no randomness, fixed iteration order.
 */

/** Returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  memory: number;
  /** Stop when the gradient's max-norm falls below this. */
  gradientTolerance: number;
  /** Stop when the objective improves by less than this (relative) in an iteration. */
  relativeTolerance: number;
}

export const DEFAULT_LBFGS: LbfgsOptions = Object.freeze({ maxIterations: 200, memory: 8, gradientTolerance: 1e-6, relativeTolerance: 1e-9 });

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += (a[index] ?? 0) * (b[index] ?? 0);
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let index = 0; index < a.length; index++) max = Math.max(max, Math.abs(a[index] ?? 0));
  return max;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = DEFAULT_LBFGS): LbfgsResult {
  const size = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let value = objective(x, gradient);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const rhos: number[] = [];
  const direction = new Float64Array(size);
  const alphas = new Float64Array(options.memory);
  let iteration = 0;
  for (; iteration < options.maxIterations; iteration++) {
    if (maxAbs(gradient) < options.gradientTolerance) break;
    // two-loop recursion: direction = −H·gradient
    for (let index = 0; index < size; index++) direction[index] = -(gradient[index] ?? 0);
    for (let k = steps.length - 1; k >= 0; k--) {
      const alpha = (rhos[k] ?? 0) * dot(steps[k] as Float64Array, direction);
      alphas[k] = alpha;
      const change = changes[k] as Float64Array;
      for (let index = 0; index < size; index++) direction[index] = (direction[index] ?? 0) - alpha * (change[index] ?? 0);
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const change = changes[last] as Float64Array;
      const scale = dot(steps[last] as Float64Array, change) / dot(change, change);
      for (let index = 0; index < size; index++) direction[index] = (direction[index] ?? 0) * scale;
    } else {
      const norm = Math.sqrt(dot(direction, direction));
      if (norm > 0) for (let index = 0; index < size; index++) direction[index] = (direction[index] ?? 0) / norm;
    }
    for (let k = 0; k < steps.length; k++) {
      const change = changes[k] as Float64Array;
      const beta = (rhos[k] ?? 0) * dot(change, direction);
      const step = steps[k] as Float64Array;
      const alpha = alphas[k] ?? 0;
      for (let index = 0; index < size; index++) direction[index] = (direction[index] ?? 0) + (alpha - beta) * (step[index] ?? 0);
    }
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // not a descent direction (numerical trouble): restart from steepest descent
      steps.length = 0;
      changes.length = 0;
      rhos.length = 0;
      for (let index = 0; index < size; index++) direction[index] = -(gradient[index] ?? 0);
      slope = dot(gradient, direction);
    }
    let stepSize = 1;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextValue = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 40; attempt++) {
      for (let index = 0; index < size; index++) next[index] = (x[index] ?? 0) + stepSize * (direction[index] ?? 0);
      nextValue = objective(next, nextGradient);
      if (nextValue <= value + 1e-4 * stepSize * slope) break;
      stepSize /= 2;
    }
    if (!(nextValue < value)) break;
    const step = new Float64Array(size);
    const change = new Float64Array(size);
    for (let index = 0; index < size; index++) {
      step[index] = (next[index] ?? 0) - (x[index] ?? 0);
      change[index] = (nextGradient[index] ?? 0) - (gradient[index] ?? 0);
    }
    const curvature = dot(step, change);
    if (curvature > 1e-12) {
      steps.push(step);
      changes.push(change);
      rhos.push(1 / curvature);
      if (steps.length > options.memory) {
        steps.shift();
        changes.shift();
        rhos.shift();
      }
    }
    const improvement = (value - nextValue) / Math.max(1, Math.abs(value));
    x = next;
    gradient = nextGradient;
    value = nextValue;
    if (improvement < options.relativeTolerance) {
      iteration++;
      break;
    }
  }
  return { x, value, iterations: iteration };
}
