import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testCatalog } from '../../../test/track/helpers/test-catalog.js';
import { DataError } from '../../errors.js';
import { computeTrack } from '../compute-track.js';
import { parseClaims, type ClaimsFile } from './claim-schema.js';
import { evaluateClaims } from './evaluate-claims.js';

// The hand-made catalog (test/track/helpers/test-catalog.ts): math's bench-a has a threshold lag of 184 days
// (6.05 months) and a score gap of 0; human-preference has no crossing (open never reached 1200 Elo); agentic has
// no results at all.
const catalog = testCatalog();
const mathLag = computeTrack(catalog, { domains: ['math'], methods: ['threshold'] }).domains[0]!.lagMonths!;

function check(yaml: string) {
  return evaluateClaims(catalog, parseClaims(yaml, 'claims.yaml'), 'claims.yaml');
}

describe('parseClaims', () => {
  it('reads the shipped example file', () => {
    const file = 'examples/claims/open-vs-closed.yaml';
    const claims = parseClaims(readFileSync(file, 'utf8'), file).claims;
    expect(claims.length).toBeGreaterThanOrEqual(6);
    expect(new Set(claims.map((claim) => claim.comparison.kind)).size).toBeGreaterThanOrEqual(5);
  });

  it('accepts a bare list and fills in the defaults', () => {
    const [claim] = parseClaims('- { id: a, claim: x, domains: [math], comparison: { kind: lag-at-most, months: 6 } }', 'c.yaml').claims;
    expect(claim).toMatchObject({ method: 'threshold', across: 'each', openDefinition: 'weights' });
  });

  it('names the file, the claim and the field of a mistake', () => {
    const bad = (yaml: string) => {
      try {
        parseClaims(yaml, 'claims.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(DataError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(bad('claims:\n  - { id: ok, claim: x, domains: [math], comparison: { kind: lag-at-most, months: 6 } }\n  - { id: second, claim: y, domains: [cooking], comparison: { kind: lag-at-most, months: 6 } }')).toMatch(
      /^claims\.yaml: claim 2 \(second\), domains\[0\]: /,
    );
    expect(bad('- { id: a, claim: x, domains: [math], comparison: { kind: lag-between, low: 9, high: 6 } }')).toMatch(/claim 1 \(a\), comparison\.low: low must not be above high/);
    expect(bad('- { id: a, claim: x, domains: [math], comparison: { kind: faster } }')).toMatch(/claim 1 \(a\), comparison\.kind/);
    expect(bad('claims: [')).toMatch(/^claims\.yaml: not valid YAML: line 1/);
    expect(bad('- { id: a, claim: x, domains: [math], comparison: { kind: lag-at-most, months: 6 } }\n- { id: a, claim: y, domains: [math], comparison: { kind: lag-at-most, months: 6 } }')).toMatch(/claim ids must be unique/);
    expect(bad('- { id: a, claim: x, domains: [math], comparison: { kind: lag-at-most, months: 6 }, colour: red }')).toMatch(/claim 1 \(a\)/);
  });
});

describe('evaluateClaims', () => {
  it('holds and does not hold on a measured lag, with the figure and its source', () => {
    const report = check(`
- { id: short, claim: under 7 months, domains: [math], comparison: { kind: lag-at-most, months: 7 } }
- { id: long, claim: over 9 months, domains: [math], comparison: { kind: lag-at-least, months: 9 } }
- { id: band, claim: 5 to 8 months, domains: [math], comparison: { kind: lag-between, low: 5, high: 8 } }`);
    expect(report.claims.map((claim) => claim.verdict)).toEqual(['holds', 'does-not-hold', 'holds']);
    expect(report.claims[0]!.figures[0]).toMatchObject({ domain: 'math', value: mathLag, unit: 'months', asOf: '2025-01-01', sources: ['test-evals'] });
    expect(report.claims[1]!.reason).toContain(`Math ${mathLag.toFixed(1)}`);
    expect(report.counts).toEqual({ holds: 2, doesNotHold: 1, notEnoughData: 0 });
    expect(report.sources.map((source) => source.id)).toEqual(['test-evals']);
  });

  it('says "not enough data" — never "does not hold" — for a domain it cannot measure', () => {
    const report = check(`
- { id: empty, claim: agents trail, domains: [agentic], comparison: { kind: lag-at-least, months: 1 } }
- { id: each, claim: both within a year, domains: [math, agentic], comparison: { kind: lag-at-most, months: 12 } }
- { id: each-fails, claim: both under a month, domains: [math, agentic], comparison: { kind: lag-at-most, months: 1 } }
- { id: any, claim: one under a month, domains: [math, agentic], across: any, comparison: { kind: lag-at-most, months: 1 } }
- { id: median, claim: median within a year, domains: [math, agentic], across: median, comparison: { kind: lag-at-most, months: 12 } }`);
    const verdicts = Object.fromEntries(report.claims.map((claim) => [claim.id, claim.verdict]));
    expect(verdicts).toEqual({ empty: 'not-enough-data', each: 'not-enough-data', 'each-fails': 'does-not-hold', any: 'not-enough-data', median: 'not-enough-data' });
    const empty = report.claims[0]!.figures[0]!;
    expect(empty).toMatchObject({ value: null, asOf: null, verdict: 'not-enough-data' });
    expect(empty.detail).toMatch(/no benchmark results for this domain/);
    // human-preference has results but no crossing: measured nothing either
    expect(check('- { id: arena, claim: x, domains: [human-preference], comparison: { kind: lag-at-most, months: 60 } }').claims[0]!.verdict).toBe('not-enough-data');
  });

  it('checks a lag that fell, a score gap and a trend', () => {
    const report = check(`
- { id: fell, claim: fell, domains: [math], method: daily, comparison: { kind: lag-fell, from: 2024-08-01, to: 2025-01-01, fromAtLeast: 6, toBelow: 5 } }
- { id: parity, claim: parity, domains: [math], comparison: { kind: gap-at-most, points: 1 } }
- { id: gap, claim: a gap, domains: [math], comparison: { kind: gap-at-least, points: 1 } }
- { id: trend, claim: shrinking, domains: [math], comparison: { kind: trend, direction: shrinking } }`);
    const [fell, parity, gap, trend] = report.claims;
    // daily lag 3.0 months as of 2024-08-01 (open-1 on 2024-04-01, 91 days after closed-1), 6.0 as of 2025-01-01
    expect(fell!.verdict).toBe('does-not-hold');
    expect(fell!.figures[0]!.from).toBeCloseTo(91 / (365.25 / 12), 9);
    expect(fell!.figures[0]!.detail).toContain('as of 2024-08-01');
    expect(fell!.reason).toMatch(/Math 3\.0 → 6\.0/);
    expect(parity).toMatchObject({ verdict: 'holds', figures: [{ value: 0, unit: 'points', benchmark: 'bench-a' }] });
    expect(gap!.verdict).toBe('does-not-hold');
    // one benchmark with a few months of daily lags: no trend can be estimated, so no verdict either way
    expect(trend!.verdict).toBe('not-enough-data');
  });

  it('judges a trend claim by its 95% interval and a fall by the lag at two dates, on synthetic frontiers', async () => {
    const { syntheticCatalog } = await import('../../../test/track/helpers/synthetic-frontiers.js');
    const world = (lagMonthsPerYear: number) =>
      syntheticCatalog([{ id: 'bench', worldStart: '2022-01-01', closedFrom: '2022-01-01', openFrom: '2022-01-01', until: '2025-01-01', lagMonths: 12, lagMonthsPerYear }]);
    const claims: ClaimsFile = parseClaims('- { id: t, claim: closing, domains: [reasoning-knowledge], comparison: { kind: trend, direction: shrinking } }', 'c.yaml');
    expect(evaluateClaims(world(-3), claims, 'c.yaml').claims[0]!.verdict).toBe('holds');
    expect(evaluateClaims(world(0), claims, 'c.yaml').claims[0]!.verdict).toBe('does-not-hold');
    // the 12 → 3 months world: about 8 months as of 2023-06-01, under 4 as of 2025-01-01; the flat one stays at 12
    const fell = parseClaims('- { id: f, claim: fell, domains: [reasoning-knowledge], method: daily, comparison: { kind: lag-fell, from: 2023-06-01, to: 2025-01-01, fromAtLeast: 7, toBelow: 5 } }', 'c.yaml');
    expect(evaluateClaims(world(-3), fell, 'c.yaml').claims[0]!.verdict).toBe('holds');
    expect(evaluateClaims(world(0), fell, 'c.yaml').claims[0]!.verdict).toBe('does-not-hold');
  });
});
