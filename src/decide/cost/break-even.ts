/**
 * The volume (requests per day) from which self-hosting is cheaper than an API and stays cheaper.
 *
 * API cost is linear in volume V: api(V) = a·V, with a = $ per request × days per month.
 * Self-hosting, with k replicas per request/day and c dollars per replica-month:
 *   always-on:     self(V) = max(1, ceil(k·V))·c + ops   (a step function)
 *   scale-to-zero: self(V) = k·V·c + ops                 (linear, k sized on the average load)
 * Because of the steps, always-on can be cheaper for a while and then dearer again just past a step;
 * the break-even reported here is the smallest V such that self(V') ≤ api(V') for every V' ≥ V.
 */
import { ceilTolerant } from './self-host.js';

export const BREAK_EVEN_KINDS = ['at-volume', 'always', 'never'] as const;
export type BreakEvenKind = (typeof BREAK_EVEN_KINDS)[number];

export interface BreakEven {
  kind: BreakEvenKind;
  /** Requests per day from which self-hosting stays cheaper; 0 for `always`, null for `never`. */
  requestsPerDay: number | null;
  /** The same volume as (input + output) tokens per month. */
  tokensPerMonth: number | null;
  explanation: string;
}

export interface BreakEvenInput {
  /** API dollars per month per request/day of volume. */
  apiPerRequestDay: number;
  replicasPerRequestDay: number;
  replicaMonthlyCost: number;
  opsPerMonth: number;
  scaling: 'always-on' | 'scale-to-zero';
  tokensPerRequest: number;
  daysPerMonth: number;
}

function result(kind: BreakEvenKind, requestsPerDay: number | null, input: BreakEvenInput, explanation: string): BreakEven {
  return {
    kind,
    requestsPerDay,
    tokensPerMonth: requestsPerDay === null ? null : requestsPerDay * input.tokensPerRequest * input.daysPerMonth,
    explanation,
  };
}

export function breakEven(input: BreakEvenInput): BreakEven {
  const a = input.apiPerRequestDay;
  const k = input.replicasPerRequestDay;
  const c = input.replicaMonthlyCost;
  const ops = input.opsPerMonth;
  if (a <= 0) return result('never', null, input, 'the API costs nothing for this workload');

  if (input.scaling === 'scale-to-zero') {
    const marginalSelf = k * c; // $/month per request/day
    if (a <= marginalSelf) {
      return result('never', null, input, 'the API is cheaper per request than the GPUs even at the target utilization');
    }
    if (ops === 0) return result('always', 0, input, 'with no fixed overhead, scale-to-zero self-hosting is cheaper at any volume');
    return result('at-volume', ops / (a - marginalSelf), input, 'fixed overhead ÷ (API − GPU cost per request/day)');
  }

  if (k === 0) {
    // No demand on the capacity unit (e.g. zero output tokens): one replica serves any volume.
    return result('at-volume', (c + ops) / a, input, 'one replica serves any volume: (replica + overhead) ÷ API cost per request/day');
  }
  const apiPerReplica = a / k; // API dollars per month for the volume one replica serves
  if (apiPerReplica <= c) {
    return result('never', null, input, 'the API is cheaper than a fully used replica at the target utilization');
  }
  // Smallest step n that is cheaper over its whole range ((n−1)/k, n/k]: a·(n−1)/k ≥ n·c + ops.
  const fullSteps = ceilTolerant((ops + apiPerReplica) / (apiPerReplica - c));
  if (fullSteps <= 1) return result('always', 0, input, 'self-hosting is cheaper at any volume');
  const m = fullSteps - 1;
  const crossing = (m * c + ops) / a;
  const volume = crossing <= m / k ? crossing : m / k;
  return result(
    'at-volume',
    volume,
    input,
    `from ${m} replica(s) on, (replicas × replica cost + overhead) stays below the API cost`,
  );
}
