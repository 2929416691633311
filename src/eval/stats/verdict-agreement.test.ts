/**
 * Property: over random paired outcomes, margins and levels, the verdict, the interval and the test never
 * contradict each other. Bounded: a fixed number of runs that takes well under a second here (and far less than
 * the 10 s allowed in CI); a failure prints the counts that broke it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mcnemar, nonInferiority, pairedDifferenceCases, tangoScore, twoSidedZ, type PairedCounts } from './index.js';

/** Small tables (where small-n mistakes live) and large ones, skewed either way. */
const countsArbitrary: fc.Arbitrary<PairedCounts> = fc.oneof(
  fc.record({ bothPass: fc.nat(12), onlyA: fc.nat(6), onlyB: fc.nat(6), bothFail: fc.nat(12) }),
  fc.record({ bothPass: fc.nat(3000), onlyA: fc.nat(300), onlyB: fc.nat(300), bothFail: fc.nat(3000) }),
  fc.record({ bothPass: fc.nat(200), onlyA: fc.nat(3), onlyB: fc.nat(80), bothFail: fc.nat(100) }),
);
const marginArbitrary = fc.constantFrom(0, 0.01, 0.02, 0.05, 0.1, 0.2);
const alphaArbitrary = fc.constantFrom(0.01, 0.05, 0.1);

const total = (counts: PairedCounts) => counts.bothPass + counts.onlyA + counts.onlyB + counts.bothFail;
const EPSILON = 1e-9;

describe('verdict, interval and test agree', () => {
  it('never contradict each other on random paired outcomes', () => {
    fc.assert(
      fc.property(countsArbitrary, marginArbitrary, alphaArbitrary, (counts, margin, alpha) => {
        const n = total(counts);
        const result = nonInferiority(counts, { margin, alpha, names: { candidate: 'a', reference: 'b' } });
        const test = mcnemar(counts);
        const { low, high } = result.interval;
        if (n === 0) {
          expect(result.verdict).toBe('not-enough-cases');
          expect(low).toBeNull();
          return;
        }
        const difference = (counts.onlyA - counts.onlyB) / n;
        // the interval holds the observed difference and stays within [−1, 1]
        expect(result.difference).toBeCloseTo(difference, 12);
        expect(low!).toBeLessThanOrEqual(difference + EPSILON);
        expect(high!).toBeGreaterThanOrEqual(difference - EPSILON);
        expect(low!).toBeGreaterThanOrEqual(-1);
        expect(high!).toBeLessThanOrEqual(1);
        // the interval excludes 0 exactly when McNemar's test rejects at α (off the knife-edge |z| = z_α)
        const z = twoSidedZ(alpha);
        const atZero = tangoScore(counts, 0);
        if (Math.abs(Math.abs(atZero) - z) > 1e-6) {
          const excludesZero = low! > 0 || high! < 0;
          expect(excludesZero, `CI ${low}..${high}, McNemar p ${test.pValue}`).toBe(test.pValue! < alpha);
        }
        // each verdict says what its interval shows, and the test never says otherwise
        switch (result.verdict) {
          case 'non-inferior':
            expect(low!).toBeGreaterThan(-margin);
            expect(result.statement).toContain('is within');
            break;
          case 'inferior':
            expect(high!).toBeLessThan(-margin);
            expect(test.onlyB).toBeGreaterThan(test.onlyA);
            if (Math.abs(Math.abs(atZero) - z) > 1e-6) expect(test.pValue!).toBeLessThan(alpha);
            expect(result.statement).toContain('below');
            break;
          case 'inconclusive':
            expect(low!).toBeLessThanOrEqual(-margin);
            expect(high!).toBeGreaterThanOrEqual(-margin);
            expect(n).toBeGreaterThanOrEqual(result.casesNeeded!);
            break;
          case 'not-enough-cases':
            expect(low!).toBeLessThanOrEqual(-margin);
            expect(high!).toBeGreaterThanOrEqual(-margin);
            expect(n).toBeLessThan(result.casesNeeded!);
            expect(result.casesNeeded).toBe(pairedDifferenceCases({ counts, margin, alpha }));
            expect(result.statement).toContain(`n = ${n}`);
            break;
          case 'no-verdict':
            throw new Error('a finished comparison is never withheld');
        }
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  }, 10_000);
});
