/**
 * The decision rule. In order: a licence that does not allow the use keeps the frontier model; an open model
 * that is non-inferior on the suite replaces it; otherwise a route evaluation splits the traffic at the chosen
 * operating point; without one, an inconclusive comparison asks for more cases and an inferior one keeps the
 * frontier model. A change that does not save money at the given volume is not recommended.
 */
import type { Verdict } from '../license/check-license.js';
import type { MemoQuality } from './memo.js';
import type { AdviseAction } from './memo.js';

export const DECISION_RULE =
  'licence not allowed → keep the frontier model; open model non-inferior on the suite → switch; otherwise, with a route ' +
  'evaluation → route at the operating point; without one → collect more cases (inconclusive, not enough cases) or keep ' +
  'the frontier model (inferior); a change that costs more than today is not recommended';

export interface Tentative {
  action: AdviseAction;
  frontierShare: number;
  reasons: string[];
}

/** The action before costs are known. */
export function tentativeAction(verdict: MemoQuality['verdict'], license: Verdict, routedShare: number | null): Tentative {
  if (license === 'not-allowed') {
    return { action: 'keep-frontier', frontierShare: 1, reasons: ["the open model's licence does not allow this use (see Licence)"] };
  }
  if (verdict === 'non-inferior') {
    return { action: 'switch', frontierShare: 0, reasons: ['the open model is non-inferior to the frontier model on this suite'] };
  }
  const why = verdict === 'inferior' ? 'the open model alone is worse than the frontier model by more than the margin' : 'the eval cannot tell whether the open model alone is within the margin';
  if (routedShare !== null && routedShare >= 1) {
    return { action: 'keep-frontier', frontierShare: 1, reasons: [`${why}; at the chosen operating point the router sends every request to the frontier model`] };
  }
  if (routedShare !== null) {
    return { action: 'route', frontierShare: routedShare, reasons: [`${why}; a learned router sends the prompts it needs to the frontier model`] };
  }
  return verdict !== 'inferior'
    ? { action: 'collect-more-data', frontierShare: 1, reasons: [`${why}; more cases would settle it (or give a route evaluation to price a split)`] }
    : { action: 'keep-frontier', frontierShare: 1, reasons: [`${why}; give a route evaluation (--route) to price a split`] };
}

/** The final action once the tentative one is priced: a change must save money against all-frontier. */
export function finalAction(tentative: Tentative, change: number | null): Tentative {
  if (tentative.frontierShare >= 1 || change === null || change < 0) return tentative;
  return {
    action: 'keep-frontier',
    frontierShare: 1,
    reasons: [...tentative.reasons, `but at this volume it would cost more than today (+$${change.toFixed(2)}/month), so the frontier model stays`],
  };
}
