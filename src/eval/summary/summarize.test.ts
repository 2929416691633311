import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../records/case-result.js';
import { summarize, type TargetInfo } from './summarize.js';

function result(modelRef: string, caseId: string, pass: boolean, costUsd: number): CaseResult {
  return {
    runId: 'r', caseId, modelRef, repeat: 0, output: '', toolCalls: [], pass, score: pass ? 1 : 0, reason: '',
    graderDetails: null, inputTokens: 10, outputTokens: 20, costUsd, spentUsd: costUsd, latencyMs: Number(caseId) * 10, cached: false, error: null,
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

describe('summarize with errors and repeats', () => {
  const target = targets[0]!;
  const make = (caseId: string, repeat: number, pass: boolean, error = false): CaseResult => ({
    ...result(target.ref, caseId, pass && !error, 0.001),
    repeat,
    ...(error ? { error: { kind: 'connection' as const, cause: 'connection refused to 127.0.0.1:11434', message: 'ollama: request failed: connect ECONNREFUSED 127.0.0.1:11434' }, costUsd: null, spentUsd: 0 } : {}),
  });

  it('leaves errors out of the pass rate and groups them by cause with a hint', () => {
    const results = [make('1', 0, true), make('2', 0, false), make('3', 0, false, true), make('4', 0, false, true)];
    const [model] = summarize([{ ...target, ref: 'ollama/qwen2.5:7b' }], results.map((entry) => ({ ...entry, modelRef: 'ollama/qwen2.5:7b' }))).models;
    expect(model).toMatchObject({ attempts: 4, errors: 2, passes: 1, passRate: 0.5, cases: 4 });
    expect(model!.errorCauses).toEqual([
      { kind: 'connection', cause: 'connection refused to 127.0.0.1:11434', count: 2, firstMessage: 'ollama: request failed: connect ECONNREFUSED 127.0.0.1:11434', hint: "is Ollama running? set OLLAMA_BASE_URL or the provider's baseURL in the suite" },
    ]);
  });

  it('leaves unmeasured latencies (replayed answers) out of the percentiles, and gives none when none was measured', () => {
    const timed = [make('1', 0, true), make('2', 0, true), make('3', 0, true)].map((entry, index) => ({ ...entry, latencyMs: [100, 300, null][index]! }));
    expect(summarize([target], timed).models[0]).toMatchObject({ latencyP50Ms: 200, attempts: 3, passes: 3 });
    const replayed = timed.map((entry) => ({ ...entry, latencyMs: null }));
    expect(summarize([target], replayed).models[0]).toMatchObject({ latencyP50Ms: null, latencyP95Ms: null, passes: 3 });
  });

  it('gives no pass rate, interval or latency (never 0) when nothing was answered', () => {
    const [model] = summarize([target], [make('1', 0, false, true)]).models;
    expect(model).toMatchObject({ passRate: null, passRateInterval: { low: null, high: null }, meanScore: null, latencyP50Ms: null, costUsd: null });
  });

  it('reports pass^k, pass@k and the cases that flip between repeats', () => {
    const results = [
      ...[0, 1, 2].map((repeat) => make('all', repeat, true)),
      ...[0, 1, 2].map((repeat) => make('flip', repeat, repeat !== 1)),
      ...[0, 1, 2].map((repeat) => make('none', repeat, false)),
      // a case with an errored repeat is not counted: its k answers are not all there
      make('partial', 0, true), make('partial', 1, false, true), make('partial', 2, false),
    ];
    const [model] = summarize([target], results, { repeats: 3 }).models;
    expect(model!.consistency).toEqual({ repeats: 3, cases: 3, passAll: 1 / 3, passAny: 2 / 3, flipping: 1, flippingCases: ['flip'] });
  });

  it('compares on the cases both answered, says how many were left out, and withholds the verdict when asked', () => {
    const closed = targets[1]!;
    const results: CaseResult[] = [];
    for (let i = 1; i <= 10; i++) {
      results.push(result(target.ref, String(i), true, 0.001));
      results.push({ ...result(closed.ref, String(i), true, 0.01), ...(i <= 3 ? { pass: false, error: { kind: 'server' as const, cause: 'HTTP 503', message: 'HTTP 503' } } : {}) });
    }
    const [comparison] = summarize(targets, results).comparisons;
    expect(comparison).toMatchObject({ pairedCases: 7, unpairedCases: 3 });
    expect(comparison!.nonInferiority.verdict).toBe('not-enough-cases');
    const [withheld] = summarize(targets, results, { withhold: 'the run is incomplete' }).comparisons;
    expect(withheld!.nonInferiority).toMatchObject({ verdict: 'no-verdict', statement: 'the run is incomplete' });
  });
});
