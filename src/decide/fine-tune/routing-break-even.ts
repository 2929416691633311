/**
 * Fine-tune or route? An eval run says which share of cases only the frontier model passes (s). Routing sends
 * that share to the frontier model for as long as the workload runs. Fine-tuning costs C once and again every K
 * months (re-tuning as the data and the models move), after which the tuned model passes an ASSUMED share q of
 * those cases — a figure parity cannot know before the fine-tune is run, so it is an input and the result is
 * shown for several values. Cases the tuned model still fails keep going to the frontier model, so both plans
 * serve the same quality and only cost differs:
 *
 *   routing      = open model for (1 − s) of requests + frontier model for s
 *   fine-tuned   = tuned model for (1 − (1 − q)·s)    + frontier model for (1 − q)·s
 *   saving Δ     = routing − fine-tuned, per month
 *   net after m months = Δ·m − C·⌈m / K⌉   (payments at months 0, K, 2K, …)
 *
 * Break-even: the month the net first reaches 0 (C / Δ, if that comes before the first re-tune); ahead for
 * good: the month after which it never falls below 0 again (needs Δ·K > C).
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { apiMonthlyCost, apiPriceSchema, type ApiPrice } from '../cost/api-cost.js';
import type { Workload } from '../cost/workload.js';
import { describeServing, servingMonthlyCost, type ServingOption } from './serving.js';

export const RECOVERY_GRID = [0.25, 0.5, 0.75, 1] as const;
export const HORIZONS_MONTHS = [6, 12, 24] as const;

const monthsOrNever = z.object({ months: z.number().nonnegative().nullable(), reason: z.string().nullable() });

export const recoveryRowSchema = z.object({
  recovery: z.number().min(0).max(1),
  /** Open pass rate + recovery × frontier-only share, when the open pass rate is known. */
  impliedPassRate: z.number().nullable(),
  monthlySaving: z.number(),
  breakEven: monthsOrNever,
  aheadForGood: monthsOrNever,
  net: z.array(z.object({ months: z.number(), net: z.number() })),
});
export type RecoveryRow = z.infer<typeof recoveryRowSchema>;

export const routingBreakEvenSchema = z.object({
  evalRun: z.object({ runId: z.string(), pairedCases: z.number(), frontierOnlyShare: z.number(), openPassRate: z.number().nullable(), frontierPassRate: z.number().nullable() }),
  frontier: apiPriceSchema,
  open: z.string(),
  tuned: z.string(),
  routing: z.object({ frontierShare: z.number(), openMonthly: z.number(), frontierMonthly: z.number(), monthlyCost: z.number() }),
  fineTuned: z.object({ frontierShare: z.number(), tunedMonthly: z.number(), frontierMonthly: z.number(), monthlyCost: z.number() }),
  oneTimeCost: z.number().nonnegative(),
  oneTimeBasis: z.string(),
  retuneEveryMonths: z.number().positive().nullable(),
  /** The assumed share of frontier-only cases the tuned model passes, and the rows around it. */
  recovery: z.number().min(0).max(1),
  headline: recoveryRowSchema,
  sensitivity: z.array(recoveryRowSchema),
  assumptions: z.array(z.string()),
});
export type RoutingBreakEven = z.infer<typeof routingBreakEvenSchema>;

export interface RoutingBreakEvenInput {
  evalRun: RoutingBreakEven['evalRun'];
  workload: Workload;
  daysPerMonth: number;
  frontier: ApiPrice;
  open: ServingOption;
  tuned: ServingOption;
  oneTimeCost: number;
  oneTimeBasis: string;
  retuneEveryMonths: number | null;
  recovery: number;
  /** Caveats the caller knows of (e.g. the eval run compared another open model). */
  notes?: readonly string[];
}

/** Net saving after `months`, with payments at months 0, K, 2K, … */
export function netAfter(monthlySaving: number, oneTimeCost: number, retuneEveryMonths: number | null, months: number): number {
  const payments = retuneEveryMonths === null ? 1 : Math.max(1, Math.ceil(months / retuneEveryMonths - 1e-9));
  return monthlySaving * months - oneTimeCost * payments;
}

function breakEvenMonths(saving: number, cost: number, every: number | null): { breakEven: z.infer<typeof monthsOrNever>; aheadForGood: z.infer<typeof monthsOrNever> } {
  if (cost <= 0) return { breakEven: { months: 0, reason: null }, aheadForGood: { months: 0, reason: null } };
  if (!(saving > 0)) {
    const never = { months: null, reason: 'fine-tuning saves nothing per month at this recovery' };
    return { breakEven: never, aheadForGood: never };
  }
  const first = cost / saving;
  if (every === null) return { breakEven: { months: first, reason: null }, aheadForGood: { months: first, reason: null } };
  const breakEven = first <= every ? { months: first, reason: null } : { months: null, reason: `${every} months of savings do not pay for one tuning` };
  const perCycle = saving * every - cost;
  if (!(perCycle > 0)) return { breakEven, aheadForGood: { months: null, reason: `re-tuning every ${every} months costs at least what it saves` } };
  const cycle = Math.ceil(cost / perCycle - 1e-9);
  return { breakEven, aheadForGood: { months: (cycle * cost) / saving, reason: null } };
}

export function routingBreakEven(input: RoutingBreakEvenInput): RoutingBreakEven {
  const { workload, daysPerMonth: days, evalRun } = input;
  const share = evalRun.frontierOnlyShare;
  if (!(share >= 0 && share <= 1)) throw new ValidationError(`the eval run's frontier-only share must be in [0, 1], got ${share}`, 'evalRun');
  if (!(input.recovery >= 0 && input.recovery <= 1)) throw new ValidationError('--recovery: expected a share in [0, 1]', '--recovery');
  if (input.retuneEveryMonths !== null && !(input.retuneEveryMonths > 0)) throw new ValidationError('--retune-months: expected a positive number', '--retune-months');
  const total = workload.requestsPerDay;
  const frontierAt = (requests: number): number => (requests <= 0 ? 0 : apiMonthlyCost({ ...workload, requestsPerDay: requests }, input.frontier, days).monthlyCost);
  const routing = {
    frontierShare: share,
    openMonthly: servingMonthlyCost(input.open, workload, total * (1 - share), days),
    frontierMonthly: frontierAt(total * share),
    monthlyCost: 0,
  };
  routing.monthlyCost = routing.openMonthly + routing.frontierMonthly;
  const tunedAt = (recovery: number): RoutingBreakEven['fineTuned'] => {
    const residual = (1 - recovery) * share;
    const tunedMonthly = servingMonthlyCost(input.tuned, workload, total * (1 - residual), days);
    const frontierMonthly = frontierAt(total * residual);
    return { frontierShare: residual, tunedMonthly, frontierMonthly, monthlyCost: tunedMonthly + frontierMonthly };
  };
  const row = (recovery: number): RecoveryRow => {
    const saving = routing.monthlyCost - tunedAt(recovery).monthlyCost;
    return {
      recovery,
      impliedPassRate: evalRun.openPassRate === null ? null : evalRun.openPassRate + recovery * share,
      monthlySaving: saving,
      ...breakEvenMonths(saving, input.oneTimeCost, input.retuneEveryMonths),
      net: HORIZONS_MONTHS.map((months) => ({ months, net: netAfter(saving, input.oneTimeCost, input.retuneEveryMonths, months) })),
    };
  };
  const grid = [...new Set([...RECOVERY_GRID, input.recovery])].sort((left, right) => left - right);
  const assumptions = [
    `ASSUMED: after tuning, the model passes ${Math.round(input.recovery * 100)}% of the ${(share * 100).toFixed(1)}% of cases only the frontier model passed in eval run ${evalRun.runId} (parity cannot know this before the fine-tune is run and evaluated; the table shows other values)`,
    'Cases the tuned model still fails keep going to the frontier model, so both plans serve the same quality; routing is taken as perfect (the frontier-only cases are known), which favours routing.',
    input.retuneEveryMonths === null ? 'Tuned once, never re-tuned.' : `Re-tuned every ${input.retuneEveryMonths} months at the same one-time cost.`,
  ];
  assumptions.push(...(input.notes ?? []));
  if (input.tuned.kind === 'shared-adapter') assumptions.push('The adapter is billed for its share of a shared base deployment; its throughput overhead is not modelled.');
  return {
    evalRun,
    frontier: input.frontier,
    open: `${describeServing(input.open)} — ${input.open.basis}`,
    tuned: `${describeServing(input.tuned)} — ${input.tuned.basis}`,
    routing,
    fineTuned: tunedAt(input.recovery),
    oneTimeCost: input.oneTimeCost,
    oneTimeBasis: input.oneTimeBasis,
    retuneEveryMonths: input.retuneEveryMonths,
    recovery: input.recovery,
    headline: row(input.recovery),
    sensitivity: grid.map(row),
    assumptions,
  };
}
