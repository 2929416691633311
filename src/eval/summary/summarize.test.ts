import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../records/case-result.js';
import { summarize, type TargetInfo } from './summarize.js';

function result(modelRef: string, caseId: string, pass: boolean, costUsd: number): CaseResult {
  return {
    runId: 'r', caseId, modelRef, repeat: 0, output: '', toolCalls: [], pass, score: pass ? 1 : 0, reason: '',
    graderDetails: null, inputTokens: 10, outputTokens: 20, costUsd, latencyMs: Number(caseId) * 10, cached: false, error: null,
  };
}

const targets: TargetInfo[] = [
  { ref: 'open/small', label: 'small', openWeights: true, priceSource: 'test' },
  { ref: 'closed/big', label: 'big', openWeights: false, priceSource: 'test' },
];

describe('summarize', () => {
  // 10 cases: the open model passes 1-7, the closed one 1-9; case 10 fails for both
  const results: CaseResult[] = [];
  for (let i = 1; i <= 10; i++) {
    results.push(result('open/small', String(i), i <= 7, 0.001));
    results.push(result('closed/big', String(i), i <= 9, 0.01));
  }
  const summary = summarize(targets, results, { margin: 0.05 });

  it('reports pass rate, its Wilson interval, cost per case and per passed case', () => {
    const open = summary.models[0]!;
    expect(open.passRate).toBe(0.7);
    expect(open.passRateInterval.low).toBeCloseTo(0.3968, 3);
    expect(open.passRateInterval.high).toBeCloseTo(0.8922, 3);
    expect(open.costPerCase).toBeCloseTo(0.001, 12);
    expect(open.costPerPassedCase).toBeCloseTo(0.01 / 7, 12);
    expect(open.latencyP50Ms).toBe(55);
  });

  it('compares the best open model with the best closed one, with coverage and routing cost', () => {
    expect(summary.comparisons).toHaveLength(1);
    const comparison = summary.comparisons[0]!;
    expect(comparison.candidate).toBe('open/small');
    expect(comparison.passRateDifference.difference).toBeCloseTo(-0.2, 12);
    expect(comparison.mcnemar).toMatchObject({ onlyA: 0, onlyB: 2 });
    expect(comparison.coverage).toMatchObject({ candidatePasses: 0.7, onlyReferencePasses: 0.2, bothFail: 0.1, onlyCandidatePasses: 0 });
    // oracle: 7 cases at 0.001 + 3 at 0.01 = 0.037 over 10 cases
    expect(comparison.coverage.oracleRoutingCostPerCase).toBeCloseTo(0.0037, 12);
    // cascade: 10 × 0.001 + 3 × 0.01 = 0.04 over 10
    expect(comparison.coverage.cascadeCostPerCase).toBeCloseTo(0.004, 12);
    expect(comparison.nonInferiority.verdict).not.toBe('non-inferior');
  });
});
