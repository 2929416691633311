/**
 * A cascade over a chain of models, replayed in expectation: the first model answers, a verifier accepts its
 * answer or escalates to the next model, and so on; the last model's answer is always returned.
 *
 * For one request, with g_j the probability that model j's answer passes and the verifier's assumed error rates
 * FA (accepts a failing answer) and FR (escalates a passing one):
 *
 *   reach_0 = 1
 *   model j < last:  returned and passing = reach_j · g_j · (1 − FR)
 *                    returned and failing = reach_j · (1 − g_j) · FA
 *                    reach_{j+1}          = reach_j · (g_j · FR + (1 − g_j) · (1 − FA))
 *   last model:      returned = reach_last, passing = reach_last · g_last
 *   cost = Σ_j reach_j · (cost_j + check cost for every model but the last)
 *
 * Exact expectations, no sampling: the same data and rates give the same figures, and a hand computation
 * reproduces them. The verifier's errors are assumed independent of the answer and of each other.
 */

export interface CascadeCase {
  /** Probability that each model's answer passes, in chain order. */
  good: ArrayLike<number>;
  /** Cost of each model's call, undefined when unknown. */
  cost: ReadonlyArray<number | undefined>;
}

export interface VerifierRates {
  falseAccept: number;
  falseReject: number;
  costPerCheck: number;
}

export interface CaseOutcome {
  pass: number;
  cost: number | undefined;
  /** Probability that each model's answer is the one returned. */
  answeredBy: number[];
  /** Expected model calls and verifier checks. */
  calls: number;
  checks: number;
  /** Expected failing answers accepted, passing answers escalated. */
  falseAccepts: number;
  falseRejects: number;
}

export function replayCase(item: CascadeCase, rates: VerifierRates): CaseOutcome {
  const models = item.cost.length;
  const answeredBy = new Array<number>(models).fill(0);
  let reach = 1;
  let pass = 0;
  let cost: number | undefined = 0;
  let calls = 0;
  let checks = 0;
  let falseAccepts = 0;
  let falseRejects = 0;
  for (let model = 0; model < models; model++) {
    const good = item.good[model] ?? 0;
    const callCost = item.cost[model];
    calls += reach;
    if (model === models - 1) {
      answeredBy[model] = reach;
      pass += reach * good;
      cost = cost === undefined || callCost === undefined ? undefined : cost + reach * callCost;
      break;
    }
    checks += reach;
    cost = cost === undefined || callCost === undefined ? undefined : cost + reach * (callCost + rates.costPerCheck);
    const acceptedGood = reach * good * (1 - rates.falseReject);
    const acceptedBad = reach * (1 - good) * rates.falseAccept;
    answeredBy[model] = acceptedGood + acceptedBad;
    pass += acceptedGood;
    falseAccepts += acceptedBad;
    falseRejects += reach * good * rates.falseReject;
    reach *= good * rates.falseReject + (1 - good) * (1 - rates.falseAccept);
  }
  return { pass, cost, answeredBy, calls, checks, falseAccepts, falseRejects };
}

export type CascadeSummary = {
  passRate: number;
  /** Mean cost per request, or null when some call's cost is unknown. */
  costPerRequest: number | null;
  /** Share of requests answered by each model of the chain. */
  answeredBy: number[];
  callsPerRequest: number;
  checksPerRequest: number;
  /** Share of requests returned with a failing answer the verifier accepted. */
  falseAccepted: number;
  /** Share of requests where a passing answer was escalated. */
  falseRejected: number;
};

export function summarizeCascade(outcomes: readonly CaseOutcome[]): CascadeSummary {
  const n = Math.max(1, outcomes.length);
  const mean = (pick: (outcome: CaseOutcome) => number): number => outcomes.reduce((sum, outcome) => sum + pick(outcome), 0) / n;
  const costs = outcomes.map((outcome) => outcome.cost);
  const models = outcomes[0]?.answeredBy.length ?? 0;
  return {
    passRate: mean((outcome) => outcome.pass),
    costPerRequest: costs.some((cost) => cost === undefined) ? null : (costs as number[]).reduce((sum, cost) => sum + cost, 0) / n,
    answeredBy: Array.from({ length: models }, (_, model) => mean((outcome) => outcome.answeredBy[model] ?? 0)),
    callsPerRequest: mean((outcome) => outcome.calls),
    checksPerRequest: mean((outcome) => outcome.checks),
    falseAccepted: mean((outcome) => outcome.falseAccepts),
    falseRejected: mean((outcome) => outcome.falseRejects),
  };
}
