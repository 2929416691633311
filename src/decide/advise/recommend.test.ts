import { describe, expect, it } from 'vitest';
import { finalAction, tentativeAction } from './recommend.js';

describe('the decision rule', () => {
  it('a licence that does not allow the use keeps the frontier model whatever the eval says', () => {
    expect(tentativeAction('non-inferior', 'not-allowed', 0.3)).toMatchObject({ action: 'keep-frontier', frontierShare: 1 });
  });

  it('non-inferior switches; inferior or inconclusive routes when a route evaluation is given', () => {
    expect(tentativeAction('non-inferior', 'allowed', 0.3)).toMatchObject({ action: 'switch', frontierShare: 0 });
    expect(tentativeAction('inferior', 'conditions', 0.3)).toMatchObject({ action: 'route', frontierShare: 0.3 });
    expect(tentativeAction('inconclusive', 'allowed', 0.4)).toMatchObject({ action: 'route', frontierShare: 0.4 });
    expect(tentativeAction('inferior', 'allowed', 1)).toMatchObject({ action: 'keep-frontier', frontierShare: 1 });
  });

  it('without a route evaluation: more data when inconclusive, frontier when inferior', () => {
    expect(tentativeAction('inconclusive', 'allowed', null)).toMatchObject({ action: 'collect-more-data', frontierShare: 1 });
    expect(tentativeAction('inferior', 'allowed', null)).toMatchObject({ action: 'keep-frontier', frontierShare: 1 });
  });

  it('a change that costs more than today is not recommended', () => {
    const route = tentativeAction('inferior', 'allowed', 0.3);
    expect(finalAction(route, -100)).toBe(route);
    const kept = finalAction(route, 250);
    expect(kept).toMatchObject({ action: 'keep-frontier', frontierShare: 1 });
    expect(kept.reasons.at(-1)).toContain('+$250.00/month');
  });
});
