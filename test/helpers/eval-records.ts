/** Eval records for store and dashboard tests: a valid case result and run summary in the eval's own shapes. */
import type { CaseResult } from '../../src/eval/records/case-result.js';
import type { RunSummary } from '../../src/eval/records/run-summary.js';

export function caseResult(overrides: Partial<CaseResult> & Pick<CaseResult, 'runId' | 'caseId'>): CaseResult {
  return {
    modelRef: 'openai/gpt-4o',
    repeat: 0,
    output: 'forty-two',
    toolCalls: [],
    pass: true,
    score: 1,
    reason: 'matched',
    graderDetails: { grader: 'equals' },
    inputTokens: 12,
    outputTokens: 3,
    costUsd: 0.0004,
    spentUsd: 0.0004,
    latencyMs: 250,
    cached: false,
    error: null,
    ...overrides,
  };
}

/** An error of a call, as the runner records it. */
export const SERVER_ERROR = { kind: 'server', cause: 'HTTP 503', message: 'openai: HTTP 503: overloaded' } as const;

/** A finished run's summary with no model (enough for the store, which validates its shape). */
export function emptyRunSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    outcome: { status: 'completed', done: 0, total: 0, skipped: 0, errors: 0, failures: 0, maxErrorShare: 0.05 },
    spend: { runUsd: 0, invocationUsd: 0, capUsd: null },
    summary: { models: [], comparisons: [] },
    thresholds: { passed: true, failures: [] },
    ...overrides,
  };
}
