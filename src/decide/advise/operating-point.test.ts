import { describe, expect, it } from 'vitest';
import type { RouteReportEvidence } from './evidence.js';
import { operatingPoint, parseOperatingPoint } from './operating-point.js';

const curve = [0, 0.25, 0.5, 0.75, 1].map((share) => ({ frontierShare: share, quality: 0.5 + 0.4 * share, pgr: share, costSavings: 1 - share }));
const method = { apgr: 0.5, apgrInterval: [0.4, 0.6] as [number, number], cpt50: 0.5, cpt50Interval: [0.4, 0.6] as [number, number], cpt80: 0.8, cpt80Interval: [0.6, 1.1] as [number, number], savingsAtCpt50: 0.45, savingsAtCpt80: 0.15, curve };
const report = { router: { ...method, model: 'logistic' } } as unknown as RouteReportEvidence;

describe('operatingPoint', () => {
  it('takes CPT points and their savings as the route evaluation reports them, the interval clipped to 0–1', () => {
    const point = operatingPoint(report, 'cpt80');
    expect(point).toMatchObject({ kind: 'cpt80', frontierShare: 0.8, pgr: 0.8, costSavings: 0.15, frontierShareInterval: [0.6, 1] });
    expect(point.quality).toBeCloseTo(0.82, 12);
    expect(operatingPoint(report, 'cpt50')).toMatchObject({ frontierShare: 0.5, costSavings: 0.45, frontierShareInterval: [0.4, 0.6] });
  });

  it('reads a fixed share off the curve, linearly between grid points', () => {
    const point = operatingPoint(report, 0.3);
    expect(point.pgr).toBeCloseTo(0.3, 12);
    expect(point.costSavings).toBeCloseTo(0.7, 12);
    expect(point.frontierShareInterval).toBeNull();
    expect(operatingPoint(report, 1).pgr).toBe(1);
  });

  it('refuses a CPT the evaluation does not have', () => {
    const missing = { router: { ...method, cpt80: null, model: 'logistic' } } as unknown as RouteReportEvidence;
    expect(() => operatingPoint(missing, 'cpt80')).toThrow(/no CPT80/);
  });
});

describe('parseOperatingPoint', () => {
  it('accepts cpt50, cpt80, shares and percentages', () => {
    expect(parseOperatingPoint('CPT50')).toBe('cpt50');
    expect(parseOperatingPoint('0.25')).toBe(0.25);
    expect(parseOperatingPoint('30%')).toBeCloseTo(0.3, 12);
    for (const bad of ['', '1.5', '-0.1', 'cpt90', 'abc']) expect(() => parseOperatingPoint(bad)).toThrow(/--operating-point/);
  });
});
