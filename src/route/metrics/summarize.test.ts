import { describe, expect, it } from 'vitest';
import { summarizeFolds, type FoldMetrics } from './summarize.js';

const fold = (cpt80: number, savingsAtCpt80: number | null): FoldMetrics => ({
  apgr: Number.isNaN(cpt80) ? Number.NaN : 0.6,
  cpt50: cpt80 / 2,
  cpt80,
  savingsAtCpt50: savingsAtCpt80,
  savingsAtCpt80,
  curve: [],
});

describe('summarizeFolds: savings at the CPT points', () => {
  it('averages over the folds whose CPT is defined, as the CPT means do', () => {
    const summary = summarizeFolds([fold(0.5, 0.2), fold(Number.NaN, null), fold(0.7, 0.4)]);
    expect(summary.cpt80).toBeCloseTo(0.6, 12);
    expect(summary.savingsAtCpt80).toBeCloseTo(0.3, 12);
    expect(summary.savingsAtCpt50).toBeCloseTo(0.3, 12);
  });

  it('is unknown when a fold with a defined CPT has no cost', () => {
    expect(summarizeFolds([fold(0.5, 0.2), fold(0.7, null)]).savingsAtCpt80).toBeNull();
    expect(summarizeFolds([fold(Number.NaN, null)]).savingsAtCpt80).toBeNull();
  });
});
