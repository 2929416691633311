import { describe, expect, it } from 'vitest';
import { mcnemar, nonInferiority, pairedBootstrap, pairedCounts, pairedDifferenceCases, tangoInterval, tangoScore, twoSidedZ, wilsonInterval } from './index.js';

const names = { candidate: 'open', reference: 'closed' };

describe('wilsonInterval', () => {
  it('matches the hand-computed interval for 8/10', () => {
    // p = .8, z = 1.96: centre = (.8 + 3.8415/20) / (1 + .38415) = .99207/1.38415 = .71674
    // half = 1.96 * sqrt(.016 + 3.8415/400) / 1.38415 = 1.96 * .16006 / 1.38415 = .22665
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 3);
    expect(high).toBeCloseTo(0.9433, 3);
  });
  it('stays inside [0, 1] at the extremes, and gives no interval without trials', () => {
    expect(wilsonInterval(0, 5).low).toBe(0);
    expect(wilsonInterval(5, 5).high).toBe(1);
    expect(wilsonInterval(5, 5).low).toBeGreaterThan(0.5);
    expect(wilsonInterval(0, 0)).toEqual({ low: null, high: null });
  });
});

describe('McNemar (asymptotic) and Tango’s interval', () => {
  // airway hyper-responsiveness before/after transplantation (Bentur et al. 2009), the worked example of
  // Fagerland, Lydersen & Laake: 1 both, 1 only before, 7 only after, 12 neither
  const bentur = { bothPass: 1, onlyA: 1, onlyB: 7, bothFail: 12 };

  it('gives McNemar’s z = (b − c)/√(b + c) and its two-sided p', () => {
    const result = mcnemar(bentur);
    expect(result.statistic).toBeCloseTo(-6 / Math.sqrt(8), 12);
    expect(result.pValue).toBeCloseTo(0.0339, 4);
    expect(mcnemar({ bothPass: 0, onlyA: 1, onlyB: 1, bothFail: 0 }).pValue).toBeCloseTo(1, 12);
    expect(mcnemar({ bothPass: 3, onlyA: 0, onlyB: 0, bothFail: 0 })).toMatchObject({ statistic: null, pValue: 1 });
  });

  it('bounds the difference where Tango’s score statistic is ±z, around (b − c)/n', () => {
    const interval = tangoInterval(bentur)!;
    expect(interval.low).toBeCloseTo(-0.5172, 4);
    expect(interval.high).toBeCloseTo(-0.026, 4);
    expect(tangoScore(bentur, interval.low)).toBeCloseTo(twoSidedZ(0.05), 8);
    expect(tangoScore(bentur, interval.high)).toBeCloseTo(-twoSidedZ(0.05), 8);
    // at Δ₀ = 0 the score statistic is McNemar's
    expect(tangoScore(bentur, 0)).toBeCloseTo(mcnemar(bentur).statistic!, 12);
    expect(tangoInterval({ bothPass: 0, onlyA: 0, onlyB: 0, bothFail: 0 })).toBeNull();
  });

  it('stays honest at 0% and 100% and with no discordant case (never 0..0)', () => {
    const agree = tangoInterval({ bothPass: 3, onlyA: 0, onlyB: 0, bothFail: 0 })!;
    expect(agree.low).toBeCloseTo(-0.5615, 4);
    expect(agree.high).toBeCloseTo(0.5615, 4);
    const allReference = tangoInterval({ bothPass: 0, onlyA: 0, onlyB: 3, bothFail: 0 })!;
    expect(allReference.low).toBe(-1);
    expect(allReference.high).toBeGreaterThan(-1);
    const allCandidate = tangoInterval({ bothPass: 0, onlyA: 5, onlyB: 0, bothFail: 0 })!;
    expect(allCandidate.high).toBe(1);
  });

  it('counts paired outcomes', () => {
    expect(pairedCounts([true, true, false, false], [true, false, true, false])).toEqual({ bothPass: 1, onlyA: 1, onlyB: 1, bothFail: 1 });
  });
});

describe('cases needed for a verdict', () => {
  it('tends to z²(1 − δ)/δ with no disagreement: 72.99, so 73 or 74 at δ = 5 pt', () => {
    const needed = pairedDifferenceCases({ counts: { bothPass: 1_000_000, onlyA: 0, onlyB: 0, bothFail: 0 }, margin: 0.05, alpha: 0.05 });
    expect(needed).toBeGreaterThanOrEqual(73);
    expect(needed).toBeLessThanOrEqual(74);
  });
  it('grows with the discordance a run shows and shrinks with a wider margin', () => {
    const few = pairedDifferenceCases({ counts: { bothPass: 80, onlyA: 10, onlyB: 10, bothFail: 0 }, margin: 0.05, alpha: 0.05 });
    const many = pairedDifferenceCases({ counts: { bothPass: 60, onlyA: 20, onlyB: 20, bothFail: 0 }, margin: 0.05, alpha: 0.05 });
    const wide = pairedDifferenceCases({ counts: { bothPass: 60, onlyA: 20, onlyB: 20, bothFail: 0 }, margin: 0.1, alpha: 0.05 });
    expect(many).toBeGreaterThan(few);
    expect(wide).toBeLessThan(many);
    expect(pairedDifferenceCases({ counts: { bothPass: 3, onlyA: 0, onlyB: 0, bothFail: 0 }, margin: 0, alpha: 0.05 })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('nonInferiority', () => {
  it('says "not enough cases" for a 3-case suite both models pass, with the cases a verdict would need', () => {
    const verdict = nonInferiority({ bothPass: 3, onlyA: 0, onlyB: 0, bothFail: 0 }, { margin: 0.05, names });
    expect(verdict.verdict).toBe('not-enough-cases');
    expect(verdict.casesNeeded).toBeGreaterThan(100);
    expect(verdict.statement).toMatch(/^not enough cases to tell whether open is within 5\.0 pt of closed \(n = 3; about [\d,]+ needed for δ = 5\.0 pt\)$/);
  });

  it('is not "inferior" for 3 cases only the reference passes (McNemar p ≥ 0.05)', () => {
    const counts = { bothPass: 0, onlyA: 0, onlyB: 3, bothFail: 0 };
    expect(mcnemar(counts).pValue).toBeGreaterThan(0.05);
    expect(nonInferiority(counts, { margin: 0.05, names }).verdict).toBe('not-enough-cases');
  });

  it('gives non-inferior, inferior and inconclusive from the interval against −δ on enough cases', () => {
    expect(nonInferiority({ bothPass: 400, onlyA: 5, onlyB: 6, bothFail: 89 }, { margin: 0.05, names }).verdict).toBe('non-inferior');
    const inferior = nonInferiority({ bothPass: 100, onlyA: 2, onlyB: 40, bothFail: 58 }, { margin: 0.05, names });
    expect(inferior.verdict).toBe('inferior');
    expect(inferior.interval.high).toBeLessThan(-0.05);
    expect(inferior.statement).toMatch(/more than 5\.0 pt below closed/);
    const unclear = nonInferiority({ bothPass: 1500, onlyA: 100, onlyB: 190, bothFail: 210 }, { margin: 0.05, names });
    expect(unclear.verdict).toBe('inconclusive');
    expect(unclear.interval.low).toBeLessThanOrEqual(-0.05);
    expect(unclear.interval.high).toBeGreaterThanOrEqual(-0.05);
  });

  it('reads the interval at the suite’s α', () => {
    const counts = { bothPass: 150, onlyA: 5, onlyB: 9, bothFail: 36 };
    const loose = nonInferiority(counts, { margin: 0.05, alpha: 0.2, names });
    const strict = nonInferiority(counts, { margin: 0.05, alpha: 0.01, names });
    expect(strict.interval.low!).toBeLessThan(loose.interval.low!);
    expect(loose.statement).toMatch(/80% CI/);
  });
});

describe('pairedBootstrap', () => {
  it('is deterministic for a seed and brackets the observed difference', () => {
    const a = Array.from({ length: 200 }, (_, i) => (i % 10 < 8 ? 1 : 0));
    const b = Array.from({ length: 200 }, (_, i) => (i % 10 < 9 ? 1 : 0));
    const first = pairedBootstrap(a, b, { seed: 7 });
    const second = pairedBootstrap(a, b, { seed: 7 });
    expect(first).toEqual(second);
    expect(first.difference).toBeCloseTo(-0.1, 10);
    expect(first.interval.low!).toBeLessThan(-0.1);
    expect(first.interval.high!).toBeGreaterThan(-0.1);
    expect(pairedBootstrap([], [])).toMatchObject({ difference: null, interval: { low: null, high: null } });
  });
});
