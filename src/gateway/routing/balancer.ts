/**
 * Picks one deployment of a model group for each request: the members of a group that serve the same model
 * (several vLLM replicas, the same model at two hosts). Three strategies, chosen per group:
 *
 * - `weighted`: at random in proportion to the weights (3:1 sends three quarters to the first);
 * - `least-in-flight`: the fewest requests under way per unit of weight (a slow deployment holds its requests
 *   longer, so it is picked less);
 * - `latency`: at random in proportion to weight ÷ expected wait, the expected wait being a peak EWMA of
 *   observed latencies × (in flight + 1) (the estimate Finagle and Linkerd balance on): a slower sample raises
 *   the estimate at once, faster ones bring it down with a half-life in time (`latencyHalfLifeMs`), so its
 *   pace does not depend on the request rate. A deployment ten times slower gets about a tenth of the share —
 *   never none, so its estimate stays current and a deployment that recovered wins its share back. One not
 *   measured yet is taken for a typical one (the mean estimate). A failure counts as a sample of at least
 *   twice the current estimate.
 *
 * Deployments the caller says are unavailable (their circuit is open, or they were tried already for this
 * request) are skipped. A pick is one pass over the deployments with no allocation: the state lives in typed
 * arrays sized once.
 */
import { z } from 'zod';
import { ConfigError } from '../../errors.js';

export const BALANCE_STRATEGIES = ['weighted', 'least-in-flight', 'latency'] as const;
export type BalanceStrategy = (typeof BALANCE_STRATEGIES)[number];

/** How one group balances; phase 2 attaches it to a group in the gateway config. */
export const balanceConfigSchema = z
  .object({
    strategy: z.enum(BALANCE_STRATEGIES).default('weighted'),
    /** Weight per member (as the group names it); members not named weigh 1. */
    weights: z.record(z.string(), z.number().positive().max(1_000_000)).default({}),
    /** `latency`: a sample this old counts half as much as a new one. */
    latencyHalfLifeMs: z.number().int().positive().default(10_000),
  })
  .strict();
export type BalanceConfig = z.infer<typeof balanceConfigSchema>;

export interface BalancerOptions {
  strategy: BalanceStrategy;
  /** One positive weight per deployment, in the group's order. */
  weights: readonly number[];
  latencyHalfLifeMs?: number;
  /** Uniform in [0, 1); default Math.random (tests pass a seeded one). */
  random?: () => number;
  /** Milliseconds, monotonic; default performance.now. */
  now?: () => number;
}

export interface Balancer {
  readonly strategy: BalanceStrategy;
  readonly size: number;
  /**
   * The index of the deployment to use, or -1 when `available` (default: all) rules every one out. Call
   * `started(index)` when the request goes out and `finished(index, …)` exactly once when it is over.
   */
  pick(available?: (index: number) => boolean): number;
  started(index: number): void;
  /** `latencyMs`: how long the deployment took (to the first byte for streams); `ok`: it answered. */
  finished(index: number, latencyMs: number, ok: boolean): void;
  /** Requests under way at a deployment. */
  inFlight(index: number): number;
  /** The latency estimate of a deployment in ms; undefined before its first sample. */
  estimate(index: number): number | undefined;
}

const ALL = (): boolean => true;
/** Latencies below this count as this (a 0 ms estimate would take every request). */
const MIN_WAIT_MS = 0.1;

export function createBalancer(options: BalancerOptions): Balancer {
  const size = options.weights.length;
  if (size === 0) throw new ConfigError('balance', 'a balanced group needs at least one deployment');
  options.weights.forEach((weight, index) => {
    if (!(weight > 0) || !Number.isFinite(weight)) throw new ConfigError(`balance.weights[${index}]`, `weights are positive numbers (got ${weight})`);
  });
  const strategy = options.strategy;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => performance.now());
  const halfLife = options.latencyHalfLifeMs ?? 10_000;
  const weights = Float64Array.from(options.weights);
  const inFlight = new Int32Array(size);
  const estimates = new Float64Array(size).fill(Number.NaN);
  const sampledAt = new Float64Array(size);

  const pickWeighted = (available: (index: number) => boolean): number => {
    let total = 0;
    for (let index = 0; index < size; index++) if (available(index)) total += weights[index] as number;
    if (total === 0) return -1;
    let point = random() * total;
    let last = -1;
    for (let index = 0; index < size; index++) {
      if (!available(index)) continue;
      last = index;
      point -= weights[index] as number;
      if (point < 0) return index;
    }
    return last; // rounding left a sliver past the end
  };

  /** least-in-flight: the fewest requests under way per unit of weight; ties are broken at random. */
  const pickLeastInFlight = (available: (index: number) => boolean): number => {
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    let ties = 0;
    for (let index = 0; index < size; index++) {
      if (!available(index)) continue;
      const score = ((inFlight[index] as number) + 1) / (weights[index] as number);
      if (score < bestScore) {
        best = index;
        bestScore = score;
        ties = 1;
      } else if (score === bestScore && random() * ++ties < 1) best = index; // reservoir of one
    }
    return best;
  };

  const shareOf = (index: number, typical: number): number => {
    const estimate = estimates[index] as number;
    const wait = Math.max(MIN_WAIT_MS, Number.isNaN(estimate) ? typical : estimate) * ((inFlight[index] as number) + 1);
    return (weights[index] as number) / wait;
  };

  /** latency: at random in proportion to weight ÷ (estimate × (in flight + 1)). */
  const pickByLatency = (available: (index: number) => boolean): number => {
    let sum = 0;
    let measured = 0;
    for (let index = 0; index < size; index++) {
      const estimate = estimates[index] as number;
      if (!Number.isNaN(estimate)) {
        sum += estimate;
        measured++;
      }
    }
    const typical = measured === 0 ? 1 : sum / measured;
    let total = 0;
    for (let index = 0; index < size; index++) if (available(index)) total += shareOf(index, typical);
    if (total === 0) return -1;
    let point = random() * total;
    let last = -1;
    for (let index = 0; index < size; index++) {
      if (!available(index)) continue;
      last = index;
      point -= shareOf(index, typical);
      if (point < 0) return index;
    }
    return last;
  };

  const check = (index: number): void => {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`no deployment ${index} in a group of ${size}`);
  };

  return {
    strategy,
    size,
    pick(available = ALL) {
      if (strategy === 'weighted') return pickWeighted(available);
      return strategy === 'least-in-flight' ? pickLeastInFlight(available) : pickByLatency(available);
    },
    started(index) {
      check(index);
      inFlight[index] = (inFlight[index] as number) + 1;
    },
    finished(index, latencyMs, ok) {
      check(index);
      inFlight[index] = Math.max(0, (inFlight[index] as number) - 1);
      if (!(latencyMs >= 0) || !Number.isFinite(latencyMs)) return;
      const at = now();
      const previous = estimates[index] as number;
      const sample = ok || Number.isNaN(previous) ? latencyMs : Math.max(latencyMs, 2 * previous);
      if (Number.isNaN(previous) || sample >= previous) estimates[index] = sample;
      else {
        const keep = 2 ** (-Math.max(0, at - (sampledAt[index] as number)) / halfLife);
        estimates[index] = keep * previous + (1 - keep) * sample;
      }
      sampledAt[index] = at;
    },
    inFlight(index) {
      check(index);
      return inFlight[index] as number;
    },
    estimate(index) {
      check(index);
      const estimate = estimates[index] as number;
      return Number.isNaN(estimate) ? undefined : estimate;
    },
  };
}
