import { describe, expect, it } from 'vitest';
import { reEvaluation } from './re-evaluate.js';

const lag = (domain: string, lagMonths: number | null, extra: { slopeInterval?: [number, number]; projectionDate?: string } = {}) => ({
  domain,
  lagMonths,
  slopeInterval: extra.slopeInterval ?? null,
  projectionDate: extra.projectionDate ?? null,
});

describe('reEvaluation', () => {
  it('waits for the largest lag among the covered domains', () => {
    const result = reEvaluation([lag('Coding', 4.5), lag('Math', 7)], false, '2026-01-01');
    expect(result.inMonths).toBe(7);
    // months are average months (365.25 / 12 days), the tracker's unit: 7 × 30.44 ≈ 213 days
    expect(result.date).toBe('2026-08-02');
    expect(result.basis).toContain('Math, 7.0 months');
  });

  it('clamps to 3–12 months', () => {
    expect(reEvaluation([lag('Coding', 0.5)], false, '2026-01-01').inMonths).toBe(3);
    expect(reEvaluation([lag('Coding', 30)], false, '2026-01-01').inMonths).toBe(12);
  });

  it('comes sooner when a shrinking trend projects zero lag earlier', () => {
    const result = reEvaluation([lag('Coding', 10, { slopeInterval: [-3, -1], projectionDate: '2026-06-01' })], false, '2026-01-01');
    expect(result.date).toBe('2026-06-01');
    expect(result.basis).toContain('projected to reach zero around 2026-06-01');
  });

  it('re-checks a matching open model in 6 months, 3 if a lag is growing, and uses 6 without data', () => {
    expect(reEvaluation([lag('Coding', 4)], true, '2026-01-01').inMonths).toBe(6);
    expect(reEvaluation([lag('Coding', 4, { slopeInterval: [0.1, 2] })], true, '2026-01-01').inMonths).toBe(3);
    expect(reEvaluation([lag('Coding', null)], false, '2026-01-01')).toMatchObject({ inMonths: 6, basis: 'no lag data for the covered domains' });
  });
});
