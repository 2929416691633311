/** The memo reads a run through the eval's own summary schema, and only a run that finished. */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../errors.js';
import type { RunSummary } from '../../eval/index.js';
import { evalEvidenceFromJson, evalEvidenceFromRun } from './evidence.js';

const model = { ref: 'ollama/qwen2.5:7b', label: 'qwen', openWeights: true, cases: 2, attempts: 2, passes: 1, passRate: 0.5, passRateInterval: { low: 0.09, high: 0.91 }, meanScore: 0.5 };

function summary(status: RunSummary['outcome']['status']): unknown {
  return {
    outcome: { status, done: 2, total: 2, skipped: 0, errors: 0, failures: 1, maxErrorShare: 0.05 },
    spend: null,
    summary: { models: [model], comparisons: [] },
    thresholds: { passed: true, failures: [] },
  };
}

const run = (status: RunSummary['outcome']['status']) => ({ id: 'r', suiteName: 's', status, summary: summary(status), config: {}, createdAt: '2026-01-01T00:00:00.000Z' });

describe('eval evidence', () => {
  it('reads a completed run, the fields the eval added since filled by its schema', () => {
    const evidence = evalEvidenceFromRun(run('completed'), '/tmp/p.db');
    expect(evidence.summary.models[0]).toMatchObject({ label: 'qwen', errors: 0, errorCauses: [], consistency: null });
  });

  it('refuses an incomplete or budget-stopped run: it has no verdict to decide on', () => {
    expect(() => evalEvidenceFromRun(run('incomplete'), '/tmp/p.db')).toThrow(DataError);
    expect(() => evalEvidenceFromRun(run('incomplete'), '/tmp/p.db')).toThrow(/the run is incomplete, so it has no verdict to decide on; finish it with `parity eval … --resume r`/);
    expect(() => evalEvidenceFromJson({ ...(summary('stopped-budget') as object), runId: 'r', name: 's' }, { path: 'eval.json', sha256: 'x' })).toThrow(/stopped-budget/);
  });
});
