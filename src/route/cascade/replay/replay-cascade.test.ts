import { describe, expect, it } from 'vitest';
import { compareStrategies } from './evaluate-cascade.js';
import { replayCase, summarizeCascade } from './replay-cascade.js';

// Four requests, a weak model (cost 1) and a strong one (cost 10). The weak answer passes on requests 1 and 3,
// the strong one on 1, 2 and 4. The verifier accepts a failing answer with probability 0.1 and escalates a
// passing one with probability 0.2.
const good = [
  [1, 1],
  [0, 1],
  [1, 0],
  [0, 1],
];
const costs = good.map(() => [1, 10]);
const rates = { falseAccept: 0.1, falseReject: 0.2, costPerCheck: 0 };
const outcomes = good.map((pass, index) => replayCase({ good: pass, cost: costs[index]! }, rates));

describe('cascade replay (hand-computed)', () => {
  it('per request: pass, cost and who answered', () => {
    // request 1: accepted with 0.8 (passes), escalated with 0.2 (strong passes): pass 1, cost 1 + 0.2·10 = 3
    expect(outcomes[0]).toMatchObject({ pass: 1, cost: 3, calls: 1.2, checks: 1, falseAccepts: 0 });
    expect(outcomes[0]!.answeredBy[0]).toBeCloseTo(0.8, 12);
    expect(outcomes[0]!.falseRejects).toBeCloseTo(0.2, 12);
    // request 2: a failing answer accepted with 0.1, escalated with 0.9: pass 0.9, cost 1 + 0.9·10 = 10
    expect(outcomes[1]!.pass).toBeCloseTo(0.9, 12);
    expect(outcomes[1]!.cost).toBeCloseTo(10, 12);
    expect(outcomes[1]!.falseAccepts).toBeCloseTo(0.1, 12);
    // request 3: the strong model fails here, so escalating loses: pass 0.8, cost 3
    expect(outcomes[2]!.pass).toBeCloseTo(0.8, 12);
    expect(outcomes[2]!.cost).toBeCloseTo(3, 12);
  });

  it('over the requests: pass rate 0.9, cost 6.5 (always strong: 0.75, 10)', () => {
    const summary = summarizeCascade(outcomes);
    expect(summary.passRate).toBeCloseTo(0.9, 12);
    expect(summary.costPerRequest).toBeCloseTo(6.5, 12);
    expect(summary.answeredBy[0]).toBeCloseTo(0.45, 12);
    expect(summary.answeredBy[1]).toBeCloseTo(0.55, 12);
    expect(summary.callsPerRequest).toBeCloseTo(1.55, 12);
    expect(summary.checksPerRequest).toBe(1);
    expect(summary.falseAccepted).toBeCloseTo(0.05, 12);
    expect(summary.falseRejected).toBeCloseTo(0.1, 12);
  });

  it('a check that costs money is paid on every request but at the last model', () => {
    const priced = summarizeCascade(good.map((pass, index) => replayCase({ good: pass, cost: costs[index]! }, { ...rates, costPerCheck: 0.5 })));
    expect(priced.costPerRequest).toBeCloseTo(7, 12);
  });

  it('a chain of three: the middle model is checked too', () => {
    const three = replayCase({ good: [0, 1, 1], cost: [1, 2, 10] }, { falseAccept: 0, falseReject: 0, costPerCheck: 0 });
    expect(three).toMatchObject({ pass: 1, cost: 3, calls: 2, checks: 2, answeredBy: [0, 1, 0] });
  });

  it('an unknown cost is unknown, never zero', () => {
    const outcome = replayCase({ good: [1, 1], cost: [undefined, 10] }, rates);
    expect(outcome.cost).toBeUndefined();
    expect(summarizeCascade([outcome, outcomes[0]!]).costPerRequest).toBeNull();
  });
});

describe('strategies at a target pass rate (hand-computed)', () => {
  // the router scores requests 2 and 4 lowest (the weak model fails there), so it sends them to strong first
  const compared = compareStrategies({ truth: good, costs, outcomes, scores: [0.9, 0.1, 0.8, 0.2] }, 0.75);

  it('the router reaches 0.75 by sending a quarter straight to strong: cost (4 + 9)/4 = 3.25', () => {
    const router = compared.points.find((point) => point.strategy === 'router');
    expect(router).toMatchObject({ reached: true, straightToLast: 0.25, passRate: 0.75 });
    expect(router?.costPerRequest).toBeCloseTo(3.25, 12);
    expect(router?.savings).toBeCloseTo(0.675, 12);
  });

  it('the cascade and the gated cascade (at share 0) reach it at 6.5; always strong at 10; the router is cheapest', () => {
    expect(compared.points.find((point) => point.strategy === 'cascade')).toMatchObject({ reached: true, passRate: expect.closeTo(0.9, 12), costPerRequest: expect.closeTo(6.5, 12) });
    expect(compared.points.find((point) => point.strategy === 'gated-cascade')).toMatchObject({ reached: true, straightToLast: 0, costPerRequest: expect.closeTo(6.5, 12) });
    expect(compared.points.find((point) => point.strategy === 'always-last')).toMatchObject({ reached: true, passRate: 0.75, costPerRequest: 10, savings: 0 });
    expect(compared.cheapest).toBe('router');
  });

  it('the router at the cascade’s pass rate 0.9: share 0.25 + 0.15/0.25 · 0.25 = 0.4, cost (13 + 0.6 · 9)/4 = 4.6', () => {
    expect(compared.routerAtCascade?.straightToLast).toBeCloseTo(0.4, 12);
    expect(compared.routerAtCascade?.costPerRequest).toBeCloseTo(4.6, 12);
  });

  it('0.99: the router reaches it at share 0.49 (0.75 + 0.24/0.25 of the next quarter); the cascades do not', () => {
    const high = compareStrategies({ truth: good, costs, outcomes, scores: [0.9, 0.1, 0.8, 0.2] }, 0.99);
    expect(high.points.filter((point) => point.reached).map((point) => point.strategy)).toEqual(['router']);
    expect(high.points.find((point) => point.strategy === 'router')?.straightToLast).toBeCloseTo(0.49, 12);
    // the gated cascade's best point: requests 2 and 4 straight to strong, 0.95
    expect(high.points.find((point) => point.strategy === 'gated-cascade')).toMatchObject({ reached: false, straightToLast: 0.5, passRate: expect.closeTo(0.95, 12) });
  });

  it('with a router that orders badly, no strategy reaches 0.99, and the report says so', () => {
    const none = compareStrategies({ truth: good, costs, outcomes, scores: [0.1, 0.9, 0.2, 0.8] }, 0.99);
    expect(none.points.filter((point) => point.reached)).toEqual([]);
    expect(none.cheapest).toBeNull();
    expect(none.notes).toContain('no strategy reaches the target pass rate 0.990');
    expect(none.points.find((point) => point.strategy === 'router')).toMatchObject({ reached: false, passRate: 0.75 });
  });

  it('without a router only the cascade and always-last are compared', () => {
    const alone = compareStrategies({ truth: good, costs, outcomes, scores: undefined }, 0.75);
    expect(alone.points.map((point) => point.strategy)).toEqual(['cascade', 'always-last']);
    expect(alone.cheapest).toBe('cascade');
    expect(alone.routerAtCascade).toBeNull();
  });
});
